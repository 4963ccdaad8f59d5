import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HubHttpsResponse {
  status: number;
  body: string;
}

/**
 * HTTPS to the hub, never HTTP. With `ca`, the hub's certificate must chain to the federation CA;
 * without it (only to fetch the CA certificate itself) the caller must check what it got against a pin.
 */
export function hubHttps(
  url: string,
  options: { method: 'GET' | 'POST'; body?: unknown; ca?: string; timeoutMs?: number },
): Promise<HubHttpsResponse> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return Promise.reject(new Error('The hub URL must be https://'));
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method,
        ca: options.ca,
        rejectUnauthorized: options.ca !== undefined,
        timeout: options.timeoutMs ?? 10_000,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('The hub did not answer in time')));
    req.on('error', reject);
    req.on('socket', (socket) => {
      // Keep the unchecked connection honest: it must at least be TLS.
      if (!(socket as TLSSocket).encrypted) req.destroy(new Error('Not a TLS connection'));
    });
    req.end(payload);
  });
}
