import fc from 'fast-check';
import {
  certificateFingerprint,
  createCaCertificate,
  createCertificateRequest,
  generatePartyKeyPair,
  generateRsaKeyPair,
  issueLaCertificate,
  type PartyKeyKind,
  signEnvelope,
  type SignedEnvelope,
} from '@cp/pki';
import { messageLogInsert, receivedMessage, sentMessage } from './message-log';
import {
  describeVerification,
  storedMessageProblem,
  verifyMessageLog,
  type StoredMessage,
} from './verify-messages';

jest.setTimeout(60_000); // RSA key generation is slow on a shared machine

const LA_A = 'E09000033';
const LA_B = 'E09000001';
let certA: string;
let certB: string;
let sign: (body: string, type?: string, at?: number) => SignedEnvelope;
/** LA B signs with an EC P-256 key: during the key migration one log holds messages of both kinds. */
let signB: (body: string) => SignedEnvelope;

beforeAll(async () => {
  const caKeys = await generateRsaKeyPair(2048);
  const ca = { certificatePem: createCaCertificate({ privateKeyPem: caKeys.privateKeyPem }), ...caKeys };
  const issue = async (laCode: string, kind: PartyKeyKind = 'rsa-2048') => {
    const keys = await generatePartyKeyPair(kind);
    const csrPem = createCertificateRequest({ laCode, privateKeyPem: keys.privateKeyPem });
    return { pem: issueLaCertificate({ ca, laCode, csrPem }).certificatePem, keys };
  };
  const a = await issue(LA_A);
  const b = await issue(LA_B, 'ec-p256');
  certA = a.pem;
  certB = b.pem;
  const identity = {
    sender: LA_A,
    certFingerprint: certificateFingerprint(certA),
    privateKeyPem: a.keys.privateKeyPem,
  };
  sign = (body, type = 'search-route-request', at = Date.now()) =>
    signEnvelope(identity, { recipient: 'hub', type, body: { text: body } }, at);
  const identityB = {
    sender: LA_B,
    certFingerprint: certificateFingerprint(certB),
    privateKeyPem: b.keys.privateKeyPem,
  };
  signB = (body) => signEnvelope(identityB, { recipient: 'hub', type: 'ping', body: { text: body } });
});

function stored(
  envelope: SignedEnvelope | null,
  id = '1',
  certificatePem: string | null = certA,
): StoredMessage {
  return {
    id,
    type: envelope?.type ?? 'ping',
    sender: envelope?.sender ?? LA_A,
    outcome: envelope ? 'accepted' : 'refused:bad-signature',
    certFingerprint: envelope?.certFingerprint ?? '-',
    // As PostgreSQL's jsonb gives it back: a copy, not the signed object itself.
    envelope: envelope ? (JSON.parse(JSON.stringify(envelope)) as unknown) : null,
    certificatePem,
  };
}

describe('storedMessageProblem', () => {
  it('holds for a message as signed, however old (freshness is not re-checked)', async () => {
    const sevenYearsAgo = Date.now() - 7 * 365 * 24 * 3600 * 1000;
    await expect(storedMessageProblem(stored(sign('old', 'ping', sevenYearsAgo)))).resolves.toBeUndefined();
  });

  it('accepts an untouched message and refuses one changed anywhere', async () => {
    const envelope = sign('query for 42');
    await expect(storedMessageProblem(stored(envelope))).resolves.toBeUndefined();
    const tampered = stored(envelope);
    (tampered.envelope as { body: { text: string } }).body.text = 'query for 43';
    await expect(storedMessageProblem(tampered)).resolves.toBe('bad-signature');
  });

  it('refuses a message whose recorded certificate is not the one that signed it', async () => {
    await expect(storedMessageProblem(stored(sign('a'), '1', certB))).resolves.toBe(
      'certificate-not-the-signer',
    );
    await expect(storedMessageProblem(stored(sign('a'), '1', null))).resolves.toBe('no-certificate-recorded');
  });

  it('refuses a row whose columns were changed away from its envelope', async () => {
    const row = { ...stored(sign('a')), sender: LA_B };
    await expect(storedMessageProblem(row)).resolves.toBe('columns-differ-from-envelope');
  });

  it('any one changed character of the signed text fails (property)', async () => {
    const envelope = sign('abcdefghijklmnop');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 15 }),
        fc.constantFrom(...'qrstuvwxyz'),
        async (index, replacement) => {
          const row = stored(envelope);
          const body = (row.envelope as { body: { text: string } }).body;
          body.text = body.text.slice(0, index) + replacement + body.text.slice(index + 1);
          expect(await storedMessageProblem(row)).toBe('bad-signature');
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('both key kinds in one log', () => {
  it('verifies RSA- and EC-signed messages side by side, and refuses a changed EC one', async () => {
    const ec = stored(signB('from B'), '2', certB);
    const result = await verifyMessageLog([[stored(sign('from A'), '1'), ec]]);
    expect(result).toEqual({ checked: 2, skipped: 0 });
    const tampered = stored(signB('from B'), '3', certB);
    (tampered.envelope as { body: { text: string } }).body.text = 'from C';
    await expect(storedMessageProblem(tampered)).resolves.toBe('bad-signature');
    // An EC signature checked against an RSA certificate (or the reverse) never passes.
    await expect(storedMessageProblem({ ...ec, certificatePem: certA })).resolves.not.toBeUndefined();
  });
});

describe('verifyMessageLog', () => {
  it('checks every page and skips refused messages kept without an envelope', async () => {
    const result = await verifyMessageLog([
      [stored(sign('a'), '1'), stored(null, '2')],
      [stored(sign('b'), '3')],
    ]);
    expect(result).toEqual({ checked: 2, skipped: 1 });
    expect(describeVerification(result)).toContain('2 signed messages verified');
  });

  it('names the first bad message by id, type and sender and stops there', async () => {
    const bad = stored(sign('b', 'handover-step'), '7');
    (bad.envelope as { signature: string }).signature = 'AAAA';
    const alsoBad = { ...stored(sign('c'), '8'), certificatePem: null };
    const result = await verifyMessageLog([[stored(sign('a'), '6'), bad, alsoBad]]);
    expect(result.firstBad).toEqual({
      id: '7',
      type: 'handover-step',
      sender: LA_A,
      reason: 'bad-signature',
    });
    expect(result.checked).toBe(1);
    expect(describeVerification(result)).toContain('message 7 (type handover-step, sender E09000033)');
  });

  it('does not skip an accepted message whose envelope was removed', async () => {
    const row = { ...stored(sign('a'), '9'), envelope: null };
    const result = await verifyMessageLog([[row]]);
    expect(result.firstBad?.reason).toBe('no-envelope');
  });
});

describe('messageLogInsert', () => {
  it('writes each message and each signing certificate once', () => {
    const one = sign('a');
    const two = sign('b');
    const insert = messageLogInsert([
      sentMessage(one, certA, 'corr-1'),
      receivedMessage(two, certA, 'corr-1', { box: 'sealed' }),
    ]);
    const rows = JSON.parse(insert.parameters[0]) as Record<string, unknown>[];
    const certificates = JSON.parse(insert.parameters[1]) as Record<string, unknown>[];
    expect(rows.map((row) => [row.direction, row.outcome, row.correlation_id])).toEqual([
      ['sent', 'sent', 'corr-1'],
      ['received', 'accepted', 'corr-1'],
    ]);
    expect(rows[1].attachment).toEqual({ box: 'sealed' });
    expect(rows[0].envelope).toEqual(one);
    expect(certificates).toEqual([{ fingerprint: one.certFingerprint, certificate_pem: certA }]);
  });
});
