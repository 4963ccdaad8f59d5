import type { Browser } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessibilityViolations, launchBrowser, newPage } from './support/browser';

describe('browser support', () => {
  let browser: Browser;
  let server: Server;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main><h1>Hello</h1><img src="x.png"></main></body></html>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await browser.close();
    server.close();
  });
  it('drives Debian Chromium and reports an accessibility violation', async () => {
    const page = await newPage(browser);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(await page.textContent('h1')).toBe('Hello');
    const violations = await accessibilityViolations(page);
    expect(violations.map((v) => v.id)).toContain('image-alt');
  });
});
