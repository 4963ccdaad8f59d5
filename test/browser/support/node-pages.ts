import type { Browser, Locator, Page } from 'playwright-core';
import type { TestPractitioner } from '../../support/practitioners';
import { accessibilityViolations, newPage } from './browser';
import { signInThroughPage } from './node-web';

/** The control whose id is `id` (the record form's ids are API field paths, e.g. "address.postcode"). */
export function byId(page: Page, id: string): Locator {
  return page.locator(`[id="${id}"]`);
}

/** The text of the error line shown beside the field `id`. */
export async function fieldError(page: Page, id: string): Promise<string> {
  const line = byId(page, `${id}-error`);
  await line.waitFor();
  return (await line.textContent()) ?? '';
}

/** Fails with axe-core's WCAG 2.1 A/AA violations on the page, if any. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** A new page signed in as `user` (password and TOTP typed into the form), on the page `heading` names. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  user: TestPractitioner,
  heading = 'Find a child',
): Promise<Page> {
  const page = await newPage(browser, { locale: 'en-GB' });
  await signInThroughPage(page, baseUrl, user);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  return page;
}

/** The id in the page's address, e.g. the child's after "#/children/<id>?reason=…". */
export function childIdOf(page: Page): string {
  const found = /#\/children\/([0-9a-f-]{36})/.exec(page.url());
  if (!found) throw new Error(`no child id in ${page.url()}`);
  return found[1];
}

/** A success notice (role=status) with this text. */
export async function expectNotice(page: Page, text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}
