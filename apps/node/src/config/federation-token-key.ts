import type { NodeSettings } from './node-settings';

/** Reads FEDERATION_TOKEN_KEY; undefined when unset. */
export function federationTokenKey(settings: Pick<NodeSettings, 'FEDERATION_TOKEN_KEY'>): Buffer | undefined {
  if (!settings.FEDERATION_TOKEN_KEY) return undefined;
  const key = Buffer.from(settings.FEDERATION_TOKEN_KEY, 'base64');
  if (key.length !== 32) throw new Error('FEDERATION_TOKEN_KEY must be base64 of 32 bytes');
  return key;
}
