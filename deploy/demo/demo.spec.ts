import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '@cp/config';
import { NodeSettings } from '../../apps/node/src/config/node-settings';
import { HubSettings } from '../../apps/hub/src/config/hub-settings';
import { DemoSettings } from './demo-settings';
import { DemoSecrets } from './demo-state';
import { demoLayout } from './layout';
import { databaseUrl, whereIs } from './postgres';
import { nodeCommandSpec, serveSpec, serviceEnv } from './services';

const SERVER = 'postgres://postgres:s3cret@127.0.0.1:54320';

describe('demo launcher', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-demo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lays out the hub and three LA nodes on consecutive ports, each with its own database', () => {
    const layout = demoLayout(loadSettings(DemoSettings, { DEMO_BASE_PORT: '5000' }));
    expect(layout.map((service) => [service.name, service.httpPort, service.database])).toEqual([
      ['hub', 5000, 'cp_hub'],
      ['westminster', 5001, 'cp_node_e09000033'],
      ['birmingham', 5002, 'cp_node_e08000025'],
      ['kent', 5003, 'cp_node_e10000016'],
    ]);
  });

  it('refuses a DATABASE_SERVER_URL that names a database, saying how it should look', () => {
    expect(() =>
      loadSettings(DemoSettings, { DATABASE_SERVER_URL: 'postgres://postgres@127.0.0.1:5432/x' }),
    ).toThrow(
      /^Invalid setting DATABASE_SERVER_URL: must be postgres:\/\/user\[:password\]@host:port, without a database name$/,
    );
    expect(
      loadSettings(DemoSettings, { DATABASE_SERVER_URL: 'postgres://postgres@127.0.0.1:5432' }),
    ).toBeDefined();
  });

  it('builds database URLs, and shows where a server is without its password', () => {
    expect(databaseUrl(SERVER, 'cp_hub')).toBe(`${SERVER}/cp_hub`);
    expect(databaseUrl('postgres://postgres@127.0.0.1:5432/', 'cp_hub')).toBe(
      'postgres://postgres@127.0.0.1:5432/cp_hub',
    );
    expect(whereIs(SERVER)).toBe('127.0.0.1:54320');
  });

  it('gives every service an environment its own settings class accepts', () => {
    const secrets = DemoSecrets.in(dir);
    const [hub, ...nodes] = demoLayout(loadSettings(DemoSettings, {}));
    const hubSettings = loadSettings(HubSettings, serviceEnv(hub, SERVER, secrets));
    expect(hubSettings.DATABASE_URL).toBe(`${SERVER}/cp_hub`);
    for (const node of nodes) {
      const settings = loadSettings(NodeSettings, serviceEnv(node, SERVER, secrets));
      expect([settings.NODE_LA_CODE, settings.HTTP_PORT]).toEqual([node.la?.code, node.httpPort]);
    }
  });

  it("bounds a node server's memory (V8 old space, large blocks mmapped); not the hub's or one-off commands'", () => {
    const secrets = DemoSecrets.in(dir);
    const [hub, node] = demoLayout(loadSettings(DemoSettings, {}));
    const nodeEnv = serviceEnv(node, SERVER, secrets);
    expect(serveSpec(node, nodeEnv).args).toEqual(['--max-old-space-size=160', node.entry]);
    expect(nodeEnv.MALLOC_MMAP_THRESHOLD_).toBe(process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072');
    expect(nodeCommandSpec(node, nodeEnv, ['seed']).args).toEqual([node.entry, 'seed']);
    expect(serveSpec(hub, serviceEnv(hub, SERVER, secrets)).args).toEqual([hub.entry]);
  });

  it('keeps generated secrets between runs, readable by their owner only, and distinct per node', () => {
    const first = DemoSecrets.in(dir);
    const secret = first.get('authTokenSecret.E09000033');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(first.get('authTokenSecret.E08000025')).not.toBe(secret);
    expect(first.get('totpEncryptionKey.E09000033', 'hex')).toMatch(/^[0-9a-f]{64}$/);
    expect(DemoSecrets.in(dir).get('authTokenSecret.E09000033')).toBe(secret);
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });
});
