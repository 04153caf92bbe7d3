import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, defaultTerms, expectCode, storeBytes, testVendor, type Issued, type TestVendor } from '../test/test-vendor.ts';
import { Airlock, type AirlockOptions } from './index.ts';

/**
 * The SDK's online exchanges against a stand-in for the authority's device API, answering with
 * real documents from the test vendor. What the real authority does with them is the example
 * app's test; here it is what the SDK does with each answer, and with no answer.
 */
interface Call {
  readonly path: string;
  readonly body: Record<string, string>;
}

let vendor: TestVendor;
let calls: Call[];
/** What the stand-in answers next, per path; a function may also throw to play a lost network. */
let answers: Record<string, (body: Record<string, string>) => Promise<{ status: number; json: unknown }>>;

beforeEach(async () => {
  vendor = await testVendor();
  calls = [];
  answers = {};
});
afterEach(() => vendor.dispose());

const standIn = (async (url: string, init?: RequestInit) => {
  const path = new URL(url).pathname;
  const body = JSON.parse(init?.body as string) as Record<string, string>;
  calls.push({ path, body });
  const answer = answers[path];
  if (!answer) return new Response(JSON.stringify({ status: 404, code: 'NOT_FOUND' }), { status: 404 });
  const { status, json } = await answer(body);
  return new Response(JSON.stringify(json), { status, headers: { 'content-type': 'application/json' } });
}) as unknown as typeof fetch;

const online: Partial<AirlockOptions> = { authorityUrl: 'http://authority.test', fetch: standIn };
const unreachable = () => Promise.reject(new TypeError('fetch failed'));

