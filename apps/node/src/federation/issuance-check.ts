import {
  extendsIssuanceHead,
  firstBrokenIssuanceEntry,
  unexpectedIssuances,
  type IssuanceEntry,
} from '@cp/pki';
import type { FederationCertificateStore } from './certificate-store';
import { hubHttps } from './hub-https';

export interface IssuanceCheck {
  entries: number;
  /** Index of the first entry breaking the hash chain, or -1. */
  broken: number;
  /** The log no longer holds the last entry this node saw: it was rewritten. */
  rewritten: boolean;
  /** Serials of certificates in this LA's name that this node never received. */
  unexpectedSerials: string[];
  ok: boolean;
}

/**
 * Reads the CA's issuance log over HTTPS (verified against the pinned CA) and checks it: chain intact,
 * still holding the head seen last time, and no certificate in this LA's name that the node did not ask
 * for. Remembers the new head only when all is well.
 */
export async function checkIssuanceLog(input: {
  hubUrl: string;
  laCode: string;
  caCertificatePem: string;
  store: FederationCertificateStore;
}): Promise<IssuanceCheck> {
  const response = await hubHttps(`${input.hubUrl.replace(/\/+$/, '')}/api/v1/federation/issuance-log`, {
    method: 'GET',
    ca: input.caCertificatePem,
  });
  if (response.status !== 200) throw new Error(`The hub gave no issuance log (${response.status})`);
  const entries = JSON.parse(response.body) as IssuanceEntry[];
  const broken = firstBrokenIssuanceEntry(entries);
  const rewritten = !extendsIssuanceHead(entries, input.store.issuanceHead());
  const unexpectedSerials = unexpectedIssuances(entries, input.laCode, input.store.knownFingerprints()).map(
    (entry) => entry.serial,
  );
  const ok = broken === -1 && !rewritten && unexpectedSerials.length === 0;
  if (ok && entries.length > 0) {
    const last = entries[entries.length - 1];
    input.store.rememberIssuanceHead({ sequence: last.sequence, entryHash: last.entryHash });
  }
  return { entries: entries.length, broken, rewritten, unexpectedSerials, ok };
}
