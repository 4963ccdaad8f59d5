import { parentPort, workerData } from 'node:worker_threads';
import { connect, type NatsConnection } from 'nats';
import {
  MAX_ANSWER_RESULTS,
  SEARCH_CONTRACT_VERSION,
  SEARCH_MESSAGE_TYPES,
  searchQuerySubject,
  type CrossBoundaryMatch,
  type SealedSearchAnswer,
  type SealedSearchQuery,
} from '@cp/contract';
import {
  BLOCKING_KEY_KINDS,
  blockingKeys,
  MATCH_THRESHOLD,
  preparePerson,
  scorePrepared,
  type PersonFields,
  type PreparedPerson,
} from '@cp/matching';
import { DEFAULT_FRESHNESS_MS, natsClientOptions, ReplayCache, verifyCertificate } from '@cp/pki';
import {
  replyKeyOf,
  sealAndSign,
  signingIdentity,
  verifyAndOpen,
} from '../../apps/node/src/federation/sealed-envelopes';
import type { FederationCredentials } from '../../apps/node/src/federation/certificate-store';
import { threadCpuMs } from './cpu-accounting';
import { federationQuery, type BenchFederation } from './federation-queries';
import { populationChild, type PopulationChild } from './index-population';

/**
 * Simulated answering nodes, one NATS connection and certificate per LA, in a worker thread: each opens the
 * queries the hub relays with the real code (verifyAndOpen), scores its candidates with @cp/matching over
 * generated records held in memory (blocking keys as the node's child_search_key), and answers sealed and
 * signed (sealAndSign). What a real node adds is its PostgreSQL read and audit insert.
 */
const FILLER = 40_000;
const CANDIDATE_CAP = 500;

interface Held {
  child: PopulationChild;
  prepared: PreparedPerson;
}

class SimulatedNode {
  private readonly byKey = new Map<string, Held[]>();
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);

  constructor(readonly me: FederationCredentials) {}

  hold(child: PopulationChild): void {
    const held = { child, prepared: preparePerson(child.person) };
    const keys = blockingKeys(child.person);
    for (const kind of BLOCKING_KEY_KINDS) {
      for (const key of new Set(keys[kind])) {
        const slot = `${kind}:${key}`;
        const list = this.byKey.get(slot);
        if (list) {
          if (!list.some((entry) => entry.child.id === child.id)) list.push(held);
        } else this.byKey.set(slot, [held]);
      }
    }
  }

  async answer(data: Uint8Array): Promise<string> {
    const relayed = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
    const opened = await verifyAndOpen({
      relayed,
      type: SEARCH_MESSAGE_TYPES.query,
      me: this.me,
      replayCache: this.replayCache,
    });
    const query = JSON.parse(opened.plaintext.toString('utf8')) as SealedSearchQuery;
    if (query.fromLa !== opened.sender || query.toLa !== this.me.laCode) throw new Error('not for us');
    const person = query.criteria as PersonFields;
    const counts = new Map<Held, number>();
    const keys = blockingKeys(person);
    for (const kind of BLOCKING_KEY_KINDS) {
      for (const key of new Set(keys[kind])) {
        for (const held of this.byKey.get(`${kind}:${key}`) ?? [])
          counts.set(held, (counts.get(held) ?? 0) + 1);
      }
    }
    const candidates = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, CANDIDATE_CAP)
      .map(([held]) => held);
    const prepared = preparePerson(person);
    const results: CrossBoundaryMatch[] = [];
    for (const held of candidates) {
      const match = scorePrepared(prepared, held.prepared);
      if (match.score < MATCH_THRESHOLD) continue;
      results.push(matchOf(held.child, this.me.laCode, match));
    }
    results.sort((a, b) => b.score - a.score);
    const answer: SealedSearchAnswer = {
      v: SEARCH_CONTRACT_VERSION,
      fromLa: this.me.laCode,
      toLa: opened.sender,
      correlationId: query.correlationId,
      results: results.slice(0, MAX_ANSWER_RESULTS),
      capped: results.length > MAX_ANSWER_RESULTS,
    };
    const envelope = sealAndSign(
      answer,
      {
        laCode: opened.sender,
        certificatePem: relayed.senderCertificatePem as string,
        fingerprint: opened.envelope.certFingerprint,
      },
      signingIdentity(this.me),
      SEARCH_MESSAGE_TYPES.answer,
      replyKeyOf(query),
    );
    return JSON.stringify(envelope);
  }
}

