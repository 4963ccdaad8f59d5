import {
  createCaCertificate,
  createCertificateRequest,
  DEFAULT_FRESHNESS_MS,
  generateRsaKeyPair,
  issueLaCertificate,
  ReplayCache,
  verifyCertificate,
  type CaMaterial,
} from '@cp/pki';
import type { FederationCredentials } from './certificate-store';
import { randomBytes } from 'node:crypto';
import {
  RelayedMessageError,
  replyKeyOf,
  sealAndSign,
  signingIdentity,
  verifyAndOpen,
} from './sealed-envelopes';

jest.setTimeout(60_000);

const LA_A = 'E09000033';
const LA_B = 'E08000003';
const LA_C = 'E06000001';

async function makeCa(): Promise<CaMaterial> {
  const keys = await generateRsaKeyPair(2048);
  return {
    certificatePem: createCaCertificate({ privateKeyPem: keys.privateKeyPem }),
    privateKeyPem: keys.privateKeyPem,
  };
}

async function credentialsFor(
  ca: CaMaterial,
  laCode: string,
  trustedCa = ca,
): Promise<FederationCredentials> {
  const keys = await generateRsaKeyPair(2048);
  const csrPem = createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
  const { certificatePem } = issueLaCertificate({ ca, csrPem, laCode });
  const check = verifyCertificate(certificatePem, { caCertificatePem: ca.certificatePem, expect: 'la' });
  if (!check.ok) throw new Error(check.reason);
  return {
    laCode,
    privateKeyPem: keys.privateKeyPem,
    certificatePem,
    caCertificatePem: trustedCa.certificatePem,
    hubCertificatePem: '',
    certificate: check.certificate,
  };
}

let a: FederationCredentials;
let b: FederationCredentials;
let c: FederationCredentials;
let outsider: FederationCredentials;

beforeAll(async () => {
  const ca = await makeCa();
  [a, b, c] = await Promise.all([
    credentialsFor(ca, LA_A),
    credentialsFor(ca, LA_B),
    credentialsFor(ca, LA_C),
  ]);
  // Same LA code as A, issued by another CA (a hub that minted its own, say), but checked against ours.
  outsider = await credentialsFor(await makeCa(), LA_A, ca);
});

const query = { v: 1, fromLa: LA_A, toLa: LA_B, criteria: { familyName: 'Smith' } };

function fromAtoB(from = a, to = b) {
  const envelope = sealAndSign(
    query,
    { laCode: to.laCode, certificatePem: to.certificatePem, fingerprint: to.certificate.fingerprint },
    signingIdentity(from),
    'search-query',
  );
  return { senderCertificatePem: from.certificatePem, envelope };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RelayedMessageError) return error.reason;
    throw error;
  }
  return 'accepted';
}

const open = (relayed: unknown, me = b, cache = new ReplayCache(DEFAULT_FRESHNESS_MS)) =>
  verifyAndOpen({ relayed: relayed as never, type: 'search-query', me, replayCache: cache });

describe('sealed and signed messages between nodes', () => {
  it('the recipient opens what the sender sealed, and learns the sender from its certificate', async () => {
    const opened = await open(fromAtoB());
    expect(opened.sender).toBe(LA_A);
    expect(JSON.parse(opened.plaintext.toString())).toEqual(query);
  });

  it('the relayed envelope does not contain the plaintext', () => {
    expect(JSON.stringify(fromAtoB())).not.toContain('Smith');
  });

  it('refuses a message for another node, sealed for another key, or of another type', async () => {
    expect(await refusal(open(fromAtoB(), c))).toBe('wrong-recipient');
    const forC = fromAtoB(a, c);
    expect(await refusal(open({ ...forC, envelope: { ...forC.envelope, recipient: LA_B } }))).toBe(
      'bad-signature',
    );
    expect(
      await refusal(
        verifyAndOpen({
          relayed: fromAtoB(),
          type: 'search-answer',
          me: b,
          replayCache: new ReplayCache(60_000),
        }),
      ),
    ).toBe('wrong-type');
  });

  it('refuses a certificate from another CA, or one that names another LA than the sender claims', async () => {
    const forged = sealAndSign(
      query,
      { laCode: LA_B, certificatePem: b.certificatePem, fingerprint: b.certificate.fingerprint },
      signingIdentity(outsider),
      'search-query',
    );
    expect(await refusal(open({ senderCertificatePem: outsider.certificatePem, envelope: forged }))).toBe(
      'certificate-wrong-issuer',
    );
    // C's real certificate attached to an envelope claiming to be from A.
    expect(await refusal(open({ ...fromAtoB(), senderCertificatePem: c.certificatePem }))).toBe(
      'certificate-identity-mismatch',
    );
  });

  it('refuses a changed sealed body and a replay', async () => {
    const relayed = fromAtoB();
    const body = { ...relayed.envelope.body, ciphertext: Buffer.from('changed').toString('base64') };
    expect(await refusal(open({ ...relayed, envelope: { ...relayed.envelope, body } }))).toBe(
      'bad-signature',
    );
    const cache = new ReplayCache(DEFAULT_FRESHNESS_MS);
    await open(relayed, b, cache);
    expect(await refusal(open(relayed, b, cache))).toBe('replayed');
  });

  it('refuses malformed input without throwing anything else', async () => {
    expect(await refusal(open({}))).toBe('malformed');
    expect(await refusal(open({ senderCertificatePem: 'x', envelope: { sender: LA_A } }))).toBe(
      'certificate-malformed',
    );
  });
});

describe('answers sealed under the reply key a query carried', () => {
  const answer = { v: 1, fromLa: LA_B, toLa: LA_A, results: [] };

  function answerFromB(replyKey: Buffer) {
    const envelope = sealAndSign(
      answer,
      { laCode: LA_A, certificatePem: a.certificatePem, fingerprint: a.certificate.fingerprint },
      signingIdentity(b),
      'search-answer',
      replyKey,
    );
    return { senderCertificatePem: b.certificatePem, envelope };
  }

  it('open with that key, signed by the answering LA, and with no other key', async () => {
    const replyKey = randomBytes(32);
    const relayed = answerFromB(replyKey);
    expect(relayed.envelope.body.wrappedKey).toBe('');
    const opened = await verifyAndOpen({
      relayed,
      expectedSender: LA_B,
      type: 'search-answer',
      me: a,
      replayCache: new ReplayCache(DEFAULT_FRESHNESS_MS),
      replyKey,
    });
    expect(opened.sender).toBe(LA_B);
    expect(JSON.parse(opened.plaintext.toString('utf8'))).toEqual(answer);
    for (const key of [randomBytes(32), undefined]) {
      const other = answerFromB(replyKey);
      expect(
        await refusal(
          verifyAndOpen({
            relayed: other,
            expectedSender: LA_B,
            type: 'search-answer',
            me: a,
            replayCache: new ReplayCache(DEFAULT_FRESHNESS_MS),
            ...(key ? { replyKey: key } : {}),
          }),
        ),
      ).toBe('unreadable');
    }
  });

  it('takes a reply key from a query only when it is 32 bytes of base64', () => {
    const key = randomBytes(32);
    expect(replyKeyOf({ replyKey: key.toString('base64') })).toEqual(key);
    expect(replyKeyOf({})).toBeUndefined();
    expect(replyKeyOf({ replyKey: randomBytes(16).toString('base64') })).toBeUndefined();
    expect(replyKeyOf({ replyKey: 42 })).toBeUndefined();
  });
});
