import { licenseFileRequestKind, type EnablementToken } from '@airlock/core';
import { createTestParty, signUncheckedDocument } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('lfr-text/plant');

/**
 * A site that does not check its users' names can sign an LFR naming `nul\u0000user`: the
 * authority refuses it with a code, before anything is stored, instead of failing in its database.
 */
describeEachStore('LFRs carrying characters no name may hold', (context) => {
  let token: EnablementToken;

  /** A real LFR of the plant, signed by its key, whose one seat is held by `user`. */
  async function lfrWithUser(user: string): Promise<string> {
    const { authority, clock, deps } = context();
    const { claims } = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, seats: { 'bot-runner': ['placeholder'] } });
    const forged = { ...claims, usage: { ...claims.usage, seats: [{ type: 'bot-runner', used: 1, users: [user] }] } };
    return signUncheckedDocument(licenseFileRequestKind, forged, {
      signer: plant.signingKey,
      recipient: authority.encryptionKey.publicJwk,
      random: deps.random,
    });
  }

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
  });

  it.each([
    ['NUL', 'nul\u0000user', 'U+0000'],
    ['an unpaired surrogate', 'half\ud800user', 'U+D800'],
    ['a line feed', 'two\nlines', 'U+000A'],
    ['an escape', 'esc\u001b[31muser', 'U+001B'],
  ])('refuses an LFR whose seat user name holds %s with PAYLOAD_INVALID, and stores nothing', async (_what, user, character) => {
    const { database, request } = context();
    const before = await countWrites(database.db);
    const response = await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: await lfrWithUser(user) } });
    expect({ status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ status: 422, code: 'PAYLOAD_INVALID' });
    expect(response.json<{ errors: { path: string; reason: string } }>().errors).toMatchObject({
      path: '/usage/seats/0/users/0',
      reason: expect.stringContaining(character) as string,
    });
    expect(await countWrites(database.db)).toEqual(before);
  });

  it('takes the same LFR when the name is clean, so the refusals above are the name’s', async () => {
    const response = await context().request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: await lfrWithUser('José Müller') } });
    expect(response.statusCode).toBe(201);
  });
});
