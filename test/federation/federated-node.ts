import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartyKeyKind } from '@cp/pki';
import type { NodeSettings } from '../../apps/node/src/config/node-settings';
import { Child } from '../../apps/node/src/record-store/child.entity';
import { eventually } from '../support/eventually';
import { startNodeApp } from '../support/node-app';
import { createTestDatabase } from '../support/test-database';
import { enrol, type HubUnderTest } from './federation-stack';

/** A real node app on the federation: enrolled at the hub, its own database and FEDERATION_DIR. */
export interface RunningNode {
  laCode: string;
  app: NestFastifyApplication;
  data: DataSource;
  dir: string;
  database: { url: string; drop: () => Promise<void> };
}

/**
 * Enrols `laCode` at the hub through the real path, starts the whole node app over its own PostgreSQL
 * database and the hub's mutual-TLS NATS, and waits until `ready` (a bus of the node) is on the bus.
 * `label` names its folder (`cp-<label>-<LA>-…`) and database (`cp_node_<label>…`).
 */
export async function startFederatedNode(
  hub: HubUnderTest,
  input: {
    laCode: string;
    laName: string;
    label: string;
    tokenKey: string;
    ready: abstract new (...args: never[]) => { ready(): Promise<void> };
    settings?: Partial<NodeSettings>;
    /** The kind of key the node enrols with (EC P-256 by default, as the product). */
    keyKind?: PartyKeyKind;
  },
): Promise<RunningNode> {
  const { laCode } = input;
  const dir = mkdtempSync(join(tmpdir(), `cp-${input.label}-${laCode}-`));
  await enrol(hub, laCode, dir, input.keyKind);
  const database = await createTestDatabase(`cp_node_${input.label}`);
  const app = await startNodeApp({
    DATABASE_URL: database.url,
    NODE_LA_CODE: laCode,
    NODE_LA_NAME: input.laName,
    FEDERATION_DIR: dir,
    NATS_URL: hub.nats.url,
    FEDERATION_TOKEN_KEY: input.tokenKey,
    ...input.settings,
  });
  await app.get(input.ready).ready();
  return { laCode, app, data: app.get(DataSource), dir, database };
}

/** Waits until the hub's locator index holds the record's current version, sent through the node's outbox. */
export async function indexedAtHub(hub: HubUnderTest, node: RunningNode, childId: string): Promise<void> {
  const child = await node.data.getRepository(Child).findOneByOrFail({ id: childId });
  await eventually(async () => {
    const rows = await hub.app
      .get(DataSource)
      .query<{ version: number }[]>(
        `SELECT version FROM locator_entry WHERE child_id = $1 AND la_code = $2 AND NOT deleted`,
        [childId, node.laCode],
      );
    return rows[0]?.version === child.version;
  }, `child ${childId} at the hub`);
}

/** Closes each node, drops its database and removes its folder. */
export async function stopFederatedNodes(nodes: Iterable<RunningNode | undefined>): Promise<void> {
  for (const node of nodes) {
    if (!node) continue;
    await node.app.close();
    await node.database.drop();
    rmSync(node.dir, { recursive: true, force: true });
  }
}
