import fc from 'fast-check';
import { trustedProxiesOf } from './trusted-proxies';

describe('trustedProxiesOf', () => {
  it('trusts no proxy when unset or blank', () => {
    expect(trustedProxiesOf(undefined)).toBe(false);
    expect(trustedProxiesOf('  ')).toBe(false);
  });

  it('takes addresses and CIDRs, IPv4 and IPv6, trimmed', () => {
    expect(trustedProxiesOf('10.0.0.1, 192.168.0.0/16,::1, fd00::/8')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses anything else, naming the entry', () => {
    for (const bad of ['proxy.example', '10.0.0.1/33', '::1/129', '10.0.0.0/8/1', '10.0.0.1/', '*']) {
      expect(() => trustedProxiesOf(`127.0.0.1,${bad}`)).toThrow(bad);
    }
  });

  it('accepts every IPv4 CIDR with a prefix of 0 to 32', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        expect(trustedProxiesOf(`${address}/${prefix}`)).toEqual([`${address}/${prefix}`]);
      }),
    );
  });
});
