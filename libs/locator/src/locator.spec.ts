import fc from 'fast-check';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { locatorTokens, open, seal, type LocatorKeyMaterial } from './index';

const key = randomBytes(32);
const material: LocatorKeyMaterial = {
  nameCodes: ['SM0', 'XMT', 'JN'],
  datesOfBirth: ['2015-03-04', '2015-04-03'],
  nhsNumbers: ['9434765919'],
  upns: [],
};

describe('locator tokens', () => {
  it('combines each name code with the birth year, and identifiers alone', () => {
    const tokens = locatorTokens(material, key);
    expect(tokens.filter((t) => t.kind === 'name-year')).toHaveLength(3); // one year shared by both dates
    expect(tokens.filter((t) => t.kind === 'nhs')).toHaveLength(1);
  });

  it('depends on the key: another key gives other tokens', () => {
    const a = locatorTokens(material, key).map((t) => t.value);
    const b = locatorTokens(material, randomBytes(32)).map((t) => t.value);
    expect(a.some((value) => b.includes(value))).toBe(false);
  });

  it('never contains the material it was made from', () => {
    const text = JSON.stringify(locatorTokens(material, key));
    for (const plain of ['SM0', '2015', '9434765919']) expect(text).not.toContain(plain);
  });

  it('refuses a short key', () => {
    expect(() => locatorTokens(material, randomBytes(16))).toThrow(/32 bytes/);
  });

  it('property: equal material gives equal tokens; values are 64-bit integers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 5 }),
        fc.integer({ min: 2000, max: 2026 }),
        (codes, year) => {
          const m = { nameCodes: codes, datesOfBirth: [`${year}-01-02`], nhsNumbers: [], upns: [] };
          const first = locatorTokens(m, key);
          expect(locatorTokens(m, key)).toEqual(first);
          for (const t of first) expect(BigInt(t.value)).toBeGreaterThanOrEqual(-(2n ** 63n));
        },
      ),
    );
  });
});

describe('sealed messages', () => {
  const recipient = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = recipient.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('opens for the recipient only', () => {
    const sealed = seal(Buffer.from('{"q":1}'), publicPem, 'fp1');
    expect(open(sealed, privatePem).toString()).toBe('{"q":1}');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => open(sealed, other.toString())).toThrow();
  });

  it('refuses a changed ciphertext or recipient fingerprint', () => {
    const sealed = seal(Buffer.from('secret payload'), publicPem, 'fp1');
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => open({ ...sealed, ciphertext: flipped.toString('base64') }, privatePem)).toThrow();
    expect(() => open({ ...sealed, recipientFingerprint: 'fp2' }, privatePem)).toThrow();
  });
});
