import { days, openDeviceActivationRequest, type DeviceLicenseTerms } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, defaultTerms, expectCode, START, storeBytes, testVendor, type TestVendor } from '../test/test-vendor.ts';
import { Airlock, type AirlockOptions } from './index.ts';

/**
 * The offline period of a license activated online and the grace after expiry, as the SDK
 * enforces them from memory, and the check-in receipts that move the deadline: only a receipt
 * that chains to the pinned root, names this device and answers the request just sent counts.
 * The authority is a stand-in answering with real documents; the same flows against the real
 * authority are in apps/authority/test/device-check-in.test.ts.
 */
let vendor: TestVendor;
/** What the stand-in answers next, per path, given the request body. */
let answers: Record<string, (body: Record<string, string>) => Promise<unknown>>;

beforeEach(async () => {
  vendor = await testVendor();
  answers = {};
});
afterEach(() => vendor.dispose());

const standIn = (async (url: string, init?: RequestInit) => {
  const answer = answers[new URL(url).pathname];
  if (!answer) return new Response(JSON.stringify({ status: 404, code: 'NOT_FOUND' }), { status: 404 });
  const json = await answer(JSON.parse(init?.body as string) as Record<string, string>);
  return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
}) as unknown as typeof fetch;

const online: Partial<AirlockOptions> = { authorityUrl: 'http://authority.test', fetch: standIn };
/** An online license: 30 days offline at most, then 3 days of grace. */
const withDeadline: Partial<DeviceLicenseTerms> = { checks: { ...defaultTerms.checks, maxOffline: days(30), offlineGrace: days(3) } };

/** The id of an activation request, as the authority reads it. */
async function requestId(text: string): Promise<string> {
  const context = { now: vendor.clock.now(), rootKid: vendor.authority.root.kid, encryptionKey: vendor.authority.encryptionKey };
  return (await openDeviceActivationRequest(text, context)).claims.jti;
}

/** Validation answers: active, revision 1, with the receipt `receipt` makes for the request. */
function validateWith(receipt: (request: string) => Promise<string>) {
  answers['/v1/devices/validate'] = async (body) => ({
    activationId: 'act-1',
    licenseId: 'lic-1',
    status: 'active',
    revision: 1,
    receipt: await receipt(body.request!),
  });
}
const genuine = async (request: string) => vendor.receipt(await requestId(request));

describe('the offline period of a license activated online', () => {
  it('works until the check-in is due, then with a notice through the grace, then refuses CHECK_IN_REQUIRED', async () => {
    const { airlock } = await activatedDevice(vendor, withDeadline, online);
    expect(airlock.checkInDue).toEqual(new Date(START.getTime() + days(30)));
    vendor.clock.advance(days(10));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    vendor.clock.advance(days(21));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license, notice: { code: 'CHECK_IN_OVERDUE', until: new Date(START.getTime() + days(33)) } });
    expect(airlock.hasFeature('export')).toBe(true);
    vendor.clock.advance(days(3));
    expect(airlock.check()).toEqual({
      ok: false,
      code: 'CHECK_IN_REQUIRED',
      detail: {
        lastContact: START.toISOString(),
        dueAt: new Date(START.getTime() + days(30)).toISOString(),
        graceEndedAt: new Date(START.getTime() + days(33)).toISOString(),
      },
    });
    expect(airlock.hasFeature('export')).toBe(false);
    expect(airlock.checkFeature('export')).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });
    await expectCode(airlock.consume('renders', 1), 'CHECK_IN_REQUIRED');
  });

  it('comes back with a validation whose receipt verifies, and keeps the new deadline across a restart', async () => {
    const { airlock, options } = await activatedDevice(vendor, withDeadline, online);
    vendor.clock.advance(days(34));
    validateWith(genuine);
    expect(await airlock.refresh()).toMatchObject({ status: 'active', applied: false });
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    const due = new Date(START.getTime() + days(64));
    expect(airlock.checkInDue).toEqual(due);
    expect((await Airlock.open(options)).checkInDue).toEqual(due);
  });

  it('comes back with a check-in whose receipt answers the report just sent', async () => {
    const { airlock } = await activatedDevice(vendor, withDeadline, online);
    vendor.clock.advance(days(34));
    answers['/v1/devices/check-in'] = async (body) => {
      const { claims } = await vendor.openUsageReport(body.report!);
      return { licenseId: 'lic-1', activationId: 'act-1', sequence: claims.sequence, counted: true, receipt: await vendor.receipt(claims.jti) };
    };
    expect(await airlock.checkIn()).toEqual({ reported: [], status: 'active' });
    expect(airlock.check().ok).toBe(true);
    expect(airlock.checkInDue).toEqual(new Date(START.getTime() + days(64)));
  });

  it.each([
    ['made for another device', 'WRONG_RECIPIENT', (request: string) => requestId(request).then((id) => vendor.receipt(id, { fingerprint: 'device-b' }))],
    ['for another license', 'WRONG_RECIPIENT', (request: string) => requestId(request).then((id) => vendor.receipt(id, { licenseId: 'lic-2' }))],
    ['kept from an earlier request and played back', 'DOCUMENT_REPLAYED', () => vendor.receipt('0c8e7d6a-5b4f-4e3d-8c2b-1a0f9e8d7c6b')],
    ['altered', 'SIGNATURE_INVALID', (request: string) => genuine(request).then(alterPayload)],
    ['not a receipt', 'DOCUMENT_MALFORMED', () => Promise.resolve('a receipt')],
  ])('refuses a receipt %s, and changes nothing', async (_what, code, receipt) => {
    const { airlock, options } = await activatedDevice(vendor, withDeadline, online);
    vendor.clock.advance(days(34));
    const before = await storeBytes(options);
    validateWith(receipt);
    await expectCode(airlock.refresh(), code);
    expect(await storeBytes(options)).toEqual(before);
    expect(airlock.check()).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });
    expect(airlock.checkInDue).toEqual(new Date(START.getTime() + days(30)));
  });

  it("goes by the status the authority signed in the receipt, not the answer's unsigned one", async () => {
    const { airlock } = await activatedDevice(vendor, withDeadline, online);
    validateWith(async (request) => vendor.receipt(await requestId(request), { status: 'deactivated' }));
    expect(await airlock.refresh()).toEqual({ status: 'deactivated', revision: 1, applied: false, license: null });
    expect(airlock.check()).toMatchObject({ ok: false, code: 'DEVICE_DEACTIVATED' });
  });

  it('is never due for a license whose file sets no offline period, as files from the portal are', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    expect(airlock.checkInDue).toBeNull();
    vendor.clock.advance(days(180));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
  });
});

