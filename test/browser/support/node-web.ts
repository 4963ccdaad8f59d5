import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import type { TestPractitioner } from '../../support/practitioners';

/** Serves an in-process node on a real port, so the browser can reach its web app; returns its base URL. */
export async function listenOnRealPort(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return `http://127.0.0.1:${port}`;
}

/** Signs in through the page: username, password and a fresh TOTP code typed into the form. */
export async function signInThroughPage(page: Page, baseUrl: string, user: TestPractitioner): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel('Security code').fill(await user.nextCode());
  await page.getByRole('button', { name: 'Sign in' }).click();
}
