import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSecurityHeaders, securityHeaders } from '@airlock/http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiForm,
  countdown,
  defaultBrand,
  documentQrCodes,
  downloadButton,
  formFields,
  formRow,
  html,
  loadWebAssets,
  page,
  splitIntoQrChunks,
  submitButton,
  type HtmlValue,
} from '../src/index.ts';
import { launchBrowser, screenshot, screenshotQrCodes, writeY4mOfQrCodes, type TestBrowser } from '../src/testing/index.ts';

/**
 * The kit's client script in a real browser, under the Content-Security-Policy Airlock's servers
 * send: a small app built on the kit posts forms to an echoing API, is refused, downloads, counts
 * down, and reads a document back from its QR codes, from images and from the camera.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const documentText = `-----BEGIN AIRLOCK LICENSE FILE REQUEST-----\n${'eyJhbGciOiJFZERTQSJ9.'.repeat(90)}\n-----END AIRLOCK LICENSE FILE REQUEST-----\n`;

describe('the client script in a browser', () => {
  let app: FastifyInstance;
  let url = '';
  let browser: TestBrowser;
  let work = '';
  const received: { path: string; csrf: unknown; body: unknown }[] = [];

  const render = (title: string, main: HtmlValue, readsQrCodes = false, assetsPageAssets = { stylesheet: '', script: '', qrDecoder: '' }) =>
    page({ title, brand: defaultBrand, brandStylesheet: '/brand.css', assets: assetsPageAssets, now: NOW, main, readsQrCodes }).markup;
  const open = async (target: Page, path: string) => {
    await target.goto(`${url}${path}`);
    await target.locator('html[data-airlock-ready="true"]').waitFor();
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airlock-kit-'));
    const assets = await loadWebAssets();
    app = Fastify();
    addSecurityHeaders(app, { https: false });
    // As an app built on the kit does: its pages may use the camera, to read QR codes.
    const withCamera = securityHeaders({ https: false, allowCamera: true })['permissions-policy']!;
    app.addHook('onSend', async (_request, reply) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) void reply.header('permissions-policy', withCamera);
    });
    await app.register(assets.plugin);
    const pageAssets = assets.pageAssets();
    const send =
      (title: string, main: HtmlValue, readsQrCodes = false) =>
      async (_request: unknown, reply: { type(t: string): { send(body: string): unknown } }) =>
        reply.type('text/html; charset=utf-8').send(render(title, main, readsQrCodes, pageAssets));
    app.get('/brand.css', async (_request, reply) => reply.type('text/css').send(':root {}'));
    app.post('/v1/echo/:name', async (request) => {
      received.push({ path: request.url, csrf: request.headers['x-airlock-csrf'], body: request.body });
      return { ...(request.body as object), name: (request.params as { name: string }).name, id: 'x/1' };
    });
    app.post('/v1/refuse', async (_request, reply) =>
      reply
        .status(422)
        .type('application/problem+json')
        .send({
          type: 'https://airlock.dev/errors#seat_reduction_below_use',
          title: 'SEAT_REDUCTION_BELOW_USE',
          status: 422,
          code: 'SEAT_REDUCTION_BELOW_USE',
          detail: 'The new license holds fewer seats than are assigned.',
          requestId: 'req-7',
          instance: '/v1/refuse',
          errors: { violations: [{ type: 'bot-runner', used: 3, limit: 2, users: ['ada', 'bo', 'cy'] }] },
        }),
    );
    app.get('/v1/document', async () => ({ text: documentText, siteGuid: '4ad2c82c' }));

    const f = formFields('everything');
    app.get(
      '/form',
      send(
        'Form',
        html`${apiForm({
          id: 'everything',
          api: '/v1/echo/{hostName}',
          then: { message: 'Saved {name} as {id}.' },
          fields: html`${f.text({ name: 'hostName', label: 'Host', value: 'licenses.example.com' })}${f.text({ name: 'colors.primary', label: 'Primary', value: '#123456' })}${f.hidden({ name: 'entitlements.0.type', value: 'bot-runner' })}${f.number({ name: 'entitlements.0.quantity', label: 'Runners', value: 4, used: 3 })}${f.checkbox({ name: 'acceptBelowUse', label: 'Accept' })}${f.text({ name: 'note', label: 'Note', optional: true })}${f.textarea({ name: 'details', label: 'Details' })}`,
          buttons: html`${submitButton('Approve', { name: 'decision', value: 'approve' })}${submitButton('Deny', { name: 'decision', value: 'deny' })}`,
        })}${apiForm({ id: 'refused', api: '/v1/refuse', then: { reload: true }, fields: '', submitLabel: 'Try' })}${downloadButton({ id: 'fetch', label: 'Download the document', api: '/v1/document', field: 'text', filename: 'lfr-{siteGuid}.txt' })}
<p>Expires ${countdown(new Date(NOW.getTime() + 2 * 3_600_000), NOW)}</p>`,
      ),
    );
    const l = formFields('lists');
    const item = (n: number) =>
      formRow(
        `Item ${n + 1}`,
        html`${l.select({
          name: `items.${n}.product`,
          label: 'Product',
          options: [
            { value: '', label: '—' },
            { value: 'automation', label: 'Automation' },
            { value: 'analytics', label: 'Analytics' },
          ],
        })}${l.number({ name: `items.${n}.limit`, label: 'Limit', valueType: 'integer-or-null' })}`,
      );
    app.get(
      '/lists',
      send(
        'Lists',
        apiForm({
          id: 'lists',
          api: '/v1/echo/lists',
          then: { message: 'Sent.' },
          fields: html`${l.textarea({ name: 'features', label: 'Features', valueType: 'lines' })}${item(0)}${item(1)}${item(2)}`,
          submitLabel: 'Send the lists',
        }),
      ),
    );
    const r = formFields('read');
    app.get('/codes', send('Codes', await documentQrCodes(documentText, { name: 'License file request' })));
    app.get(
      '/read',
      send(
        'Read',
        apiForm({
          id: 'read',
          api: '/v1/echo/read',
          then: { message: 'Read.' },
          fields: html`${r.textarea({ name: 'text', label: 'Document', document: true })}${r.qrReader({ into: r.idOf('text') })}`,
          submitLabel: 'Send',
        }),
        true,
      ),
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('sends a form as JSON with the CSRF header: nested paths, typed values, the pressed button, the path filled from a field', async () => {
    const tab = await browser.newPage();
    await open(tab, '/form');
    await tab.getByLabel('Runners').fill('2');
    expect(await tab.locator('#everything-entitlements-0-quantity-warning').textContent()).toBe(
      'Below the 3 in use: the site will refuse this license until users are unassigned.',
    );
    await tab.getByLabel('Accept').check();
    await tab.getByLabel('Details').fill('air-gapped <plant>');
    await tab.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => tab.locator('#everything-status').textContent()).toBe('Saved licenses.example.com as x/1.');
    expect(received.at(-1)).toEqual({
      path: '/v1/echo/licenses.example.com',
      csrf: '1',
      body: {
        colors: { primary: '#123456' },
        entitlements: [{ type: 'bot-runner', quantity: 2 }],
        acceptBelowUse: true,
        details: 'air-gapped <plant>',
        decision: 'deny',
      },
    });
  });

  it('sends lists: a textarea as its lines, rows left empty left out and the list closed up, an empty limit as null', async () => {
    const tab = await browser.newPage();
    await open(tab, '/lists');
    await tab.getByLabel('Features').fill('export\n\n  scheduler  \n');
    await tab.locator('#lists-items-0-product').selectOption('automation');
    await tab.locator('#lists-items-2-product').selectOption('analytics');
    await tab.locator('#lists-items-2-limit').fill('40');
    await tab.getByRole('button', { name: 'Send the lists' }).click();
    await expect.poll(() => tab.locator('#lists-status').textContent()).toBe('Sent.');
    expect(received.at(-1)?.body).toEqual({
      features: ['export', 'scheduler'],
      items: [
        { product: 'automation', limit: null },
        { product: 'analytics', limit: 40 },
      ],
    });
    expect(await tab.getByRole('group', { name: 'Item 2' }).count()).toBe(1);
  });

  it('shows a refusal in the form’s alert region: the message, the code, the request and each type’s facts', async () => {
    const tab = await browser.newPage();
    await open(tab, '/form');
    await tab.getByRole('button', { name: 'Try' }).click();
    const alert = tab.locator('#refused-alert');
    await alert.locator('.problem-title').waitFor();
    expect(await alert.innerText()).toBe(
      'The new license holds fewer seats than are assigned.\n\nCode SEAT_REDUCTION_BELOW_USE · request req-7\n\nViolations:\nbot-runner: used 3, limit 2, users ada, bo, cy',
    );
    await screenshot(tab, 'kit-refusal');
  });

  it('offers a document from the API as a text file, and counts down from the server’s time', async () => {
    const tab = await browser.newPage();
    await open(tab, '/form');
    const [file] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'Download the document' }).click()]);
    expect(file.suggestedFilename()).toBe('lfr-4ad2c82c.txt');
    expect(await readFile(await file.path(), 'utf8')).toBe(documentText);
    expect(await tab.locator('#fetch-status').textContent()).toBe('Downloaded lfr-4ad2c82c.txt. Save lfr-4ad2c82c.txt again');
    expect(await tab.locator('time[data-countdown]').textContent()).toMatch(/^in (2 h|1 h 59 min)$/);
  });

  it('reads a document back from screenshots of its QR codes, in any order', async () => {
    const tab = await browser.newPage();
    await open(tab, '/codes');
    const images = await screenshotQrCodes(tab, join(work, 'codes'), 'code');
    expect(images).toHaveLength(splitIntoQrChunks(documentText).length);
    await open(tab, '/read');
    await tab.getByLabel('Images of the QR codes').setInputFiles([...images].reverse());
    await expect.poll(() => tab.getByLabel('Document', { exact: true }).inputValue(), { timeout: 30_000 }).toBe(documentText);
    // Only some of the codes: the missing ones are named.
    await open(tab, '/read');
    await tab.getByLabel('Images of the QR codes').setInputFiles(images.slice(1));
    await tab.locator('#read-alert .problem-code').waitFor();
    expect(await tab.locator('#read-alert').innerText()).toBe(
      `Some QR codes of this document were not read: 1 of ${images.length}.\n\nCode QR_CHUNK_MISSING\n\nMissing: 1\nTotal: ${images.length}`,
    );
  });

  it('shows "Stop the camera" only while the camera runs: not before it starts, though the button is styled to show', async () => {
    const tab = await browser.newPage();
    await open(tab, '/read');
    const stop = tab.getByRole('button', { name: 'Stop the camera', includeHidden: true });
    expect(await stop.count()).toBe(1);
    expect([await stop.isVisible(), await tab.getByRole('button', { name: 'Read with the camera' }).isVisible()]).toEqual([false, true]);
    // Runs in the page (as a string: the tests' TypeScript has no DOM types).
    expect(await tab.evaluate('getComputedStyle(document.querySelector("[data-qr-camera-stop]")).display')).toBe('none');
    await tab.close();
  });

  it('reads a document from the camera, code after code', async () => {
    const video = join(work, 'codes.y4m');
    await writeY4mOfQrCodes(video, [...splitIntoQrChunks(documentText)].reverse(), { framesEach: 6 });
    const camera = await launchBrowser({ fakeCamera: video });
    try {
      const tab = await camera.newPage();
      await open(tab, '/read');
      const stop = tab.getByRole('button', { name: 'Stop the camera', includeHidden: true });
      expect(await stop.isVisible()).toBe(false);
      await tab.getByRole('button', { name: 'Read with the camera' }).click();
      await expect.poll(() => tab.getByLabel('Document', { exact: true }).inputValue(), { timeout: 30_000 }).toBe(documentText);
      expect(await stop.isVisible()).toBe(false);
      expect(await tab.locator('.qr-progress').textContent()).toBe(
        `Read ${splitIntoQrChunks(documentText).length} QR codes: the document is complete (${documentText.length} characters).`,
      );
      expect(await tab.locator('video').isHidden()).toBe(true);
      camera.assertNoErrors();
    } finally {
      await camera.close();
    }
  });

  it('raised no console error (no script or style broke the Content-Security-Policy)', () => {
    browser.assertNoErrors();
    expect(browser.refusals).toEqual([expect.stringMatching(/\/v1\/refuse: .* status of 422/)]);
  });
});
