import {
  certificateFingerprint,
  createCertificateRequest,
  generatePartyKeyPair,
  type PartyKeyKind,
  verifyCertificate,
} from '@cp/pki';
import type { EnrolmentResponse } from '@cp/contract';
import { checkCredentials, FederationCertificateStore } from './certificate-store';
import { hubHttps } from './hub-https';

export class EnrolmentFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnrolmentFailedError';
  }
}

export interface EnrolInput {
  hubUrl: string;
  token: string;
  /** SHA-256 of the CA certificate, hex (colons allowed), given by the hub operator out of band. */
  caFingerprint: string;
  laCode: string;
  store: FederationCertificateStore;
  /** This LA's name (NODE_LA_NAME), kept by the hub when its operator named none. */
  laName?: string;
  /** The kind of key made here (FEDERATION_KEY_KIND); EC P-256 when not given. */
  keyKind?: PartyKeyKind;
}

function normaliseFingerprint(value: string): string {
  return value.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/**
 * Enrols this node: makes the key pair here (it never leaves), fetches the CA certificate and checks it
 * against the pinned fingerprint, sends the CSR with the token over TLS verified against that CA, checks
 * the returned certificate is ours, then installs it.
 */
export async function enrolNode(
  input: EnrolInput,
): Promise<{ serial: string; notAfter: Date; fingerprint: string }> {
  const base = input.hubUrl.replace(/\/+$/, '');
  const pin = normaliseFingerprint(input.caFingerprint);
  if (pin.length !== 64) throw new EnrolmentFailedError('The CA fingerprint must be 64 hex digits (SHA-256)');

  const caResponse = await hubHttps(`${base}/api/v1/federation/ca-certificate`, { method: 'GET' });
  if (caResponse.status !== 200)
    throw new EnrolmentFailedError(`The hub gave no CA certificate (${caResponse.status})`);
  const caCertificatePem = caResponse.body;
  if (certificateFingerprint(caCertificatePem) !== pin)
    throw new EnrolmentFailedError('The hub offered a CA whose fingerprint is not the one given: refusing');

  const keys = await generatePartyKeyPair(input.keyKind ?? 'ec-p256');
  input.store.writePendingKey(keys.privateKeyPem);
  const csrPem = createCertificateRequest({ laCode: input.laCode, privateKeyPem: keys.privateKeyPem });
  const response = await hubHttps(`${base}/api/v1/enrolments`, {
    method: 'POST',
    body: { token: input.token, csrPem, ...(input.laName ? { laName: input.laName } : {}) },
    ca: caCertificatePem,
  });
  if (response.status !== 201) {
    const reason = (JSON.parse(response.body || '{}') as { message?: string }).message ?? 'no reason given';
    throw new EnrolmentFailedError(`The hub refused the enrolment (${response.status}): ${reason}`);
  }
  const enrolment = JSON.parse(response.body) as EnrolmentResponse;
  if (certificateFingerprint(enrolment.caCertificatePem) !== pin)
    throw new EnrolmentFailedError('The hub answered with another CA than the pinned one');
  const certificate = checkCredentials({
    laCode: input.laCode,
    privateKeyPem: keys.privateKeyPem,
    certificatePem: enrolment.certificatePem,
    caCertificatePem,
  });
  const hubCheck = verifyCertificate(enrolment.hubCertificatePem, { caCertificatePem, expect: 'hub' });
  if (!hubCheck.ok) throw new EnrolmentFailedError(`The hub certificate is unusable (${hubCheck.reason})`);
  input.store.install({
    certificatePem: enrolment.certificatePem,
    caCertificatePem,
    hubCertificatePem: enrolment.hubCertificatePem,
  });
  return { serial: certificate.serial, notAfter: certificate.notAfter, fingerprint: certificate.fingerprint };
}
