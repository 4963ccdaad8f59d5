import {
  constants,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * A message only its recipient can read: a fresh AES-256-GCM key encrypts the payload. The hub relays these
 * unread. Authenticity comes from the signed envelope around it, not from this box. How the content key
 * reaches the recipient follows the recipient certificate's key (see SEAL_SCHEMES):
 * - RSA: the content key is encrypted with RSA-OAEP (SHA-256); `wrappedKey` is that, base64.
 * - EC P-256: ECIES as HPKE's base mode composes it (RFC 9180 ideas, from node:crypto, synchronous): an
 *   ephemeral P-256 key, ECDH with the recipient's key, HKDF-SHA256 (salt: ephemeral || recipient public
 *   points; info: the scheme name) gives the content key; `wrappedKey` is `ec-p256:` and the ephemeral public
 *   point (uncompressed, base64). Nothing is wrapped: the key is derived, so the box has no RSA operation.
 * Either way the associated data is the recipient fingerprint (and the context, when the caller binds one).
 */
export interface SealedMessage {
  /** Fingerprint of the recipient certificate the key was wrapped for, so a renewed node can tell. */
  recipientFingerprint: string;
  wrappedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** The schemes a box can be sealed with: told apart by `wrappedKey` (an EC box's starts with `ec-p256:`). */
export type SealScheme = 'rsa-oaep-sha256' | 'ecdh-p256-hkdf-sha256' | 'reply-key';
const EC_PREFIX = 'ec-p256:';
const EC_INFO = Buffer.from('contactpoint seal v1 ECDH-P256 HKDF-SHA256 AES-256-GCM');

/** Who sends what to whom: bound as associated data when given, so a box cannot be moved to another message. */
export interface SealContext {
  sender: string;
  recipient: string;
  type: string;
}

export type SealFailure = 'malformed' | 'wrong-key-kind' | 'not-openable';

/** Why a box could not be opened: typed, so a receiver answers with a reason instead of crashing. */
export class SealedOpenError extends Error {
  constructor(
    readonly reason: SealFailure,
    detail: string,
  ) {
    super(`Sealed message not opened (${reason}): ${detail}`);
    this.name = 'SealedOpenError';
  }
}

/** The scheme a box was sealed with, read from its form. */
export function sealSchemeOf(sealed: Pick<SealedMessage, 'wrappedKey'>): SealScheme {
  if (sealed.wrappedKey === '') return 'reply-key';
  return sealed.wrappedKey.startsWith(EC_PREFIX) ? 'ecdh-p256-hkdf-sha256' : 'rsa-oaep-sha256';
}

interface ParsedKey {
  key: KeyObject;
  kind: 'rsa' | 'ec-p256';
  /** For EC keys: the uncompressed public point, and (private keys) the private scalar. */
  publicPoint?: Buffer;
  privateScalar?: Buffer;
}

/** Parsing a PEM key costs more than one RSA operation with it: parsed keys are kept (up to PARSED_KEY_LIMIT). */
const PARSED_KEY_LIMIT = 2048;
const parsedKeys = new Map<string, ParsedKey>();
function parsedKey(pem: string, kind: 'private' | 'public'): ParsedKey {
  const cacheKey = `${kind}\u0000${pem}`;
  let parsed = parsedKeys.get(cacheKey);
  if (!parsed) {
    // Bounded, oldest first out: one party holds its own key and up to every LA's certificate (150 and
    // more), so a small cache cleared when full would parse keys again on most messages.
    if (parsedKeys.size >= PARSED_KEY_LIMIT) parsedKeys.delete(parsedKeys.keys().next().value as string);
    parsed = describe(kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem));
    parsedKeys.set(cacheKey, parsed);
  }
  return parsed;
}

function describe(key: KeyObject): ParsedKey {
  if (key.asymmetricKeyType === 'rsa') return { key, kind: 'rsa' };
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new SealedOpenError('wrong-key-kind', 'only RSA and EC P-256 keys seal and open');
  const jwk = key.export({ format: 'jwk' });
  const coordinate = (value: string | undefined): Buffer => Buffer.from(value ?? '', 'base64url');
  return {
    key,
    kind: 'ec-p256',
    publicPoint: Buffer.concat([Buffer.from([4]), coordinate(jwk.x), coordinate(jwk.y)]),
    privateScalar: jwk.d === undefined ? undefined : coordinate(jwk.d),
  };
}

function associatedData(recipientFingerprint: string, context?: SealContext): Buffer {
  if (!context) return Buffer.from(recipientFingerprint);
  return Buffer.from([recipientFingerprint, context.sender, context.recipient, context.type].join('\u0000'));
}

function ecContentKey(sharedSecret: Buffer, ephemeralPoint: Buffer, recipientPoint: Buffer): Buffer {
  const salt = Buffer.concat([ephemeralPoint, recipientPoint]);
  return Buffer.from(hkdfSync('sha256', sharedSecret, salt, EC_INFO, 32));
}

function encrypt(
  plaintext: Buffer,
  key: Buffer,
  aad: Buffer,
): { iv: string; ciphertext: string; tag: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function decrypt(sealed: SealedMessage, key: Buffer, aad: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new SealedOpenError('not-openable', 'altered, or sealed for another key or context');
  }
}

/** Seals `plaintext` for the holder of the key in `recipientPublicKeyPem` (a certificate or SPKI PEM). */
export function seal(
  plaintext: Buffer,
  recipientPublicKeyPem: string,
  recipientFingerprint: string,
  context?: SealContext,
): SealedMessage {
  const recipient = parsedKey(recipientPublicKeyPem, 'public');
  const aad = associatedData(recipientFingerprint, context);
  if (recipient.kind === 'ec-p256' && recipient.publicPoint) {
    const ephemeral = createECDH('prime256v1');
    const ephemeralPoint = ephemeral.generateKeys();
    const key = ecContentKey(
      ephemeral.computeSecret(recipient.publicPoint),
      ephemeralPoint,
      recipient.publicPoint,
    );
    const wrappedKey = EC_PREFIX + ephemeralPoint.toString('base64');
    return { recipientFingerprint, wrappedKey, ...encrypt(plaintext, key, aad) };
  }
  const contentKey = randomBytes(32);
  const box = encrypt(plaintext, contentKey, aad);
  const wrappedKey = publicEncrypt(
    { key: recipient.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    contentKey,
  );
  return { recipientFingerprint, wrappedKey: wrappedKey.toString('base64'), ...box };
}

/**
 * Opens a sealed message; throws SealedOpenError when it was not sealed for this key ('not-openable'), for a
 * key of the other kind ('wrong-key-kind'), or is not a box at all ('malformed').
 */
export function open(sealed: SealedMessage, recipientPrivateKeyPem: string, context?: SealContext): Buffer {
  const scheme = sealSchemeOf(sealed);
  if (scheme === 'reply-key') throw new SealedOpenError('malformed', 'sealed under a reply key');
  const recipient = parsedKey(recipientPrivateKeyPem, 'private');
  const aad = associatedData(sealed.recipientFingerprint, context);
  if (scheme === 'ecdh-p256-hkdf-sha256') {
    if (recipient.kind !== 'ec-p256' || !recipient.privateScalar || !recipient.publicPoint)
      throw new SealedOpenError('wrong-key-kind', 'sealed for an EC P-256 key');
    const ephemeralPoint = Buffer.from(sealed.wrappedKey.slice(EC_PREFIX.length), 'base64');
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(recipient.privateScalar);
    let shared: Buffer;
    try {
      shared = ecdh.computeSecret(ephemeralPoint); // refuses a point that is not on the curve
    } catch {
      throw new SealedOpenError('malformed', 'the ephemeral key is not a P-256 point');
    }
    return decrypt(sealed, ecContentKey(shared, ephemeralPoint, recipient.publicPoint), aad);
  }
  if (recipient.kind !== 'rsa') throw new SealedOpenError('wrong-key-kind', 'sealed for an RSA key');
  let contentKey: Buffer;
  try {
    contentKey = privateDecrypt(
      { key: recipient.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(sealed.wrappedKey, 'base64'),
    );
  } catch {
    throw new SealedOpenError('not-openable', 'the content key was not wrapped for this key');
  }
  return decrypt(sealed, contentKey, aad);
}

/**
 * A message sealed under a symmetric key both sides already hold (a search's reply key, carried inside the
 * sealed query): the same box with no wrapped key, so opening it costs no public-key operation. AES-256-GCM
 * with the recipient's certificate fingerprint as associated data, as seal().
 */
export function sealWithKey(plaintext: Buffer, key: Buffer, recipientFingerprint: string): SealedMessage {
  if (key.length !== 32) throw new RangeError('A reply key must be 32 bytes');
  return {
    recipientFingerprint,
    wrappedKey: '',
    ...encrypt(plaintext, key, Buffer.from(recipientFingerprint)),
  };
}

/** Opens a box sealWithKey made; throws when the key is another or the box was altered. */
export function openWithKey(sealed: SealedMessage, key: Buffer): Buffer {
  if (sealed.wrappedKey !== '')
    throw new SealedOpenError('malformed', 'sealed for a certificate key, not a reply key');
  return decrypt(sealed, key, Buffer.from(sealed.recipientFingerprint));
}
