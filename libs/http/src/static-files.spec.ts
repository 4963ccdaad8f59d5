import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPublicDirectory, staticSecurityHeaders } from './static-files';

describe('static files', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'cp-static-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('find the public folder beside the sources first, then where the build copied it', () => {
    expect(() => findPublicDirectory(base, 'web', "The web app's files")).toThrow(
      `The web app's files are missing (looked in ${join(base, 'public')}, ${join(base, 'web', 'public')})`,
    );
    mkdirSync(join(base, 'web', 'public'), { recursive: true });
    writeFileSync(join(base, 'web', 'public', 'index.html'), '<!doctype html>');
    expect(findPublicDirectory(base, 'web', 'files')).toBe(join(base, 'web', 'public'));
    mkdirSync(join(base, 'public'));
    writeFileSync(join(base, 'public', 'index.html'), '<!doctype html>');
    expect(findPublicDirectory(base, 'web', 'files')).toBe(join(base, 'public'));
  });

  it('carry the given policy and refuse framing, sniffing, referrers and stale caches', () => {
    expect(staticSecurityHeaders(["default-src 'none'", "script-src 'self'"])).toEqual({
      'content-security-policy': "default-src 'none'; script-src 'self'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cache-control': 'no-cache',
    });
  });
});
