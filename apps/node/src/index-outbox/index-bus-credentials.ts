import { certificateFingerprint, type SigningIdentity } from '@cp/pki';

/** What the node's index adapters need from its federation credentials. */
export interface IndexBusCredentials {
  laCode: string;
  certificatePem: string;
  privateKeyPem: string;
  /** The hub certificate received at enrolment: resync requests must be signed with its key. */
  hubCertificatePem: string;
}

export function signingIdentityOf(credentials: IndexBusCredentials): SigningIdentity {
  return {
    sender: credentials.laCode,
    certFingerprint: certificateFingerprint(credentials.certificatePem),
    privateKeyPem: credentials.privateKeyPem,
  };
}
