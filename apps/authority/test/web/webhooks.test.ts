import { launchBrowser, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../../src/features/webhooks/testing/webhook-receiver.ts';
import { verifySignature } from '../../src/features/webhooks/webhook-signature.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

/**
 * The console's Webhooks pages in a real browser: an administrator registers an endpoint (its
 * secret shown once in the page), a change reaches a real receiver signed with that secret, the
 * delivery log shows it, and redelivery, rotation and disabling work from the page.
 */
describe('webhooks in the console', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let page: Page;
  let receiver: TestReceiver;
  const open = async (path: string) => {
    await page.goto(`${authority.url}${path}`);
    await page.locator('html[data-airlock-ready="true"]').waitFor();
  };

  beforeAll(async () => {
    receiver = await startTestReceiver();
    authority = await startWebAuthority();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: viewports.laptop });
    await open('/console');
    await page.getByLabel('Email').fill(authority.firstAdmin.email);
    await page.getByLabel('Password').fill(authority.firstAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/password$/);
    await page.getByLabel('Current password').fill(authority.firstAdmin.password);
    await page.getByLabel('New password').fill('the first administrator passphrase');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForURL(/\/console\/dashboard$/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await authority?.close();
    await receiver?.stop();
  });

  it('registers an endpoint, delivers to it, and shows, redelivers, rotates and disables from the page', async () => {
    await open('/console/webhooks');
    const form = page.locator('#create-webhook');
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Description').fill('Support desk');
    await form.getByLabel('Events, one per line').fill('product.*');
    await form.getByRole('button', { name: 'Create the endpoint' }).click();
    const created = page.locator('.flash, [role="status"]', { hasText: 'Its signing secret, shown only now' });
    await created.first().waitFor();
    const secret = /whsec_[A-Za-z0-9_-]{43}/.exec((await created.first().textContent()) ?? '')?.[0] ?? '';
    expect(secret).not.toBe('');

    await expectStatus(201, authority.request({ method: 'POST', url: '/v1/products', payload: { id: 'studio', name: 'Studio' } }));
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    expect(verifySignature(secret, String(receiver.received[0]!.headers['airlock-signature']), receiver.received[0]!.body, authority.clock.now())).toBe(true);

    await open('/console/webhooks');
    await page.getByRole('link', { name: receiver.url }).click();
    await page.locator('html[data-airlock-ready="true"]').waitFor();
    const delivery = page.locator('#deliveries tr', { hasText: 'product.create' });
    expect(await delivery.textContent()).toContain('delivered');
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
    expect(receiver.received[1]!.eventId).toBe(receiver.received[0]!.eventId);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    const rotated = page.locator('.flash, [role="status"]', { hasText: 'New signing secret, shown only now' });
    await rotated.first().waitFor();
    expect(await rotated.first().textContent()).not.toContain(secret);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#settings').getByRole('button', { name: 'Disable' }).click();
    await page.locator('.flash', { hasText: 'Endpoint disabled.' }).waitFor();
    await open('/console/webhooks');
    expect(await page.locator('#endpoints tr', { hasText: receiver.url }).textContent()).toContain('disabled');
  }, 60_000);
});
