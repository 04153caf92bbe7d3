import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * Test support: a real Chromium (Debian's, never a downloaded one) driven by playwright-core,
 * where every console error and uncaught page error is collected so a test can fail on any.
 * Never for production.
 */

/** Where Debian's Chromium is (`.ci/run` installs it when missing). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The screen sizes every page must work at. */
export const viewports = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 820, height: 1180 },
} as const;

/** `artifacts/screenshots/` at the repository root (ignored by git). */
export const screenshotsDir = fileURLToPath(new URL('../../../../artifacts/screenshots/', import.meta.url));

export interface TestBrowser {
  readonly browser: Browser;
  /** A new context (cookies of its own, downloads accepted) with one page, watched for errors. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Every console error and page error seen so far that no test expected, with the page's URL. */
  readonly errors: readonly string[];
  /**
   * The API's refusals the browser logged ("Failed to load resource: … status of 4xx" for a
   * `/v1/` call): the pages show them to the person, and the tests check what they show.
   */
  readonly refusals: readonly string[];
  /** Tolerates the browser's log of one 4xx answer to a page whose URL matches (a page that is meant to be refused). */
  expectRefusedPage(url: RegExp): void;
  /** Throws, listing them, if any console error or page error was seen. */
  assertNoErrors(): void;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium. `fakeCamera` plays a Y4M video as the camera (and grants it), to
 * test reading QR codes with `getUserMedia`.
 *
 * @example
 * ```ts
 * const browser = await launchBrowser();
 * const page = await browser.newPage({ viewport: viewports.laptop });
 * await page.goto(url);
 * browser.assertNoErrors();
 * ```
 */
export async function launchBrowser(options: { readonly fakeCamera?: string } = {}): Promise<TestBrowser> {
  const camera = options.fakeCamera
    ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera}`]
    : [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...camera],
  });
  const errors: string[] = [];
  const refusals: string[] = [];
  const expectedPages: RegExp[] = [];
  const contexts: BrowserContext[] = [];
  const record = (text: string, location: string, pageUrl: string) => {
    const refused = /^Failed to load resource: the server responded with a status of 4\d\d/.test(text);
    const path = URL.canParse(location) ? new URL(location).pathname : '';
    if (refused && path.startsWith('/v1/')) {
      refusals.push(`${location}: ${text}`);
      return;
    }
    const expected = refused ? expectedPages.findIndex((pattern) => pattern.test(location)) : -1;
    if (expected >= 0) {
      expectedPages.splice(expected, 1);
      return;
    }
    errors.push(`console error on ${pageUrl}: ${text}${location && location !== pageUrl ? ` (${location})` : ''}`);
  };
  return {
    browser,
    errors,
    refusals,
    expectRefusedPage(url) {
      expectedPages.push(url);
    },
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({ acceptDownloads: true, viewport: viewports.laptop, ...contextOptions });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') record(message.text(), message.location().url, page.url());
      });
      page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
      return page;
    },
    assertNoErrors() {
      if (errors.length > 0) throw new Error(`the browser reported errors:\n${errors.join('\n')}`);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/**
 * Saves a PNG of the page (the whole page unless told otherwise) as
 * `artifacts/screenshots/<name>.png` and returns its path.
 *
 * @example
 * ```ts
 * await screenshot(page, 'console-customers');
 * ```
 */
export async function screenshot(page: Page, name: string, options: { readonly fullPage?: boolean } = {}): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`a screenshot name is lower-case words joined by dashes, not ${name}`);
  await mkdir(screenshotsDir, { recursive: true });
  const file = `${screenshotsDir}${name}.png`;
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
