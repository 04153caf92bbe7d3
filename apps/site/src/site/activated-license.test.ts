import { armor, days, dearmor, deriveRegistrationKey } from '@airlock/core';
import { createTestAuthority, createTestParty } from '@airlock/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, licenseTenant, refusal, seat, START, type TestSite } from '../testing/site-fixtures.ts';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';

/**
 * docs/design.md, F5 and F6 on the site's side: activated licenses, made by a test authority that merges
 * orders as the real one does, installed on the tenant whose Registration Key they name, in
 * force at once, never rolled back, each tenant on its own.
 */
describe('activated licenses on a site', () => {
  let test: TestSite;
  let desk: TestActivationDesk;
  let rk: Record<string, string>;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['blue', 'green'] });
    desk = new TestActivationDesk(test.desk.authority, test.clock);
    rk = Object.fromEntries(test.site.tenants().map((tenant) => [tenant.tenant, tenant.registrationKey]));
  });

  const ledgerSequence = () => test.site.info().ledger.sequence;

  it('applies a license at once, and a newer one on top of it, without a restart', async () => {
    const { site } = test;
    expect(await refusal(site.checkoutSeat('blue', 'bot-runner', 'ana'))).toEqual({ code: 'SITE_NOT_LICENSED', detail: { tenant: 'blue' } });

    const first = await desk.activate(rk.blue!, [item('bot-runner', 5), item('bot-runner', 3, 'term', '2027-01-31')]);
    expect(await site.installActivatedLicense(first.text)).toEqual({
      tenant: 'blue',
      licenseId: first.claims.jti,
      registrationKey: rk.blue,
      customerId: 'acme',
      revision: 1,
      activatedLrn: first.lrn,
      lrns: [first.lrn],
      items: [item('bot-runner', 5), item('bot-runner', 3, 'term', '2027-01-31')],
      entitlements: [{ licenseType: 'bot-runner', quantity: 8 }],
      endsOn: null,
      replaces: null,
    });
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8']) await site.checkoutSeat('blue', 'bot-runner', user);
    expect(await refusal(site.checkoutSeat('blue', 'bot-runner', 'u9'))).toEqual({
      code: 'SEAT_LIMIT_REACHED',
      detail: { tenant: 'blue', type: 'bot-runner', limit: 8, used: 8 },
    });

    const second = await desk.activate(rk.blue!, [item('bot-creator', 2, 'pilot', '2026-12-31')]);
    const installed = await site.installActivatedLicense(second.text);
    expect(installed).toMatchObject({ revision: 2, lrns: [first.lrn, second.lrn], replaces: { document: 'activated-license', id: first.claims.jti } });
    expect(await site.checkoutSeat('blue', 'bot-creator', 'ana')).toEqual({
      tenant: 'blue',
      type: 'bot-creator',
      user: 'ana',
      assigned: true,
      used: 1,
      limit: 2,
    });

    const status = site.status('blue');
    expect(status).toMatchObject({
      status: 'active',
      license: null,
      activatedLicense: {
        licenseId: second.claims.jti,
        registrationKey: rk.blue,
        customerId: 'acme',
        revision: 2,
        activatedLrn: second.lrn,
        lrns: [first.lrn, second.lrn],
        issuedAt: START.toISOString(),
        installedAt: START.toISOString(),
        endsOn: null,
        items: [
          { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent', expiresOn: null, inForce: true, expires: null },
          {
            product: 'automation',
            licenseType: 'bot-runner',
            quantity: 3,
            kind: 'term',
            expiresOn: '2027-01-31',
            inForce: true,
            expires: { at: '2027-02-01T00:00:00.000Z', left: Date.parse('2027-02-01T00:00:00Z') - START.getTime() },
          },
          {
            product: 'automation',
            licenseType: 'bot-creator',
            quantity: 2,
            kind: 'pilot',
            expiresOn: '2026-12-31',
            inForce: true,
            expires: { at: '2027-01-01T00:00:00.000Z', left: Date.parse('2027-01-01T00:00:00Z') - START.getTime() },
          },
        ],
        entitlements: [
          { licenseType: 'bot-creator', quantity: 2 },
          { licenseType: 'bot-runner', quantity: 8 },
        ],
      },
      seats: [
        { type: 'bot-creator', used: 1, limit: 2, users: ['ana'] },
        { type: 'bot-runner', used: 8, limit: 8, users: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'] },
      ],
    });
    // What the ledger holds is what the state was: a restart rebuilds the same tenant.
    await test.restart();
    expect(test.site.status('blue')).toEqual(status);
  });

  it('keeps the license through a checkpoint, and counts it as seats, a meter or a feature as the application asks', async () => {
    test = await createTestSite({ tenants: ['blue'], checkpointEvery: 1 });
    desk = new TestActivationDesk(test.desk.authority, test.clock);
    const blue = test.site.tenants()[0]!.registrationKey;
    await test.site.installActivatedLicense((await desk.activate(blue, [item('bot-runs', 100), item('export', 1), item('bot-runner', 1)])).text);
    await test.restart();
    const { site } = test;
    expect(await site.consume('blue', 'bot-runs', 60)).toEqual({ tenant: 'blue', meter: 'bot-runs', amount: 60, total: 60, limit: 100 });
    expect(await refusal(site.consume('blue', 'bot-runs', 41))).toEqual({
      code: 'METER_LIMIT_REACHED',
      detail: { tenant: 'blue', meter: 'bot-runs', used: 60, amount: 41, limit: 100 },
    });
    expect(site.checkFeature('blue', 'export')).toEqual({ tenant: 'blue', feature: 'export', granted: true });
    expect(await refusal(() => site.checkFeature('blue', 'print'))).toEqual({ code: 'FEATURE_NOT_LICENSED', detail: { tenant: 'blue', feature: 'print' } });
    expect(await site.checkoutSeat('blue', 'bot-runner', 'ana')).toMatchObject({ assigned: true, used: 1, limit: 1 });
    expect(await refusal(site.checkoutSeat('blue', 'bot-designer', 'ana'))).toMatchObject({ code: 'LICENSE_TYPE_NOT_LICENSED' });
    // Listed where they are in use: the seat type held, the meter consumed; every type with its quantity in the license's own block.
    expect(site.status('blue')).toMatchObject({
      seats: [{ type: 'bot-runner', used: 1, limit: 1, users: ['ana'] }],
      meters: [{ meter: 'bot-runs', used: 60, limit: 100 }],
      activatedLicense: {
        entitlements: [
          { licenseType: 'bot-runner', quantity: 1 },
          { licenseType: 'bot-runs', quantity: 100 },
          { licenseType: 'export', quantity: 1 },
        ],
      },
    });
  });

  it("drops a pilot when a later merge leaves it out, and refuses that license while the pilot's seats are in use", async () => {
    const { site } = test;
    const first = await desk.activate(rk.blue!, [item('bot-runner', 5), item('bot-runner', 2, 'term', '2027-06-30')]);
    const pilot = await desk.activate(rk.blue!, [item('bot-creator', 2, 'pilot', '2027-03-31')]);
    const third = await desk.activate(rk.blue!, [item('bot-runner', 4, 'term', '2027-12-31')]);
    await site.installActivatedLicense(first.text);
    await site.installActivatedLicense(pilot.text);
    await site.checkoutSeat('blue', 'bot-creator', 'linus');
    await site.checkoutSeat('blue', 'bot-creator', 'ada');

    const before = site.status('blue');
    const sequence = ledgerSequence();
    expect(await refusal(site.installActivatedLicense(third.text))).toEqual({
      code: 'SEAT_REDUCTION_BELOW_USE',
      detail: { violations: [{ type: 'bot-creator', used: 2, limit: 0, users: ['ada', 'linus'] }] },
    });
    expect(site.status('blue')).toEqual(before);
    // The refusal of an authentic license is in the audit; nothing else was recorded.
    expect(ledgerSequence()).toBe(sequence + 1);
    expect(site.usage('blue', { events: 1 }).events[0]!.event).toEqual({
      t: 'document-refused',
      tenant: 'blue',
      document: 'activated-license',
      documentId: third.claims.jti,
      code: 'SEAT_REDUCTION_BELOW_USE',
      by: 'site-admin',
    });

    await site.deprovision('blue', 'linus');
    await site.deprovision('blue', 'ada');
    expect(await site.installActivatedLicense(third.text)).toMatchObject({
      revision: 3,
      lrns: [first.lrn, pilot.lrn, third.lrn],
      items: [item('bot-runner', 5), item('bot-runner', 2, 'term', '2027-06-30'), item('bot-runner', 4, 'term', '2027-12-31')],
      entitlements: [{ licenseType: 'bot-runner', quantity: 11 }],
    });
    expect(await refusal(site.checkoutSeat('blue', 'bot-creator', 'ada'))).toEqual({
      code: 'LICENSE_TYPE_NOT_LICENSED',
      detail: { tenant: 'blue', type: 'bot-creator', expected: 'seat' },
    });
  });

  it('counts a term item to the end of its expiry day, UTC, and expires a license whose every item has ended', async () => {
    const { site, clock } = test;
    await site.installActivatedLicense((await desk.activate(rk.blue!, [item('bot-runner', 2), item('bot-runner', 3, 'term', '2026-12-31')])).text);
    await site.installActivatedLicense((await desk.activate(rk.green!, [item('bot-runner', 1, 'temporary', '2026-12-31')])).text);
    for (const user of ['a', 'b', 'c', 'd']) await site.checkoutSeat('blue', 'bot-runner', user);

    clock.set(new Date('2026-12-31T23:59:59.999Z'));
    expect(await site.checkoutSeat('blue', 'bot-runner', 'e')).toMatchObject({ assigned: true, used: 5, limit: 5 });
    expect(site.checkFeature('green', 'bot-runner')).toMatchObject({ granted: true });
    expect(site.status('green')).toMatchObject({ status: 'expiring-soon', activatedLicense: { endsOn: '2026-12-31' } });
    await site.releaseSeat('blue', 'bot-runner', 'e');

    clock.set(new Date('2027-01-01T00:00:00.000Z'));
    // The seats held stay held; no new one is given beyond the permanent two.
    expect(await refusal(site.checkoutSeat('blue', 'bot-runner', 'e'))).toEqual({
      code: 'SEAT_LIMIT_REACHED',
      detail: { tenant: 'blue', type: 'bot-runner', limit: 2, used: 4 },
    });
    expect(site.status('blue')).toMatchObject({
      status: 'active',
      activatedLicense: {
        items: [
          { kind: 'permanent', inForce: true },
          { kind: 'term', expiresOn: '2026-12-31', inForce: false, expires: { at: '2027-01-01T00:00:00.000Z', left: 0 } },
        ],
        entitlements: [{ licenseType: 'bot-runner', quantity: 2 }],
      },
      seats: [{ type: 'bot-runner', used: 4, limit: 2 }],
    });
    expect(await refusal(() => site.checkFeature('green', 'bot-runner'))).toEqual({
      code: 'LICENSE_EXPIRED',
      detail: { tenant: 'green', endsOn: '2026-12-31', now: '2027-01-01T00:00:00.000Z' },
    });
    expect(site.status('green')).toMatchObject({ status: 'expired', activatedLicense: { entitlements: [] } });
  });

  it('refuses a license every item of which has ended', async () => {
    const ended = await desk.activate(rk.blue!, [item('bot-runner', 3, 'term', '2026-11-30')]);
    test.clock.advance(days(8));
    const sequence = ledgerSequence();
    expect(await refusal(test.site.installActivatedLicense(ended.text))).toEqual({
      code: 'LICENSE_EXPIRED',
      detail: { tenant: 'blue', endsOn: '2026-11-30', now: '2026-12-01T10:00:00.000Z' },
    });
    expect(test.site.status('blue')).toMatchObject({ status: 'unlicensed', activatedLicense: null });
    expect(ledgerSequence()).toBe(sequence + 1);
  });

  it('refuses an older or the same revision after a newer one, and records the refusal', async () => {
    const { site } = test;
    const first = await desk.activate(rk.blue!, [item('bot-runner', 5)]);
    const second = await desk.activate(rk.blue!, [item('bot-runner', 1)]);
    await site.installActivatedLicense(second.text);
    const before = site.status('blue');
    expect(await refusal(site.installActivatedLicense(first.text))).toEqual({
      code: 'ACTIVATED_LICENSE_NOT_NEWER',
      detail: { tenant: 'blue', installed: 2, found: 1 },
    });
    expect(await refusal(site.installActivatedLicense(second.text))).toEqual({
      code: 'ACTIVATED_LICENSE_NOT_NEWER',
      detail: { tenant: 'blue', installed: 2, found: 2 },
    });
    expect(site.status('blue')).toEqual(before);
    expect(site.usage('blue', { events: 2 }).events.map((entry) => entry.event)).toEqual([
      {
        t: 'document-refused',
        tenant: 'blue',
        document: 'activated-license',
        documentId: second.claims.jti,
        code: 'ACTIVATED_LICENSE_NOT_NEWER',
        by: 'site-admin',
      },
      {
        t: 'document-refused',
        tenant: 'blue',
        document: 'activated-license',
        documentId: first.claims.jti,
        code: 'ACTIVATED_LICENSE_NOT_NEWER',
        by: 'site-admin',
      },
    ]);
  });

  it("refuses a license for a Registration Key that is none of this site's tenants', or another tenant's than the one named", async () => {
    const { site } = test;
    const other = createTestParty('another site');
    const elsewhere = deriveRegistrationKey({ siteGuid: other.guid, tenantId: 'blue', siteKeyThumbprint: other.signingKey.kid });
    const foreign = await desk.activate(elsewhere, [item('bot-runner', 5)]);
    const green = await desk.activate(rk.green!, [item('bot-runner', 5)]);
    const sequence = ledgerSequence();

    expect(await refusal(site.installActivatedLicense(foreign.text))).toEqual({
      code: 'WRONG_RECIPIENT',
      detail: { reason: "the Registration Key is none of this site's tenants'", found: elsewhere },
    });
    expect(await refusal(site.installActivatedLicense(foreign.text, { tenant: 'blue' }))).toEqual({
      code: 'WRONG_RECIPIENT',
      detail: { expected: `rk:${rk.blue}`, found: `rk:${elsewhere}` },
    });
    expect(await refusal(site.installActivatedLicense(green.text, { tenant: 'blue' }))).toMatchObject({
      code: 'WRONG_RECIPIENT',
      detail: { expected: `rk:${rk.blue}`, found: `rk:${rk.green}` },
    });
    expect(await refusal(site.installActivatedLicense(green.text, { tenant: 'red' }))).toEqual({ code: 'TENANT_NOT_FOUND', detail: { tenant: 'red' } });
    expect(ledgerSequence()).toBe(sequence);
    expect(site.status('blue')).toMatchObject({ status: 'unlicensed', activatedLicense: null });
    expect(await site.installActivatedLicense(green.text, { tenant: 'green' })).toMatchObject({ tenant: 'green', revision: 1 });
  });

  it('refuses a license signed by another authority, an altered one and other documents, recording nothing', async () => {
    const { site } = test;
    const genuine = await desk.activate(rk.blue!, [item('bot-runner', 5)]);
    const forger = new TestActivationDesk(await createTestAuthority('a forger'), test.clock);
    const forged = await forger.activate(rk.blue!, [item('bot-runner', 500)]);
    const [header, payload, signature] = dearmor(genuine.text).body.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const inflated = Buffer.from(JSON.stringify({ ...claims, items: [item('bot-runner', 500)] })).toString('base64url');
    const sequence = ledgerSequence();

    expect((await refusal(site.installActivatedLicense(forged.text))).code).toBe('KEY_CERTIFICATE_INVALID');
    expect((await refusal(site.installActivatedLicense(armor('ACTIVATED LICENSE', `${header}.${inflated}.${signature}`)))).code).toBe('SIGNATURE_INVALID');
    expect((await refusal(site.installActivatedLicense(genuine.text.slice(0, genuine.text.length / 2)))).code).toBe('DOCUMENT_MALFORMED');
    expect((await refusal(site.installActivatedLicense(await test.desk.token(test.identity.guid)))).code).toBe('WRONG_DOCUMENT_KIND');
    expect((await refusal(site.installActivatedLicense(42))).code).toBe('DOCUMENT_MALFORMED');
    expect(ledgerSequence()).toBe(sequence);
    expect(site.status('blue')).toMatchObject({ status: 'unlicensed', activatedLicense: null });
  });

  it("keeps tenants apart: one tenant's license grants nothing to another, whose own license is its own", async () => {
    const { site } = test;
    await site.installActivatedLicense((await desk.activate(rk.blue!, [item('bot-runner', 3)])).text);
    expect(await refusal(site.checkoutSeat('green', 'bot-runner', 'ana'))).toEqual({ code: 'SITE_NOT_LICENSED', detail: { tenant: 'green' } });
    expect(site.status('green')).toMatchObject({ status: 'unlicensed', activatedLicense: null });

    await site.installActivatedLicense((await desk.activate(rk.green!, [item('bot-runner', 1)])).text);
    await site.checkoutSeat('green', 'bot-runner', 'ana');
    expect(await refusal(site.checkoutSeat('green', 'bot-runner', 'bo'))).toMatchObject({ code: 'SEAT_LIMIT_REACHED', detail: { limit: 1 } });
    for (const user of ['ana', 'bo', 'cy']) await site.checkoutSeat('blue', 'bot-runner', user);
    expect(site.status('blue')).toMatchObject({
      activatedLicense: { revision: 1, entitlements: [{ licenseType: 'bot-runner', quantity: 3 }] },
      seats: [{ type: 'bot-runner', used: 3, limit: 3 }],
    });
    expect(site.status('green')).toMatchObject({
      activatedLicense: { revision: 1, entitlements: [{ licenseType: 'bot-runner', quantity: 1 }] },
      seats: [{ type: 'bot-runner', used: 1, limit: 1 }],
    });
  });

  it('replaces an OLF and closes its cycle; a later OLF replaces it in turn, and no older activated license comes back', async () => {
    const { site, clock } = test;
    await licenseTenant(test, 'blue', [seat('bot-runner', 10)]);
    const olfId = site.status('blue').license!.olfId;
    await site.generateLfr('blue');
    expect(site.status('blue')).toMatchObject({ status: 'awaiting-olf' });

    const first = await desk.activate(rk.blue!, [item('bot-runner', 4)]);
    expect(await site.installActivatedLicense(first.text)).toMatchObject({ replaces: { document: 'offline-license-file', id: olfId } });
    expect(site.status('blue')).toMatchObject({
      status: 'active',
      license: null,
      activatedLicense: { revision: 1 },
      cycle: { status: 'idle', deadlines: null },
    });
    // The abandoned cycle does not lock the tenant.
    clock.advance(days(8));
    expect(await site.checkoutSeat('blue', 'bot-runner', 'ana')).toMatchObject({ assigned: true, limit: 4 });

    const lfr = await site.generateLfr('blue');
    const olf = await site.installOlf('blue', await test.desk.answer(lfr.text, { entitlements: [seat('bot-runner', 6)] }));
    expect(olf.replaces).toBe(first.claims.jti);
    expect(site.status('blue')).toMatchObject({ license: { olfId: olf.olfId }, activatedLicense: null, seats: [{ type: 'bot-runner', used: 1, limit: 6 }] });

    expect(await refusal(site.installActivatedLicense(first.text))).toMatchObject({ code: 'ACTIVATED_LICENSE_NOT_NEWER', detail: { installed: 1, found: 1 } });
    const second = await desk.activate(rk.blue!, [item('bot-runner', 1)]);
    expect(await site.installActivatedLicense(second.text)).toMatchObject({
      revision: 2,
      replaces: { document: 'offline-license-file', id: olf.olfId },
      entitlements: [{ licenseType: 'bot-runner', quantity: 5 }],
    });
  });
});
