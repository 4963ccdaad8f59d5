import forge from 'node-forge';
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { keyAlgorithmOf, type KeyAlgorithm } from './keys';

/**
 * The DER building blocks node-forge lacks for EC keys (forge's X.509 code reads and writes RSA keys only).
 * forge still lays out the certificate (names, validity, extensions); here its subject key is replaced by the
 * real SubjectPublicKeyInfo and the signature is made by node:crypto. No primitive is written here: only
 * ASN.1 structure (RFC 5280, RFC 2986, RFC 5758) around node:crypto's sign and verify.
 */
const asn1 = forge.asn1;
const OID = {
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

/** The signature algorithm a key signs X.509 structures with here: PKCS#1 v1.5 or ECDSA, SHA-256 both. */
function signatureAlgorithm(algorithm: KeyAlgorithm): forge.asn1.Asn1 {
  const oid = algorithm === 'rsa' ? OID.sha256WithRSAEncryption : OID.ecdsaWithSha256;
  const parts = [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes())];
  // RFC 4055: RSA's parameters are NULL; RFC 5758: ECDSA's are absent.
  if (algorithm === 'rsa') parts.push(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''));
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, parts);
}

function fromDer(der: Buffer): forge.asn1.Asn1 {
  // BIT STRINGs stay as bytes: forge would otherwise try to read an EC point as ASN.1.
  const options = { decodeBitStrings: false } as unknown as boolean; // forge 1.x takes options; its types lag
  return asn1.fromDer(forge.util.createBuffer(der.toString('binary')), options);
}

function toDer(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

/** SEQUENCE { toBeSigned, algorithm, BIT STRING signature }: a signed certificate or request, DER. */
function signed(toBeSigned: forge.asn1.Asn1, signerKey: KeyObject): Buffer {
  const algorithm = keyAlgorithmOf(signerKey);
  const signature = sign('sha256', toDer(toBeSigned), signerKey); // ECDSA: DER (r, s), as X.509 wants
  return toDer(
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      toBeSigned,
      signatureAlgorithm(algorithm),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\u0000${signature.toString('binary')}`),
    ]),
  );
}

/** The SubjectPublicKeyInfo of a key, DER. */
export function spkiDer(publicKeyPem: string): Buffer {
  return createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function subjectKeyIdentifier(spki: Buffer): Buffer {
  const bits = fromDer(spki).value[1] as forge.asn1.Asn1;
  const content = Buffer.from(bits.value as string, 'binary').subarray(1); // drop the unused-bits byte
  return createHash('sha1').update(content).digest();
}

/**
 * Signs a forge-built certificate whose subject key is `subjectSpki` (any key type) with the CA's key.
 * `cert.publicKey` must hold some RSA key (a placeholder: it is replaced) so forge can lay out the TBS.
 */
export function signCertificateWithSpki(
  cert: forge.pki.Certificate,
  subjectSpki: Buffer,
  caPrivateKeyPem: string,
): string {
  const caKey = createPrivateKey(caPrivateKeyPem);
  const oid = keyAlgorithmOf(caKey) === 'rsa' ? OID.sha256WithRSAEncryption : OID.ecdsaWithSha256;
  if (oid !== OID.sha256WithRSAEncryption) throw new Error('The federation CA key must be RSA');
  cert.siginfo.algorithmOid = oid;
  cert.signatureOid = oid;
  const skiExtension = cert.extensions.find(
    (extension: { name?: string }) => extension.name === 'subjectKeyIdentifier',
  ) as { value?: unknown; subjectKeyIdentifier?: string } | undefined;
  if (skiExtension) {
    const ski = subjectKeyIdentifier(subjectSpki);
    skiExtension.subjectKeyIdentifier = ski.toString('hex');
    skiExtension.value = asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.OCTETSTRING,
      false,
      ski.toString('binary'),
    );
  }
  // getTBSCertificate is public in forge's JavaScript, missing from its types.
  const pki = forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 };
  const tbs = pki.getTBSCertificate(cert);
  // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
  (tbs.value as forge.asn1.Asn1[])[6] = fromDer(subjectSpki);
  return forge.pem.encode({ type: 'CERTIFICATE', body: signed(tbs, caKey).toString('binary') });
}

/** A PKCS#10 request (RFC 2986) for any key node:crypto signs with, SHA-256, no attributes. */
export function createRequestDer(
  subject: { shortName: string; value: string }[],
  privateKeyPem: string,
): Buffer {
  const key = createPrivateKey(privateKeyPem);
  const named = forge.pki.createCertificationRequest();
  named.setSubject(subject);
  const info = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(0).getBytes()),
    forge.pki.distinguishedNameToAsn1(named.subject),
    fromDer(createPublicKey(key).export({ type: 'spki', format: 'der' })),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, []),
  ]);
  return signed(info, key);
}

/** A request's parts for checking: the signed bytes, the algorithm named, the signature and the key. */
export interface RequestParts {
  info: Buffer;
  signatureOid: string;
  signature: Buffer;
  publicKey: KeyObject;
}

/** Splits a DER PKCS#10 request; throws on anything that is not one. */
export function requestParts(der: Buffer): RequestParts {
  const request = fromDer(der);
  const [info, algorithm, signature] = request.value as forge.asn1.Asn1[];
  const infoParts = info.value as forge.asn1.Asn1[];
  const oidNode = (algorithm.value as forge.asn1.Asn1[])[0];
  return {
    info: toDer(info),
    signatureOid: asn1.derToOid(forge.util.createBuffer(oidNode.value as string)),
    signature: Buffer.from(signature.value as string, 'binary').subarray(1),
    publicKey: createPublicKey({ key: toDer(infoParts[2]), format: 'der', type: 'spki' }),
  };
}

/** Whether a request's self-signature holds with the algorithm its own key type allows (never another). */
export function requestSignatureHolds(parts: RequestParts): boolean {
  const algorithm = keyAlgorithmOf(parts.publicKey);
  const expected = algorithm === 'rsa' ? OID.sha256WithRSAEncryption : OID.ecdsaWithSha256;
  if (parts.signatureOid !== expected) return false;
  try {
    return verify('sha256', parts.info, parts.publicKey, parts.signature);
  } catch {
    return false;
  }
}
