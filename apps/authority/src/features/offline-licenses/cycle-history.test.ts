import type { EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('cycle-history/plant');
const HOUR = 3_600_000;

describeEachStore('cycle history and usage', (context) => {
  let token: EnablementToken;
  const ids: Record<string, string> = {};
  let olfId: string;
  let openedAt: string;

  /** The site makes an LFR now and the customer uploads it; `name` keeps its id. */
  async function send(name: string, input: Partial<LfrInput>): Promise<void> {
    const { authority, clock, deps, request } = context();
    const { text, claims } = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, ...input });
    const response = await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } });
    expect(response.statusCode).toBe(201);
    ids[name] = claims.jti;
  }

  beforeAll(async () => {
    const { database, authority, clock, deps, request } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
    const cycleOpenedAt = clock.now();
    openedAt = cycleOpenedAt.toISOString();
    await send('c1s1', { seats: { 'bot-runner': ['ada'] }, meters: { 'bot-runs': 10 } });
    clock.advance(HOUR);
    await send('c1s2', { sequence: 2, cycleOpenedAt, seats: { 'bot-runner': ['ada', 'grace'] }, meters: { 'bot-runs': 25 } });
    await send('second', { tenant: 'second', seats: { 'bot-runner': ['linus'] } });
    const olf = await request({
      method: 'POST',
      url: `/v1/customers/acme/lfrs/${ids.c1s2}/olf`,
      payload: { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 5 }] },
    });
    olfId = olf.json<{ id: string }>().id;
    clock.advance(HOUR);
    await send('c2s1', { cycle: 2, seats: { 'bot-runner': ['ada', 'grace', 'hopper'] }, meters: { 'bot-runs': 40 } });
  });

  it('shows every cycle of a site per tenant: each LFR, whether superseded, and the OLF issued from it', async () => {
    const { request } = context();
    const response = await request({
      method: 'GET',
      url: `/v1/customers/acme/sites/${plant.guid.toUpperCase()}/cycles`,
      as: { kind: 'customer-user', id: 'u', customerId: 'acme' },
    });
    expect(response.json()).toEqual({
      siteGuid: plant.guid,
      tenants: [
        {
          tenant: 'default',
          cycles: [
            {
              cycle: 1,
              openedAt,
              lfrs: [
                { id: ids.c1s1, sequence: 1, issuedAt: '2026-11-23T10:00:00.000Z', receivedAt: '2026-11-23T10:00:00.000Z', superseded: true, olf: null },
                {
                  id: ids.c1s2,
                  sequence: 2,
                  issuedAt: '2026-11-23T11:00:00.000Z',
                  receivedAt: '2026-11-23T11:00:00.000Z',
                  superseded: true,
                  olf: {
                    id: olfId,
                    lfrId: ids.c1s2,
                    start: '2026-11-23',
                    end: '2027-11-22',
                    entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 5 }],
                    issuedAt: '2026-11-23T11:00:00.000Z',
                  },
                },
              ],
            },
            {
              cycle: 2,
              openedAt: '2026-11-23T12:00:00.000Z',
              lfrs: [{ id: ids.c2s1, sequence: 1, issuedAt: '2026-11-23T12:00:00.000Z', receivedAt: '2026-11-23T12:00:00.000Z', superseded: false, olf: null }],
            },
          ],
        },
        {
          tenant: 'second',
          cycles: [
            {
              cycle: 1,
              openedAt: '2026-11-23T11:00:00.000Z',
              lfrs: [
                { id: ids.second, sequence: 1, issuedAt: '2026-11-23T11:00:00.000Z', receivedAt: '2026-11-23T11:00:00.000Z', superseded: false, olf: null },
              ],
            },
          ],
        },
      ],
    });
  });

  it('shows the latest usage of every site tenant and its history over time', async () => {
    const { request } = context();
    const usage = (seats: Record<string, string[]>, runs?: number) => ({
      seats: Object.entries(seats).map(([type, users]) => ({ type, used: users.length, users })),
      meters: runs === undefined ? [] : [{ type: 'bot-runs', total: runs }],
      ledger: { sequence: 0, head: '0'.repeat(64) },
    });
    const report = (id: string, cycle: number, sequence: number, at: string, reported: ReturnType<typeof usage>) => ({
      lfrId: id,
      cycle,
      sequence,
      issuedAt: at,
      receivedAt: at,
      usage: reported,
    });
    const c2s1 = report(ids.c2s1!, 2, 1, '2026-11-23T12:00:00.000Z', usage({ 'bot-runner': ['ada', 'grace', 'hopper'] }, 40));
    const second = report(ids.second!, 1, 1, '2026-11-23T11:00:00.000Z', usage({ 'bot-runner': ['linus'] }));
    const response = await request({ method: 'GET', url: '/v1/customers/acme/usage' });
    expect(response.json()).toEqual({
      sites: [
        {
          siteGuid: plant.guid,
          tenant: 'default',
          latest: c2s1,
          history: [
            report(ids.c1s1!, 1, 1, '2026-11-23T10:00:00.000Z', usage({ 'bot-runner': ['ada'] }, 10)),
            report(ids.c1s2!, 1, 2, '2026-11-23T11:00:00.000Z', usage({ 'bot-runner': ['ada', 'grace'] }, 25)),
            c2s1,
          ],
        },
        { siteGuid: plant.guid, tenant: 'second', latest: second, history: [second] },
      ],
    });
  });

  it('answers NOT_FOUND for a site of no such customer, an unknown site, an unknown customer and an unknown OLF', async () => {
    const { request } = context();
    const stranger = createTestParty('cycle-history/stranger');
    for (const url of [
      `/v1/customers/globex/sites/${plant.guid}/cycles`,
      `/v1/customers/acme/sites/${stranger.guid}/cycles`,
      '/v1/customers/globex/usage',
      '/v1/customers/acme/olfs/no-such-olf',
      `/v1/customers/globex/olfs/${olfId}`,
    ]) {
      expect((await request({ method: 'GET', url })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
