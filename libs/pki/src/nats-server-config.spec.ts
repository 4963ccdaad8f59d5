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

  it('gives an LA only its own subjects and the hub everything', () => {
    const laUser = natsUserOf({ kind: 'la', laCode: 'E09000033' }, 'bb02');
    expect(laUser).toBe('CN=la-E09000033,O=ContactPoint Federation,OU=E09000033,SERIALNUMBER=bb02');
    const laBlock = config.slice(config.indexOf(laUser));
    expect(laBlock).toContain('publish: { allow: ["cp.v1.hub.E09000033.>"] }');
    expect(laBlock).toContain('subscribe: { allow: ["cp.v1.la.E09000033.>", "_INBOX.E09000033.>"] }');
    expect(config).toContain('{ user: "CN=hub,O=ContactPoint Federation,SERIALNUMBER=aa01" }');
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