function matchOf(
  child: PopulationChild,
  laCode: string,
  match: { score: number; grade: string; matchedOn: string[] },
): CrossBoundaryMatch {
  const summary = {
    givenName: child.person.givenName ?? '',
    familyName: child.person.familyName ?? '',
    dateOfBirth: child.person.dateOfBirth ?? '',
    age: 10,
    gender: 'unknown',
  };
  if (child.shielded) {
    return {
      id: child.id,
      laCode,
      shielded: true,
      score: match.score,
      grade: match.grade,
      matchedOn: match.matchedOn,
      child: summary,
      shieldingTeam: {
        name: 'Shielding team',
        telephone: '0300 123 4567',
        email: 'shielding@example.gov.uk',
      },
    };
  }
  const lead = {
    practitionerName: 'Sam Patel',
    role: 'Health visitor',
    organisation: 'Community Healthcare',
    serviceType: 'health-visiting',
    contact: { telephone: '020 7946 0004', email: 'sam.patel@example.nhs.uk' },
    startDate: '2024-01-10',
    endDate: null,
    current: true,
    hasInformationToShare: true,
    assessment: null,
    isLeadProfessional: true,
  };
  return {
    id: child.id,
    laCode,
    shielded: false,
    score: match.score,
    grade: match.grade,
    matchedOn: match.matchedOn,
    child: summary,
    involvements: [
      lead,
      { ...lead, practitionerName: 'Jo Brown', role: 'Teacher', isLeadProfessional: false },
    ],
    leadProfessional: lead,
  };
}

async function main(): Promise<void> {
  const setup = workerData as BenchFederation;
  const nodes = new Map<string, SimulatedNode>();
  for (const la of setup.las) {
    const check = verifyCertificate(la.certificatePem, {
      caCertificatePem: setup.caCertificatePem,
      expect: 'la',
    });
    if (!check.ok) throw new Error(`bench certificate of ${la.laCode}: ${check.reason}`);
    nodes.set(
      la.laCode,
      new SimulatedNode({
        laCode: la.laCode,
        privateKeyPem: la.privateKeyPem,
        certificatePem: la.certificatePem,
        caCertificatePem: setup.caCertificatePem,
        hubCertificatePem: setup.hubCertificatePem,
        certificate: check.certificate,
      }),
    );
  }
  // Each node holds the children searched for that it holds, and a spread sample of its other children.
  for (let n = 0; n < setup.queries; n++) {
    const { target } = federationQuery(n, setup.entries);
    nodes.get(target.laCode)?.hold(target);
  }
  const step = Math.max(1, Math.floor(setup.entries / FILLER));
  for (let index = 0; index < setup.entries; index += step) {
    const child = populationChild(index);
    nodes.get(child.laCode)?.hold(child);
  }
  const connections: NatsConnection[] = [];
  for (const la of setup.las) {
    const connection = await connect({
      // As the node's search bus: no stack captured per request.
      noAsyncTraces: true,
      ...natsClientOptions({
        url: setup.natsUrl,
        identity: { kind: 'la', laCode: la.laCode },
        name: `bench-answerer-${la.laCode}`,
        tls: {
          caCertificatePem: setup.caCertificatePem,
          certificatePem: la.certificatePem,
          privateKeyPem: la.privateKeyPem,
        },
      }),
    });
    const node = nodes.get(la.laCode) as SimulatedNode;
    connection.subscribe(searchQuerySubject(la.laCode), {
      callback: (error, message) => {
        if (error) return;
        node
          .answer(message.data)
          .then((reply) => message.respond(reply))
          .catch((failure: unknown) => parentPort?.postMessage({ error: String(failure) }));
      },
    });
    await connection.flush();
    connections.push(connection);
  }
  parentPort?.postMessage({ ready: true });
  parentPort?.on('message', (message: { stop?: boolean; cpu?: boolean }) => {
    if (message.cpu) parentPort?.postMessage({ cpuMs: threadCpuMs() });
    if (message.stop)
      void Promise.all(connections.map((connection) => connection.drain())).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
