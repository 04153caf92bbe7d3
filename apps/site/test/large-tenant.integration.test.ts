import { dearmor, MAX_DOCUMENT_CHARS } from '@airlock/core';
import { COMPRESS_ABOVE_BYTES } from '@airlock/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomer } from '../../authority/src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { startTestAuthority, stores, type TestContext } from '../../authority/test/harness.ts';
import { createTestSite, refusal, type TestSite } from '../src/testing/site-fixtures.ts';

/**
 * A tenant at the size the LFR's format allows: 100,000 holders of a seat type. Its LFR names
 * every holder, and sign-then-encrypt base64-encodes those names twice; compression
 * (docs/formats.md §4) is what keeps the file within the armour's 1 MiB. The real authority,
 * in process, reads it, and answers with an OLF the site installs. Timings are in the site
 * bench (`npm run bench`), not here.
 */
const HOLDERS = 100_000;
const holder = (i: number) => `operator-${String(i).padStart(6, '0')}@plant-7.example.com`;

describe.each(stores.map((store) => [store.name, store] as const))('a tenant with 100,000 seat holders of a type (%s)', (_name, store) => {
  let authority: (TestContext & { dispose(): Promise<void> }) | undefined;
  let test: TestSite;

  beforeAll(async () => {
    authority = await startTestAuthority(store);
    await seedCustomer(authority.database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': HOLDERS } }, authority.clock.now());
    test = await createTestSite({ root: authority.authority.root.publicJwk, seed: 'large-tenant/site' });
    const guid = test.identity.guid.toLowerCase();
    expect((await authority.request({ method: 'POST', url: '/v1/customers/acme/sites', payload: { guid, name: 'Plant 7' } })).statusCode).toBe(201);
    const token = await authority.request({ method: 'POST', url: `/v1/customers/acme/sites/${guid}/enablement-token` });
    await test.site.installToken('default', token.json<{ text: string }>().text);
  }, 120_000);

  afterAll(async () => {
    await test?.site.close();
    await authority?.dispose();
  });

  /** Uploads the site's next LFR and answers it with an OLF for every purchased seat; returns what the authority read. */
  async function exchange(): Promise<{ text: string; usage: { seats: { type: string; used: number }[] } }> {
    const { request } = authority!;
    const lfr = await test.site.generateLfr('default');
    const upload = await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: lfr.text } });
    expect(upload.statusCode).toBe(201);
    const { lfr: stored } = upload.json<{ lfr: { id: string; usage: { seats: { type: string; used: number }[] } } }>();
    const olf = await request({
      method: 'POST',
      url: `/v1/customers/acme/lfrs/${stored.id}/olf`,
      payload: { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: HOLDERS }] },
    });
    expect(olf.statusCode).toBe(201);
    const installed = await test.site.installOlf('default', olf.json<{ text: string }>().text);
    expect(installed.tenant).toBe('default');
    return { text: lfr.text, usage: stored.usage };
  }

  it('generates, uploads, issues and installs: the LFR naming every holder is compressed within the armour limit', async () => {
    await exchange();
    for (let from = 0; from < HOLDERS; from += 2_000) {
      await Promise.all(Array.from({ length: 2_000 }, (_, i) => test.site.checkoutSeat('default', 'bot-runner', holder(from + i))));
    }
    expect((await refusal(test.site.checkoutSeat('default', 'bot-runner', holder(HOLDERS)))).code).toBe('SEAT_LIMIT_REACHED');

    const { text, usage } = await exchange();
    expect(usage.seats).toEqual([expect.objectContaining({ type: 'bot-runner', used: HOLDERS })]);
    expect(text.length).toBeLessThan(MAX_DOCUMENT_CHARS);
    const header = JSON.parse(Buffer.from(dearmor(text).body.split('.')[0]!, 'base64url').toString()) as { zip?: string };
    expect(header.zip).toBe('DEF');
    // Without compression the names alone, base64url-encoded twice, would pass the limit.
    expect(HOLDERS * holder(0).length * (4 / 3) ** 2).toBeGreaterThan(MAX_DOCUMENT_CHARS);
    expect(text.length).toBeGreaterThan(COMPRESS_ABOVE_BYTES);

    // Every holder keeps a seat under the new OLF: a holder checks out again without taking another.
    const again = await test.site.checkoutSeat('default', 'bot-runner', holder(HOLDERS - 1));
    expect(again).toMatchObject({ assigned: false, used: HOLDERS, limit: HOLDERS });
  }, 300_000);
});
