import {
  createCaCertificate,
  encryptPrivateKey,
  generatePartyKeyPair,
  generateRsaKeyPair,
  issueHubCertificate,
  type PartyKeyKind,
  type RsaKeyBits,
} from '@cp/pki';
import { HubPkiFiles } from '../certificates/pki-files';

export interface CreateFederationCaInput {
  dir: string;
  passphrase: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  caKeyBits?: RsaKeyBits;
  /** The hub's own key: EC P-256 unless told otherwise (the CA itself stays RSA). */
  hubKeyKind?: PartyKeyKind;
}

/**
 * Creates the federation CA (its key written only encrypted) and the hub's certificate and key.
 * Refuses to overwrite an existing CA: replacing a CA re-enrols every node.
 */
export async function createFederationCa(
  input: CreateFederationCaInput,
): Promise<{ caCertificatePem: string; hubCertificatePem: string; files: HubPkiFiles }> {
  const files = new HubPkiFiles(input.dir);
  if (files.exists()) throw new Error(`A federation CA already exists in ${input.dir}`);
  const [caKeys, hubKeys] = await Promise.all([
    generateRsaKeyPair(input.caKeyBits ?? 3072),
    generatePartyKeyPair(input.hubKeyKind ?? 'ec-p256'),
  ]);
  const caCertificatePem = createCaCertificate({ privateKeyPem: caKeys.privateKeyPem });
  const ca = { certificatePem: caCertificatePem, privateKeyPem: caKeys.privateKeyPem };
  const hub = issueHubCertificate({
    ca,
    publicKeyPem: hubKeys.publicKeyPem,
    dnsNames: input.dnsNames,
    ipAddresses: input.ipAddresses,
  });
  files.write(files.caEncryptedKey, encryptPrivateKey(caKeys.privateKeyPem, input.passphrase), true);
  files.write(files.caCertificate, caCertificatePem, false);
  files.write(files.hubKey, hubKeys.privateKeyPem, true);
  files.write(files.hubCertificate, hub.certificatePem, false);
  return { caCertificatePem, hubCertificatePem: hub.certificatePem, files };
}
