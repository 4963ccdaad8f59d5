import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import {
  open,
  openWithKey,
  seal,
  sealSchemeOf,
  sealWithKey,
  SealedOpenError,
  type SealContext,
  type SealedMessage,
} from './sealed-message';

/** Both kinds of recipient key meet during the migration: RSA-2048 (RSA-OAEP) and EC P-256 (ECDH + HKDF). */
function pair(kind: 'rsa' | 'ec'): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const rsa = pair('rsa');
const ec = pair('ec');
const keysOf = { rsa, ec } as const;
const KINDS = ['rsa', 'ec'] as const;
const context: SealContext = { sender: 'E09000033', recipient: 'E09000001', type: 'search.query' };

function failure(action: () => unknown): string {
  try {
    action();
    return 'opened';
  } catch (error) {
    return error instanceof SealedOpenError ? error.reason : `crashed: ${String(error)}`;
  }
}

function flip(value: string, at = 0): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[at] ^= 1;
  return bytes.toString('base64');
}

describe.each(KINDS)('sealing to a %s recipient', (kind) => {
  const { publicPem, privatePem } = keysOf[kind];
  const other = pair(kind);

  it('opens for the recipient only, and the form tells the scheme', () => {
    const sealed = seal(Buffer.from('{"q":1}'), publicPem, 'fp1');
    expect(sealSchemeOf(sealed)).toBe(kind === 'rsa' ? 'rsa-oaep-sha256' : 'ecdh-p256-hkdf-sha256');
    expect(Object.keys(sealed).sort()).toEqual([
      'ciphertext',
      'iv',
      'recipientFingerprint',
      'tag',
      'wrappedKey',
    ]);
    expect(open(sealed, privatePem).toString()).toBe('{"q":1}');
    expect(failure(() => open(sealed, other.privatePem))).toBe('not-openable');
  });

  it('refuses every altered part with a typed reason', () => {
    const sealed = seal(Buffer.from('secret payload'), publicPem, 'fp1');
    const altered: SealedMessage[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext) },
      { ...sealed, tag: flip(sealed.tag) },
      { ...sealed, iv: flip(sealed.iv) },
      { ...sealed, recipientFingerprint: 'fp2' },
    ];
    for (const box of altered) expect(failure(() => open(box, privatePem))).toBe('not-openable');
    const wrapped =
      kind === 'rsa' ? flip(sealed.wrappedKey) : `ec-p256:${flip(sealed.wrappedKey.slice(8), 10)}`;
    expect(['not-openable', 'malformed']).toContain(
      failure(() => open({ ...sealed, wrappedKey: wrapped }, privatePem)),
    );
  });

  it('binds the context when one is given', () => {
    const sealed = seal(Buffer.from('q'), publicPem, 'fp1', context);
    expect(open(sealed, privatePem, context).toString()).toBe('q');
    expect(failure(() => open(sealed, privatePem))).toBe('not-openable');
    expect(failure(() => open(sealed, privatePem, { ...context, type: 'handover' }))).toBe('not-openable');
    expect(failure(() => open(sealed, privatePem, { ...context, sender: 'E09000002' }))).toBe('not-openable');
  });

  it('property: whatever the payload, open(seal(x)) is x', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (bytes, fp) => {
          const plaintext = Buffer.from(bytes);
          expect(open(seal(plaintext, publicPem, fp), privatePem).equals(plaintext)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('mixing kinds', () => {
  it('opening with a key of the other kind fails cleanly', () => {
    expect(failure(() => open(seal(Buffer.from('x'), ec.publicPem, 'fp'), rsa.privatePem))).toBe(
      'wrong-key-kind',
    );
    expect(failure(() => open(seal(Buffer.from('x'), rsa.publicPem, 'fp'), ec.privatePem))).toBe(
      'wrong-key-kind',
    );
  });

  it('an EC box whose ephemeral key is not a P-256 point is malformed, not a crash', () => {
    const sealed = seal(Buffer.from('x'), ec.publicPem, 'fp');
    const notAPoint = `ec-p256:${Buffer.alloc(65, 7).toString('base64')}`;
    expect(failure(() => open({ ...sealed, wrappedKey: notAPoint }, ec.privatePem))).toBe('malformed');
    expect(failure(() => open({ ...sealed, wrappedKey: 'ec-p256:' }, ec.privatePem))).toBe('malformed');
  });

  it('keys the federation does not use are refused', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(failure(() => seal(Buffer.from('x'), ed, 'fp'))).toBe('wrong-key-kind');
  });

  it('each EC box has its own ephemeral key', () => {
    const a = seal(Buffer.from('same'), ec.publicPem, 'fp');
    const b = seal(Buffer.from('same'), ec.publicPem, 'fp');
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it('reply-key boxes are unchanged and are not opened as certificate boxes', () => {
    const key = randomBytes(32);
    const box = sealWithKey(Buffer.from('reply'), key, 'fp');
    expect(sealSchemeOf(box)).toBe('reply-key');
    expect(openWithKey(box, key).toString()).toBe('reply');
    expect(failure(() => open(box, ec.privatePem))).toBe('malformed');
    expect(failure(() => openWithKey(seal(Buffer.from('x'), ec.publicPem, 'fp'), key))).toBe('malformed');
    expect(failure(() => openWithKey(box, randomBytes(32)))).toBe('not-openable');
  });
});