describe('online activation', () => {
  it('sends the request with the password and installs the license file that comes back', async () => {
    let issued: Issued | undefined;
    answers['/v1/devices/activate'] = async (body) => {
      issued = await vendor.answer(body.request!);
      return { status: 201, json: { activationId: 'act-1', licenseId: 'lic-1', text: issued.text, revision: 1 } };
    };
    const airlock = await Airlock.open(await vendor.options(online));
    const license = await airlock.activate({ username: 'ada@example.com', password: 'correct horse' });
    expect(license).toMatchObject({ licenseId: 'lic-1', features: ['export'] });
    expect(calls[0]!.body.password).toBe('correct horse');
    expect(issued!.request.claims.credential).toEqual({ method: 'user', username: 'ada@example.com' });
    expect(airlock.check().ok).toBe(true);
  });

  it('raises the authority refusal as its code and stays unactivated', async () => {
    answers['/v1/devices/activate'] = () =>
      Promise.resolve({ status: 422, json: { status: 422, code: 'ACTIVATIONS_EXHAUSTED', errors: { maxActivations: 1 } } });
    const airlock = await Airlock.open(await vendor.options(online));
    const error = await expectCode(airlock.activate({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), 'ACTIVATIONS_EXHAUSTED');
    expect(error.detail).toEqual({ maxActivations: 1 });
    expect(airlock.check()).toMatchObject({ code: 'NOT_ACTIVATED' });
  });

  it('answers AUTHORITY_UNREACHABLE when the authority cannot be reached', async () => {
    const airlock = await Airlock.open(await vendor.options({ authorityUrl: 'http://authority.test', fetch: unreachable }));
    await expectCode(airlock.activate({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), 'AUTHORITY_UNREACHABLE');
    expect(airlock.check()).toMatchObject({ code: 'NOT_ACTIVATED' });
  });

  it('needs authorityUrl', async () => {
    const airlock = await Airlock.open(await vendor.options());
    await expect(airlock.activate({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' })).rejects.toThrow(/authorityUrl/);
  });
});

describe('online refresh', () => {
  it('sends a request naming the revision held, and applies the newer license that comes back', async () => {
    const { airlock, issued } = await activatedDevice(vendor, {}, online);
    const held: number[] = [];
    answers['/v1/devices/validate'] = async (body) => {
      held.push((await vendor.answer(body.request!)).request.claims.currentRevision!);
      return {
        status: 200,
        json: {
          activationId: 'act-1',
          licenseId: 'lic-1',
          status: 'active',
          revision: 2,
          text: await vendor.refresh(issued, { revision: 2, entitlements: { features: ['batch'], meters: [] } }),
        },
      };
    };
    expect(await airlock.refresh()).toMatchObject({ status: 'active', revision: 2, applied: true, license: { revision: 2, features: ['batch'] } });
    expect(held).toEqual([1]);
    expect(airlock.hasFeature('batch')).toBe(true);
  });

  it('changes nothing when the authority has nothing newer', async () => {
    const { airlock, options } = await activatedDevice(vendor, {}, online);
    const before = await storeBytes(options);
    answers['/v1/devices/validate'] = () =>
      Promise.resolve({ status: 200, json: { activationId: 'act-1', licenseId: 'lic-1', status: 'active', revision: 1 } });
    expect(await airlock.refresh()).toMatchObject({ status: 'active', revision: 1, applied: false, license: { revision: 1 } });
    expect(await storeBytes(options)).toEqual(before);
  });

  it('disables the license when the authority says the activation was deactivated', async () => {
    const { airlock, options } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/validate'] = () =>
      Promise.resolve({ status: 200, json: { activationId: 'act-1', licenseId: 'lic-1', status: 'deactivated', revision: 1 } });
    expect(await airlock.refresh()).toEqual({ status: 'deactivated', revision: 1, applied: false, license: null });
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
    expect((await Airlock.open(options)).check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
  });
});

describe('what the vendor did, as the authority answers it', () => {
  const validation = (status: string) => () => Promise.resolve({ status: 200, json: { activationId: 'act-1', licenseId: 'lic-1', status, revision: 1 } });

  it('answers LICENSE_SUSPENDED after a suspended answer, across a restart, until an active one', async () => {
    const { airlock, options } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/validate'] = validation('suspended');
    expect(await airlock.refresh()).toMatchObject({ status: 'suspended', applied: false, license: { revision: 1 } });
    expect(airlock.check()).toMatchObject({ ok: false, code: 'LICENSE_SUSPENDED' });
    expect(airlock.checkFeature('export')).toMatchObject({ code: 'LICENSE_SUSPENDED' });
    await expectCode(airlock.consume('renders', 1), 'LICENSE_SUSPENDED');
    const reopened = await Airlock.open(options);
    expect(reopened.check()).toMatchObject({ code: 'LICENSE_SUSPENDED' });
    answers['/v1/devices/validate'] = validation('active');
    await reopened.refresh();
    expect(reopened.check().ok).toBe(true);
    expect((await Airlock.open(options)).check().ok).toBe(true);
  });

  it('disables the license with DEVICE_BLOCKED when the device was blocked', async () => {
    const { airlock, options } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/validate'] = validation('blocked');
    expect(await airlock.refresh()).toEqual({ status: 'blocked', revision: 1, applied: false, license: null });
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_BLOCKED' });
    expect((await Airlock.open(options)).check()).toMatchObject({ code: 'DEVICE_BLOCKED' });
  });

  it('acts on the status a check-in answers, and stops after a report answered deactivated', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    await airlock.consume('renders', 2);
    answers['/v1/devices/check-in'] = () => Promise.resolve({ status: 200, json: { counted: true, status: 'suspended' } });
    expect(await airlock.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 2 }], status: 'suspended' });
    expect(airlock.check()).toMatchObject({ code: 'LICENSE_SUSPENDED' });
    answers['/v1/devices/check-in'] = () => Promise.resolve({ status: 200, json: { counted: true, status: 'deactivated' } });
    expect(await airlock.checkIn()).toMatchObject({ status: 'deactivated' });
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
  });
});

describe('check-in', () => {
  it('reports the unreported consumption once, numbering the reports', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    const reports: { sequence: number; consumption: unknown }[] = [];
    answers['/v1/devices/check-in'] = async (body) => {
      const { claims } = await vendor.openUsageReport(body.report!);
      reports.push({ sequence: claims.sequence, consumption: claims.consumption });
      return { status: 200, json: { licenseId: 'lic-1', activationId: 'act-1', sequence: claims.sequence, counted: true } };
    };
    await airlock.consume('renders', 2);
    expect(await airlock.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 2 }], status: 'active' });
    await airlock.consume('renders', 1);
    expect(await airlock.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 1 }], status: 'active' });
    expect(reports).toEqual([
      { sequence: 1, consumption: [{ meter: 'renders', amount: 2 }] },
      { sequence: 2, consumption: [{ meter: 'renders', amount: 1 }] },
    ]);
    expect(airlock.usage('renders')?.used).toBe(3);
    const deactivation = await vendor.openDeactivation((await airlock.deactivate()).text);
    expect(deactivation.claims.consumption).toEqual([]);
  });

  it('sends a report whose answer was lost again, as it was, before a new one', async () => {
    const { airlock, options } = await activatedDevice(vendor, {}, online);
    await airlock.consume('renders', 2);
    answers['/v1/devices/check-in'] = unreachable;
    await expectCode(airlock.checkIn(), 'AUTHORITY_UNREACHABLE');
    const sent: string[] = [];
    answers['/v1/devices/check-in'] = (body) => {
      sent.push(body.report!);
      return Promise.resolve({ status: 200, json: { counted: true } });
    };
    const reopened = await Airlock.open(options);
    await reopened.consume('renders', 1);
    expect(await reopened.checkIn()).toEqual({ reported: [{ meter: 'renders', amount: 3 }], status: 'active' });
    expect(sent[0]).toBe(calls.find((call) => call.path === '/v1/devices/check-in')!.body.report);
    expect((await vendor.openUsageReport(sent[1]!)).claims).toMatchObject({ sequence: 2, consumption: [{ meter: 'renders', amount: 1 }] });
  });

  it('says, in a deactivation written while a report waits for its answer, which report it last knew was counted', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/check-in'] = () => Promise.resolve({ status: 200, json: { counted: true } });
    await airlock.consume('renders', 3);
    await airlock.checkIn();
    await airlock.consume('renders', 5);
    answers['/v1/devices/check-in'] = unreachable;
    await expectCode(airlock.checkIn(), 'AUTHORITY_UNREACHABLE');
    await airlock.consume('renders', 2);
    const { claims } = await vendor.openDeactivation((await airlock.deactivate()).text);
    // Report 2 (5) may have been counted: the authority takes it out of these 7 if it was.
    expect(claims).toMatchObject({ consumption: [{ meter: 'renders', amount: 7 }], reportedThrough: 1 });
  });

  it('says nothing of reports in a deactivation when every report was answered', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/check-in'] = () => Promise.resolve({ status: 200, json: { counted: true } });
    await airlock.consume('renders', 3);
    await airlock.checkIn();
    await airlock.consume('renders', 1);
    const { claims } = await vendor.openDeactivation((await airlock.deactivate()).text);
    expect(claims.consumption).toEqual([{ meter: 'renders', amount: 1 }]);
    expect(claims).not.toHaveProperty('reportedThrough');
  });
});

