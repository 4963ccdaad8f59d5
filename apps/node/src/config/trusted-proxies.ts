import { isIP } from 'node:net';

/**
 * TRUSTED_PROXIES as Fastify's trustProxy takes it: a list of addresses and CIDRs, or false (the
 * X-Forwarded-For header is then ignored and the client is the connection's peer). Throws naming the first
 * entry that is not an IPv4/IPv6 address or CIDR, so a typo cannot silently trust nobody or everybody.
 */
export function trustedProxiesOf(setting: string | undefined): string[] | false {
  if (setting === undefined || setting.trim() === '') return false;
  const entries = setting.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!isAddressOrCidr(entry)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR`);
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
