import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNatsServerConfig } from '@cp/pki';
import { renderKustomization } from './check/render';

/**
 * The NATS pods' nats.conf (base/hub/nats.yaml) with what the hub's `nats:config` writes beside it is a
 * configuration the real nats-server accepts (`nats-server -t`): the include, the server name from the pod's
 * environment, the cluster with its TLS routes, the federation's TLS, accounts and JetStream.
 */

const POD_PATHS = ['/etc/nats/', '/var/run/contactpoint/pki/', '/var/run/nats/', '/data/'];

function natsConf(): string {
  const config = renderKustomization(join(__dirname, 'overlays', 'hub-site')).find(
    (manifest) =>
      manifest.kind === 'ConfigMap' && (manifest.metadata as { name?: string }).name === 'cp-nats-config',
  );
  const text = (config?.data as Record<string, unknown> | undefined)?.['nats.conf'];
  if (typeof text !== 'string') throw new Error('ConfigMap cp-nats-config has no nats.conf');
  return text;
}

describe("the NATS cluster's configuration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-nats-conf-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The pod's files under dir: each pod path becomes dir/<path>, certificates made with openssl. */
  function layOut(conf: string): string {
    const local = (path: string): string => join(dir, path);
    for (const path of [
      'etc/nats/generated',
      'etc/nats/routes-tls',
      'var/run/contactpoint/pki',
      'var/run/nats',
      'data',
    ]) {
      mkdirSync(local(path), { recursive: true });
    }
    const certificate = (key: string, cert: string): void => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=cp-nats',
          '-keyout',
          local(key),
          '-out',
          local(cert),
        ],
        { stdio: 'ignore' },
      );
    };
    certificate('etc/nats/routes-tls/tls.key', 'etc/nats/routes-tls/tls.crt');
    certificate('var/run/contactpoint/pki/hub.key', 'var/run/contactpoint/pki/hub.crt');
    execFileSync('cp', [local('etc/nats/routes-tls/tls.crt'), local('etc/nats/routes-tls/ca.crt')]);
    execFileSync('cp', [local('var/run/contactpoint/pki/hub.crt'), local('var/run/contactpoint/pki/ca.crt')]);
    // What `nats:config` writes, with the settings the nats-users containers have in base/hub/nats.yaml.
    const generated = renderNatsServerConfig({
      host: '0.0.0.0',
      port: 4222,
      certFile: local('var/run/contactpoint/pki/hub.crt'),
      keyFile: local('var/run/contactpoint/pki/hub.key'),
      caFile: local('var/run/contactpoint/pki/ca.crt'),
      pidFile: local('var/run/nats/nats.pid'),
      jetStreamDir: local('data/jetstream'),
      users: [
        { identity: { kind: 'hub' }, serial: '01' },
        { identity: { kind: 'la', laCode: 'E09000033' }, serial: '02' },
      ],
    });
    writeFileSync(local('etc/nats/generated/contactpoint.conf'), generated);
    let rewritten = conf;
    for (const path of POD_PATHS) rewritten = rewritten.split(path).join(`${local(path.slice(1))}/`);
    writeFileSync(local('etc/nats/nats.conf'), rewritten);
    return local('etc/nats/nats.conf');
  }

  function check(file: string): { status: number | null; output: string } {
    const run = spawnSync('nats-server', ['-t', '-c', file], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, POD_NAME: 'cp-nats-0' },
    });
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  it('is accepted by nats-server', () => {
    const result = check(layOut(natsConf()));
    expect(result.output).toContain('is valid');
    expect(result.status).toBe(0);
  });

  it('is refused when a field is wrong (the check can fail)', () => {
    const result = check(layOut(natsConf().replace('verify: true', 'verify: maybe')));
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("expected 'verify' to be a boolean");
  });
});