describe('online deactivation', () => {
  it('sends the deactivation file and records that it arrived', async () => {
    const { airlock } = await activatedDevice(vendor, {}, online);
    answers['/v1/devices/deactivate'] = () => Promise.resolve({ status: 200, json: { licenseId: 'lic-1', activationId: 'act-1', consumption: [] } });
    const { text, submitted } = await airlock.deactivate({ online: true });
    expect(submitted).toBe(true);
    expect(calls.at(-1)).toEqual({ path: '/v1/devices/deactivate', body: { file: text } });
    expect(airlock.deactivationSubmitted).toBe(true);
  });

  it('stays deactivated when the file cannot be sent, and sends the same file later', async () => {
    const { airlock, options } = await activatedDevice(vendor, { checks: { ...defaultTerms.checks, allowOffline: false } }, online);
    answers['/v1/devices/deactivate'] = unreachable;
    await expectCode(airlock.deactivate({ online: true }), 'AUTHORITY_UNREACHABLE');
    expect(airlock.check()).toMatchObject({ code: 'DEVICE_DEACTIVATED' });
    const file = airlock.deactivationFile;
    expect(file).not.toBeNull();
    expect(airlock.deactivationSubmitted).toBe(false);
    // Sent meanwhile by another path: the authority refuses it as a replay, which means it has it.
    answers['/v1/devices/deactivate'] = () => Promise.resolve({ status: 409, json: { status: 409, code: 'DOCUMENT_REPLAYED' } });
    const reopened = await Airlock.open(options);
    await reopened.submitDeactivation();
    expect(calls.at(-1)!.body.file).toBe(file);
    expect(reopened.deactivationSubmitted).toBe(true);
  });
});
