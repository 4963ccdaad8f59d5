import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicDirectory, WEB_SECURITY_HEADERS } from './static-assets';

describe('the web app files', () => {
  const root = publicDirectory();
  const scripts = readdirSync(join(root, 'js')).map((name) => readFileSync(join(root, 'js', name), 'utf8'));

  it('load scripts from files only, so the policy can forbid inline script', () => {
    const html = readFileSync(join(root, 'index.html'), 'utf8');
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script type="module" src="/js/app.js">']);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(WEB_SECURITY_HEADERS['content-security-policy']).toContain("script-src 'self';");
    expect(WEB_SECURITY_HEADERS['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('never put server data into HTML, reach another host, or keep the token in localStorage', () => {
    for (const source of scripts) {
      expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      expect(source).not.toMatch(/https?:\/\//);
      expect(source).not.toMatch(/localStorage\s*[.[]/);
    }
  });
});
