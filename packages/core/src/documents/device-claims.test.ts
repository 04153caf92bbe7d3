import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import { minutes } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { deactivationFileKind, issueDeactivationFile, openDeactivationFile } from './deactivation-file.ts';
import { deviceActivationRequestKind, issueDeviceActivationRequest, openDeviceActivationRequest } from './device-activation-request.ts';
import { checkDeviceLicenseTerms, deviceLicenseTermsClaims, meterGrant, type OpenDeviceLicenseContext } from './device-claims.ts';
import { deviceLicenseFileKind, issueDeviceLicenseFile, openDeviceLicenseFile } from './device-license-file.ts';
import { deviceRefreshFileKind, issueDeviceRefreshFile, openDeviceRefreshFile } from './device-refresh-file.ts';
import type { DocumentKind } from './document-kind.ts';

/** The whole device exchange of docs/design.md, F4, built once: activate, license, refresh, deactivate. */
const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const device = createTestParty('device');
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';
const signedByAuthority = { now, signer: authority.signer };
const signedByDevice = { now, signer: device.signingKey, trust: authority.trust };

const terms = {
  licenseKind: 'term' as const,
  revision: 1,
  validUntil: new Date('2027-11-23T00:00:00Z'),
  entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
  metadata: [],
  checks: { allowOffline: true, clockSkewTolerance: minutes(5) },
};

const activationRequest = await issueDeviceActivationRequest(
  {
    product: 'studio',
    fingerprint: FINGERPRINT,
    credential: { method: 'license-key', licenseKey: 'KX7Q-2MZD-09XA-HV4T' },
    deviceEncryptionKey: device.encryptionKey.publicJwk,
    sdkVersion: '1.4.0',
    authorityEncryptionKey: authority.encryptionCertificate,
  },
  { ...signedByDevice, random: seededRandom('activation') },
);
const authorityContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };
const openedRequest = await openDeviceActivationRequest(activationRequest.text, authorityContext);
const licenseFile = await issueDeviceLicenseFile(openedRequest, { licenseId: 'lic-42', ...terms }, { ...signedByAuthority, random: seededRandom('license') });
const refreshFile = await issueDeviceRefreshFile(
  { license: licenseFile.claims, deviceEncryptionKey: openedRequest.claims.deviceEncryptionKey },
  { ...terms, revision: 2 },
  { ...signedByAuthority, random: seededRandom('refresh') },
);
const deactivationFile = await issueDeactivationFile(
  {
    license: licenseFile.claims,
    licenseRevision: 2,
    consumption: [{ meter: 'renders', amount: 17 }],
    variables: [],
    authorityEncryptionKey: authority.encryptionCertificate,
  },
  { ...signedByDevice, random: seededRandom('deactivation') },
);

const deviceContext: OpenDeviceLicenseContext = {
  now,
  trust: authority.trust,
  fingerprint: FINGERPRINT,
  deviceEncryptionKey: device.encryptionKey,
  deviceSigningKid: device.signingKey.kid,
};

interface DeviceDocument {
  readonly kind: DocumentKind;
  readonly text: string;
  /** Opens a text as this kind, where this kind is read (the authority or the device). */
  readonly open: (text: string) => Promise<unknown>;
}

const documents: readonly DeviceDocument[] = [
  { kind: deviceActivationRequestKind, text: activationRequest.text, open: (text) => openDeviceActivationRequest(text, authorityContext) },
  { kind: deviceLicenseFileKind, text: licenseFile.text, open: (text) => openDeviceLicenseFile(text, deviceContext) },
  { kind: deviceRefreshFileKind, text: refreshFile.text, open: (text) => openDeviceRefreshFile(text, deviceContext) },
  { kind: deactivationFileKind, text: deactivationFile.text, open: (text) => openDeactivationFile(text, authorityContext) },
];

const pairs = documents.flatMap((document) => documents.filter((other) => other !== document).map((other) => ({ document, other })));

async function expectCode(promise: Promise<unknown>, code: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirlockError);
  expect((error as AirlockError).code).toBe(code);
  return error as AirlockError;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A base64url character with its top data bit flipped (never a padding bit, so the bytes always change); a `.` becomes a letter. */
const flip = (c: string) => (BASE64URL.includes(c) ? BASE64URL[BASE64URL.indexOf(c) ^ 32]! : 'A');

