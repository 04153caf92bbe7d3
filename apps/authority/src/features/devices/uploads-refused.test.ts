import { armor, dearmor, deviceActivationRequestKind, MAX_DOCUMENT_CHARS, openDeviceActivationRequest, type DeviceCredential } from '@airlock/core';
import { encryptedTyp } from '@airlock/core/internal';
import { createTestAuthority, encryptCompact, signCompact } from '@airlock/core/testing';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import {
  activationRequest,
  countDeviceWrites,
  createLicense,
  nextAddress,
  seedDeviceCatalogue,
  testDevice,
  type CreatedLicense,
} from './testing/device-fixtures.ts';

/** Every public route that takes a document, and the body field it is in. */
const uploads = [
  ['/v1/portal/activations', 'request'],
  ['/v1/portal/deactivations', 'file'],
  ['/v1/portal/refreshes', 'request'],
  ['/v1/devices/activate', 'request'],
  ['/v1/devices/validate', 'request'],
  ['/v1/devices/check-in', 'report'],
  ['/v1/devices/deactivate', 'file'],
] as const;

const keyOf = (license: CreatedLicense): DeviceCredential => ({ method: 'license-key', licenseKey: license.licenseKey! });

describeEachStore('uploads the device routes refuse', (context) => {
  const post = (url: string, payload: unknown) => context().request({ method: 'POST', url, payload: payload as object, remoteAddress: nextAddress() });
  let license: CreatedLicense;
  let genuine: string;

  beforeAll(async () => {
    const { database, clock, authority, deps } = context();
    await seedDeviceCatalogue(database.db, clock.now());
    license = await createLicense(context().request, {});
    genuine = await activationRequest(authority, testDevice('genuine'), keyOf(license), { now: clock.now(), random: deps.random });
  });

  /** Posts the text to every upload route and gives each answer's status and code. */
  async function everywhere(text: unknown): Promise<string[]> {
    const answers = [];
    for (const [url, field] of uploads) {
      const response = await post(url, { [field]: text });
      answers.push(`${response.statusCode} ${response.json<{ code: string }>().code}`);
    }
    return answers;
  }

  it('refuses malformed, truncated and oversized documents with their codes, writing nothing', async () => {
    const { database } = context();
    const before = await countDeviceWrites(database.db);
    expect(await everywhere('not a document')).toEqual(Array(uploads.length).fill('400 DOCUMENT_MALFORMED'));
    const body = dearmor(genuine).body;
    expect(new Set(await everywhere(armor(deviceActivationRequestKind.label, body.slice(0, body.length / 2))))).toEqual(
      new Set(['400 DOCUMENT_MALFORMED', '422 WRONG_DOCUMENT_KIND']),
    );
    expect(await everywhere('A'.repeat(MAX_DOCUMENT_CHARS + 1))).toEqual(Array(uploads.length).fill('413 DOCUMENT_TOO_LARGE'));
    expect(await everywhere('')).toEqual(Array(uploads.length).fill('400 REQUEST_INVALID'));
    expect(await everywhere(42)).toEqual(Array(uploads.length).fill('400 REQUEST_INVALID'));
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('refuses a body past the server limit as DOCUMENT_TOO_LARGE', async () => {
    const response = await post('/v1/portal/activations', { request: 'A'.repeat(3 * 1024 * 1024) });
    expect([response.statusCode, response.json<{ code: string }>().code]).toEqual([413, 'DOCUMENT_TOO_LARGE']);
  });

  it('refuses a document of another kind on every upload route, writing nothing', async () => {
    const { database } = context();
    const activated = await post('/v1/portal/activations', { request: genuine });
    expect(activated.statusCode).toBe(201);
    const licenseFile = activated.json<{ text: string }>().text;
    const before = await countDeviceWrites(database.db);
    const requestAnswers = await everywhere(genuine);
    const fileAnswers = await everywhere(licenseFile);
    const takesFiles = uploads.map(([, field]) => field !== 'request');
    expect(requestAnswers.filter((_answer, index) => takesFiles[index])).toEqual(Array(3).fill('422 WRONG_DOCUMENT_KIND'));
    expect(fileAnswers).toEqual(Array(uploads.length).fill('422 WRONG_DOCUMENT_KIND'));
    const written = await countDeviceWrites(database.db);
    // Only the routes that take activation requests could act on one: re-activating the same device writes its fresh file.
    expect({ ...written, device_license_files: before.device_license_files, audit_events: before.audit_events }).toEqual(before);
  });

  it('refuses a request whose signature does not verify, or that was made for another authority, writing nothing', async () => {
    const { database, authority, clock, deps } = context();
    const before = await countDeviceWrites(database.db);
    const device = testDevice('forged');
    // The header names the device's key, but another key signed: sealed by hand.
    const opened = await openDeviceActivationRequest(genuine, { now: clock.now(), rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
    const jws = await signCompact(
      { typ: deviceActivationRequestKind.typ, kid: device.signingKey.kid, jwk: device.signingKey.publicJwk },
      opened.claims,
      testDevice('other').signingKey.privateKey,
    );
    const jweHeader = { typ: encryptedTyp(deviceActivationRequestKind), cty: deviceActivationRequestKind.typ, kid: authority.encryptionKey.kid };
    const forged = armor(deviceActivationRequestKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, deps.random));
    const elsewhere = await createTestAuthority('another-authority');
    const forAnother = await activationRequest(elsewhere, device, keyOf(license), { now: clock.now(), random: deps.random });
    for (const url of ['/v1/portal/activations', '/v1/devices/activate', '/v1/devices/validate', '/v1/portal/refreshes']) {
      const [signature, recipient] = await Promise.all([post(url, { request: forged }), post(url, { request: forAnother })]);
      expect([url, signature.statusCode, signature.json<{ code: string }>().code]).toEqual([url, 422, 'SIGNATURE_INVALID']);
      expect([url, recipient.statusCode, recipient.json<{ code: string }>().code]).toEqual([url, 422, 'WRONG_RECIPIENT']);
    }
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });

  it('answers any text on every upload route with a registered refusal, never a 500, and writes nothing', async () => {
    const { database } = context();
    const before = await countDeviceWrites(database.db);
    const body = dearmor(genuine).body;
    const armoured = (text: string) =>
      `-----BEGIN AIRLOCK ${deviceActivationRequestKind.label}-----\n${text}\n-----END AIRLOCK ${deviceActivationRequestKind.label}-----\n`;
    const noise = fc.oneof(
      fc.string({ maxLength: 300 }).filter((text) => text.length > 0),
      fc.string({ maxLength: 300 }).map(armoured),
      fc.integer({ min: 1, max: body.length - 1 }).map((cut) => armoured(body.slice(0, cut))),
    );
    await fc.assert(
      fc.asyncProperty(noise, fc.constantFrom(...uploads), async (text, [url, field]) => {
        const response = await post(url, { [field]: text });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.json<{ code: string }>().code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 60 },
    );
    expect(await countDeviceWrites(database.db)).toEqual(before);
  });
});
