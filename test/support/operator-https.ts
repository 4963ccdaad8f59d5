import { request } from 'node:https';
import type { INestApplicationContext } from '@nestjs/common';
import { OperatorCertificatesService } from '../../apps/hub/src/trust/operators/operator-certificates.service';

export const OPERATOR_P12_PASSPHRASE = 'operator test passphrase';

/** A client identity for the hub's HTTPS: a PKCS#12 bundle, or a PEM certificate and key. */
export type ClientIdentity =
  { pfx: Buffer; passphrase: string } | { cert: string; key: string } | Record<string, never>;

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

/** Issues an operator certificate through the hub's own service (as `operator:certificate` does). */
export async function issueOperator(hub: { app: INestApplicationContext }, name: string) {
  const bundle = await hub.app.get(OperatorCertificatesService).issue(name, OPERATOR_P12_PASSPHRASE);
  return { ...bundle, identity: { pfx: bundle.pkcs12, passphrase: OPERATOR_P12_PASSPHRASE } };
}

/**
 * One HTTPS request to the hub over a fresh connection (no agent, so no TLS session is reused between
 * identities), trusting only the federation CA, presenting the client identity given (or none).
 */
export function hubRequest(
  url: string,
  options: { caCertificatePem: string; identity?: ClientIdentity; method?: string; body?: string },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: options.caCertificatePem,
        agent: false,
        ...(options.identity ?? {}),
        headers: options.body ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
