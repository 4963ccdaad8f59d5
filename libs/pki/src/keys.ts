import { createPrivateKey, createPublicKey, generateKeyPair as generateKeyPairCallback } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPairCallback);

/** A PEM key pair: PKCS#8 private key (unencrypted, in memory only) and SPKI public key. */
export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Key sizes we accept: 3072 for the CA, 2048 or 3072 for hub and nodes. */
export type RsaKeyBits = 2048 | 3072 | 4096;

/** Generates an RSA key pair with node:crypto (never in JavaScript). */
export async function generateRsaKeyPair(bits: RsaKeyBits = 2048): Promise<KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Encrypts a private key as PKCS#8 under a passphrase (AES-256-CBC, scrypt/PBKDF2 as OpenSSL chooses). */
export function encryptPrivateKey(privateKeyPem: string, passphrase: string): string {
  if (passphrase.length < 12) throw new Error('The key passphrase must be at least 12 characters');
  return createPrivateKey(privateKeyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}

/** Decrypts an encrypted PKCS#8 key; throws when the passphrase is wrong. */
export function decryptPrivateKey(encryptedPem: string, passphrase: string): string {
  return createPrivateKey({ key: encryptedPem, format: 'pem', passphrase })
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

/** The SPKI public key PEM of a private key. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
}
