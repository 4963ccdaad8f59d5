import { natsUserOf, renderNatsServerConfig } from './nats-server-config';

describe('nats-server configuration', () => {
  const config = renderNatsServerConfig({
    host: '127.0.0.1',
    port: 4222,
    certFile: '/pki/hub.crt',
    keyFile: '/pki/hub.key',
    caFile: '/pki/ca.crt',
    pidFile: '/run/nats.pid',
    jetStreamDir: '/var/js',
    users: [
      { identity: { kind: 'hub' }, serial: 'aa01' },
      { identity: { kind: 'la', laCode: 'E09000033' }, serial: 'bb02' },
    ],
  });

  it('requires TLS with client certificates mapped to users', () => {
    expect(config).toContain('verify_and_map: true');
    expect(config).toContain('ca_file: "/pki/ca.crt"');
    expect(config).toContain('store_dir: "/var/js"');
    expect(config).not.toMatch(/no_auth_user|password/);
  });

  it('puts each LA in an account of its own, reaching only its own subjects', () => {
    const laUser = natsUserOf({ kind: 'la', laCode: 'E09000033' }, 'bb02');
    expect(laUser).toBe('CN=la-E09000033,O=ContactPoint Federation,OU=E09000033,SERIALNUMBER=bb02');
    const laAccount = config.slice(config.indexOf('LA_E09000033: {'), config.indexOf('jetstream {'));
    expect(laAccount).toContain(laUser);
    expect(laAccount).toContain('publish: { allow: ["cp.v1.hub.E09000033.>", "_R_.>"] }');
    expect(laAccount).toContain('subscribe: { allow: ["cp.v1.la.E09000033.>", "_INBOX.E09000033.>"] }');
    expect(laAccount).toContain(
      'imports: [ { service: { account: "HUB", subject: "cp.v1.hub.E09000033.>" } } ]',
    );
    expect(laAccount).toContain('exports: [ { service: "cp.v1.la.E09000033.>", accounts: ["HUB"] } ]');
    expect(laAccount).not.toContain('jetstream');
  });

  it('keeps JetStream and the hub in the hub account, on an explicit allow-list without purge or delete', () => {
    const hubAccount = config.slice(config.indexOf('HUB: {'), config.indexOf('LA_E09000033: {'));
    expect(hubAccount).toContain('jetstream: enabled');
    expect(hubAccount).toContain('user: "CN=hub,O=ContactPoint Federation,SERIALNUMBER=aa01"');
    expect(hubAccount).toContain('"cp.v1.la.*.>", "_R_.>", "$JS.API.>", "$JS.ACK.>"');
    expect(hubAccount).toContain('deny: ["$JS.API.STREAM.PURGE.>"');
    expect(hubAccount).toContain('{ service: "cp.v1.hub.E09000033.>", accounts: ["LA_E09000033"] }');
    expect(hubAccount).toContain('{ service: { account: "LA_E09000033", subject: "cp.v1.la.E09000033.>" } }');
    expect(hubAccount).not.toMatch(/publish: \{ allow: \[[^\]]*cp\.v1\.hub/);
  });

  it('lists no user when no certificate is active', () => {
    const empty = renderNatsServerConfig({
      host: '127.0.0.1',
      port: 4222,
      certFile: 'c',
      keyFile: 'k',
      caFile: 'a',
      users: [],
    });
    expect(empty).not.toContain('user:');
    expect(empty).not.toContain('jetstream');
  });
});