describe('the grace after expiry', () => {
  const validUntil = new Date(START.getTime() + days(60));
  const graced: Partial<DeviceLicenseTerms> = { validUntil, checks: { ...defaultTerms.checks, expiryGrace: days(7) } };

  it('works past validUntil with a notice until the grace ends, then refuses LICENSE_EXPIRED', async () => {
    const { airlock } = await activatedDevice(vendor, graced);
    vendor.clock.set(validUntil);
    expect(airlock.check()).toEqual({
      ok: true,
      license: airlock.license,
      notice: { code: 'LICENSE_IN_GRACE', until: new Date(validUntil.getTime() + days(7)) },
    });
    vendor.clock.advance(days(7) - 1);
    expect(airlock.check()).toMatchObject({ ok: true, notice: { code: 'LICENSE_IN_GRACE' } });
    vendor.clock.advance(1);
    expect(airlock.check()).toEqual({ ok: false, code: 'LICENSE_EXPIRED', detail: { expiredAt: validUntil.toISOString() } });
  });

  it('gives the expiry notice when a check-in is overdue too', async () => {
    const { airlock } = await activatedDevice(
      vendor,
      { validUntil, checks: { ...defaultTerms.checks, expiryGrace: days(7), maxOffline: days(59), offlineGrace: days(5) } },
      online,
    );
    vendor.clock.set(validUntil);
    expect(airlock.check()).toMatchObject({ ok: true, notice: { code: 'LICENSE_IN_GRACE' } });
    vendor.clock.advance(days(4));
    expect(airlock.check()).toMatchObject({ ok: false, code: 'CHECK_IN_REQUIRED' });
  });

  it('installs a license file issued during the grace (a device re-activated on its license), not after', async () => {
    const options = await vendor.options();
    const airlock = await Airlock.open(options);
    const request = await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
    const issued = await vendor.answer(request, graced);
    vendor.clock.set(new Date(validUntil.getTime() + days(7)));
    await expectCode(airlock.installLicenseFile(issued.text), 'LICENSE_EXPIRED');
    vendor.clock.advance(-1);
    await airlock.installLicenseFile(issued.text);
    expect(airlock.check()).toMatchObject({ ok: true, notice: { code: 'LICENSE_IN_GRACE' } });
  });

  it('is as before for a license with no grace: expired from validUntil, with no notice before', async () => {
    const { airlock } = await activatedDevice(vendor, { validUntil });
    vendor.clock.set(new Date(validUntil.getTime() - 1));
    expect(airlock.check()).toEqual({ ok: true, license: airlock.license });
    vendor.clock.advance(1);
    expect(airlock.check()).toEqual({ ok: false, code: 'LICENSE_EXPIRED', detail: { expiredAt: validUntil.toISOString() } });
  });
});

/** The receipt with its payload changed after signing (its `iat` a month later). */
function alterPayload(text: string): string {
  const lines = text.trim().split('\n');
  const body = lines.slice(1, -1).join('');
  const [header, payload, signature] = body.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { iat: number };
  const altered = Buffer.from(JSON.stringify({ ...claims, iat: claims.iat + 30 * 86_400 })).toString('base64url');
  return `${lines[0]}\n${header}.${altered}.${signature}\n${lines.at(-1)}\n`;
}
