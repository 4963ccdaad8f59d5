import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * A message only its recipient can read: a fresh AES-256-GCM key encrypts the payload and is itself
 * encrypted with RSA-OAEP (SHA-256) to the recipient's certificate key. The hub relays these unread.
 * Authenticity comes from the signed envelope around it, not from this box.
 */
export interface SealedMessage {
  /** Fingerprint of the recipient certificate the key was wrapped for, so a renewed node can tell. */
  recipientFingerprint: string;
  wrappedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** Parsing a PEM key costs more than one RSA operation with it: parsed keys are kept (up to PARSED_KEY_LIMIT). */
const PARSED_KEY_LIMIT = 2048;
const parsedKeys = new Map<string, KeyObject>();
function parsedKey(pem: string, kind: 'private' | 'public'): KeyObject {
  const cacheKey = `${kind}\u0000${pem}`;
  let key = parsedKeys.get(cacheKey);
  if (!key) {
    // Bounded, oldest first out: one party holds its own key and up to every LA's certificate (150 and
    // more), so a small cache cleared when full would parse keys again on most messages.
    if (parsedKeys.size >= PARSED_KEY_LIMIT) parsedKeys.delete(parsedKeys.keys().next().value as string);
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    parsedKeys.set(cacheKey, key);
  }
  return key;
}

export function seal(
  plaintext: Buffer,
  recipientPublicKeyPem: string,
  recipientFingerprint: string,
): SealedMessage {
  const contentKey = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', contentKey, iv);
  cipher.setAAD(Buffer.from(recipientFingerprint));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const wrappedKey = publicEncrypt(
    {
      key: parsedKey(recipientPublicKeyPem, 'public'),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    contentKey,
  );
  return {
    recipientFingerprint,
    wrappedKey: wrappedKey.toString('base64'),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a sealed message; throws when it was not sealed for this key or was altered. */
export function open(sealed: SealedMessage, recipientPrivateKeyPem: string): Buffer {
  const contentKey = privateDecrypt(
    {
      key: parsedKey(recipientPrivateKeyPem, 'private'),
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    Buffer.from(sealed.wrappedKey, 'base64'),
  );
  const decipher = createDecipheriv('aes-256-gcm', contentKey, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.recipientFingerprint));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
}

/**
 * A message sealed under a symmetric key both sides already hold (a search's reply key, carried inside the
 * sealed query): the same box with no wrapped key, so opening it costs no RSA operation. AES-256-GCM with
 * the recipient's certificate fingerprint as associated data, as seal().
 */
export function sealWithKey(plaintext: Buffer, key: Buffer, recipientFingerprint: string): SealedMessage {
  if (key.length !== 32) throw new RangeError('A reply key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(recipientFingerprint));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    recipientFingerprint,
    wrappedKey: '',
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Opens a box sealWithKey made; throws when the key is another or the box was altered. */
export function openWithKey(sealed: SealedMessage, key: Buffer): Buffer {
  if (sealed.wrappedKey !== '') throw new Error('Sealed for a certificate key, not a reply key');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.recipientFingerprint));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
}
