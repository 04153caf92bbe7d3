import { armor, dearmor, MAX_DOCUMENT_CHARS, type EnablementToken } from '@airlock/core';
import { createTestAuthority, createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { BODY_LIMIT } from '../../app.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('lfr-refusals/plant');

/** Replaces one character in the middle of a segment of the armoured JOSE body. */
function alterSegment(text: string, segment: number): string {
  const { label, body } = dearmor(text);
  const parts = body.split('.');
  const target = parts[segment]!;
  const middle = Math.floor(target.length / 2);
  parts[segment] = `${target.slice(0, middle)}${target[middle] === 'A' ? 'B' : 'A'}${target.slice(middle + 1)}`;
  return armor(label, parts.join('.'));
}

describeEachStore('bad LFR uploads', (context) => {
  let token: EnablementToken;
  const lfr = (input: Partial<LfrInput> = {}) => {
    const { authority, clock, deps } = context();
    return makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, ...input });
  };
  const upload = (payload: unknown) => context().request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: payload as object });

  /** Uploads and expects a refusal with this status and code that writes nothing at all. */
  async function expectRefused(payload: unknown, status: number, code: string): Promise<void> {
    const { database } = context();
    const before = await countWrites(database.db);
    const response = await upload(payload);
    expect({ status: response.statusCode, code: response.json<{ code: string }>().code }).toEqual({ status, code });
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await countWrites(database.db)).toEqual(before);
  }

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
  });

  it('refuses a body over the server limit with DOCUMENT_TOO_LARGE', async () => {
    await expectRefused({ text: 'x'.repeat(BODY_LIMIT + 1) }, 413, 'DOCUMENT_TOO_LARGE');
  });

  it('refuses a text larger than any Airlock document with DOCUMENT_TOO_LARGE', async () => {
    const { text } = await lfr();
    await expectRefused({ text: text + ' '.repeat(MAX_DOCUMENT_CHARS) }, 413, 'DOCUMENT_TOO_LARGE');
  });

  it('refuses text that is no Airlock document with DOCUMENT_MALFORMED', async () => {
    await expectRefused({ text: 'please send me a license' }, 400, 'DOCUMENT_MALFORMED');
  });

  it('refuses a file cut short in transit with DOCUMENT_MALFORMED', async () => {
    const { text } = await lfr();
    await expectRefused({ text: text.slice(0, Math.floor(text.length / 2)) }, 400, 'DOCUMENT_MALFORMED');
  });

  it('refuses a body of the wrong shape with REQUEST_INVALID', async () => {
    await expectRefused({ text: 42 }, 400, 'REQUEST_INVALID');
    await expectRefused({ lfr: 'x' }, 400, 'REQUEST_INVALID');
  });

  it('refuses another kind of document with WRONG_DOCUMENT_KIND', async () => {
    await expectRefused({ text: armor('ENABLEMENT TOKEN', 'abc.def.ghi') }, 422, 'WRONG_DOCUMENT_KIND');
  });

  it('refuses an altered file with DECRYPTION_FAILED', async () => {
    const { text } = await lfr();
    await expectRefused({ text: alterSegment(text, 3) }, 422, 'DECRYPTION_FAILED');
  });

  it('refuses a file whose signature is not made by the key it names with SIGNATURE_INVALID', async () => {
    const other = createTestParty('lfr-refusals/other');
    const { text } = await lfr({ signer: { ...plant.signingKey, privateKey: other.signingKey.privateKey } });
    await expectRefused({ text }, 422, 'SIGNATURE_INVALID');
  });

  it('refuses a file encrypted to another authority with WRONG_RECIPIENT', async () => {
    const { clock, deps } = context();
    const elsewhere = await createTestAuthority('lfr-refusals/elsewhere');
    const { text } = await makeLfr(elsewhere, {
      token: { ...token, authorityEncryptionKey: elsewhere.encryptionCertificate },
      site: plant,
      now: clock.now(),
      random: deps.random,
    });
    await expectRefused({ text }, 422, 'WRONG_RECIPIENT');
  });

  it('refuses a file made later than now with DOCUMENT_FROM_FUTURE', async () => {
    const { text } = await lfr({ now: new Date(context().clock.now().getTime() + 3_600_000) });
    await expectRefused({ text }, 422, 'DOCUMENT_FROM_FUTURE');
  });

  it('refuses a replayed file, already answered by an OLF, with LFR_ALREADY_USED', async () => {
    const { request } = context();
    const { text, claims } = await lfr();
    expect((await upload({ text })).statusCode).toBe(201);
    const olf = await request({
      method: 'POST',
      url: `/v1/customers/acme/lfrs/${claims.jti}/olf`,
      payload: { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 1 }] },
    });
    expect(olf.statusCode).toBe(201);
    await expectRefused({ text }, 409, 'LFR_ALREADY_USED');
  });

  it('answers an upload for an unknown customer NOT_FOUND', async () => {
    const { database, request } = context();
    const before = await countWrites(database.db);
    const { text } = await lfr({ cycle: 2 });
    expect((await request({ method: 'POST', url: '/v1/customers/nobody/lfrs', payload: { text } })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await countWrites(database.db)).toEqual(before);
  });
});