describe('the device documents together', () => {
  it('all open where they are read', async () => {
    const opened = await Promise.all(documents.map(({ text, open }) => open(text).then(() => 'opened')));
    expect(opened).toEqual(['opened', 'opened', 'opened', 'opened']);
  });

  it.each(pairs.map(({ document, other }) => [document.kind.name, other.kind.name, document, other] as const))(
    'refuses a %s opened as a %s, as WRONG_DOCUMENT_KIND',
    async (found, expected, document, other) => {
      const error = await expectCode(other.open(document.text), 'WRONG_DOCUMENT_KIND');
      expect(error.detail).toEqual({ expected, found });
    },
  );

  // Kinds read by the same party with the same key: only the encrypted `typ` tells them apart.
  const sameReader = pairs.filter(({ document, other }) => document.kind.signer === other.kind.signer);
  it.each(sameReader.map(({ document, other }) => [document.kind.name, other.kind.name, document, other] as const))(
    'refuses a %s relabelled as a %s, by its encrypted type',
    async (_found, _expected, document, other) => {
      const relabelled = armor(other.kind.label, dearmor(document.text).body);
      const error = await expectCode(other.open(relabelled), 'WRONG_DOCUMENT_KIND');
      expect(error.detail).toEqual({ expected: other.kind.typ.replace(/\+jwt$/, '+jwe'), found: document.kind.typ.replace(/\+jwt$/, '+jwe') });
    },
  );

  it.each(documents.map((document) => [document.kind.name, document] as const))(
    'refuses a %s altered at any character of its body with an AirlockError',
    async (_name, { kind, text, open }) => {
      const body = dearmor(text).body;
      const accepted: number[] = [];
      const foreign: string[] = [];
      const codes = new Set<string>();
      for (let i = 0; i < body.length; i++) {
        const altered = armor(kind.label, body.slice(0, i) + flip(body[i]!) + body.slice(i + 1));
        await open(altered).then(
          () => accepted.push(i),
          (error: unknown) => (error instanceof AirlockError ? codes.add(error.code) : foreign.push(`${i}: ${String(error)}`)),
        );
      }
      expect({ accepted, foreign }).toEqual({ accepted: [], foreign: [] });
      expect([...codes].sort()).toEqual(['DECRYPTION_FAILED', 'DOCUMENT_MALFORMED', 'UNSUPPORTED_ALGORITHM', 'WRONG_DOCUMENT_KIND', 'WRONG_RECIPIENT']);
    },
  );
});

describe('device license terms', () => {
  it('become claims in whole seconds, copied member by member', () => {
    const validUntil = new Date('2027-11-23T00:00:00.999Z');
    expect(deviceLicenseTermsClaims({ ...terms, validUntil, checks: { allowOffline: false, clockSkewTolerance: 90_500 } })).toEqual({
      licenseKind: 'term',
      revision: 1,
      validUntil: 1826928000,
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
      metadata: [],
      checks: { allowOffline: false, clockSkewTolerance: 90 },
    });
  });

  it("carry each meter's share and the report counted through when the authority gives them, and nothing of them otherwise", () => {
    const meters = [
      { meter: 'renders', limit: 1000, overage: 50, counted: 300, allotment: 375 },
      { meter: 'previews', limit: null, overage: 0, counted: 12, allotment: null },
    ];
    expect(deviceLicenseTermsClaims({ ...terms, entitlements: { features: [], meters }, reportedThrough: 4 })).toMatchObject({
      entitlements: { features: [], meters },
      reportedThrough: 4,
    });
    expect(deviceLicenseTermsClaims(terms)).not.toHaveProperty('reportedThrough');
  });

  it('read a meter of a file of an earlier release as the whole limit, no overage, nothing counted', () => {
    expect([meterGrant({ meter: 'renders', limit: 10 }), meterGrant({ meter: 'previews', limit: null })]).toEqual([
      { meter: 'renders', limit: 10, overage: 0, counted: 0, allotment: 10 },
      { meter: 'previews', limit: null, overage: 0, counted: 0, allotment: null },
    ]);
    expect(meterGrant({ meter: 'renders', limit: 10, overage: 2, counted: 7, allotment: 3 })).toEqual({
      meter: 'renders',
      limit: 10,
      overage: 2,
      counted: 7,
      allotment: 3,
    });
  });

  it('let a subscription or a consumption license end or not, but a term, pilot or temporary one must end', () => {
    const outcome = (licenseKind: (typeof terms)['licenseKind'] | 'pilot' | 'temporary' | 'subscription' | 'consumption', validUntil: number | null) => {
      try {
        checkDeviceLicenseTerms({ licenseKind, validUntil, entitlements: terms.entitlements, metadata: [] }, 'test');
        return 'ok';
      } catch (error) {
        return error instanceof AirlockError ? error.code : 'foreign';
      }
    };
    expect({
      subscription: [outcome('subscription', null), outcome('subscription', 1826928000)],
      consumption: [outcome('consumption', null), outcome('consumption', 1826928000)],
      term: [outcome('term', null), outcome('pilot', null), outcome('temporary', null)],
    }).toEqual({
      subscription: ['ok', 'ok'],
      consumption: ['ok', 'ok'],
      term: ['PAYLOAD_INVALID', 'PAYLOAD_INVALID', 'PAYLOAD_INVALID'],
    });
  });
});
