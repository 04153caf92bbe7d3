import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { encryptCompact, signCompact, type JoseHeader } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { expectCode } from '../testing/tampering.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { openDeactivationFile } from './deactivation-file.ts';
import { encryptedTyp } from './document-kind.ts';
import {
  checkUsageReportSigner,
  deviceUsageReportKind,
  issueDeviceUsageReport,
  openDeviceUsageReport,
  type DeviceUsageInput,
  type DeviceUsageReport,
} from './device-usage-report.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const device = createTestParty('device');
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';
const LICENSE_FILE_ID = '6f1c2b9e-4a7d-4c3b-9e8f-0a1b2c3d4e5f';
const installed = { jti: LICENSE_FILE_ID, licenseId: 'lic-42', product: 'studio', fingerprint: FINGERPRINT, deviceKeyThumbprint: device.signingKey.kid };

const input: DeviceUsageInput = {
  license: installed,
  activationId: 'act-9',
  licenseRevision: 2,
  sequence: 4,
  consumption: [{ meter: 'renders', amount: 12 }],
  authorityEncryptionKey: authority.encryptionCertificate,
};
const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };

function report(overrides: Partial<DeviceUsageInput> = {}, signer = device.signingKey) {
  return issueDeviceUsageReport({ ...input, ...overrides }, { now, random: seededRandom('usage'), signer, trust: authority.trust });
}

async function seal(claims: object): Promise<string> {
  const header: JoseHeader = { typ: deviceUsageReportKind.typ, kid: device.signingKey.kid, jwk: device.signingKey.publicJwk };
  const jws = await signCompact(header, claims, device.signingKey.privateKey);
  const jweHeader = { typ: encryptedTyp(deviceUsageReportKind), cty: deviceUsageReportKind.typ, kid: authority.encryptionKey.kid };
  return armor(deviceUsageReportKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, seededRandom('seal')));
}

describe('device usage report', () => {
  it('opens on the authority with its exact claims and the device key that signed it', async () => {
    const issued = await report();
    const expected: DeviceUsageReport = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `authority:${authority.root.kid}`,
      answers: [LICENSE_FILE_ID],
      licenseId: 'lic-42',
      product: 'studio',
      fingerprint: FINGERPRINT,
      activationId: 'act-9',
      licenseRevision: 2,
      sequence: 4,
      consumption: [{ meter: 'renders', amount: 12 }],
    };
    expect(await openDeviceUsageReport(issued.text, openContext)).toEqual({
      claims: expected,
      signerKey: device.signingKey.publicJwk,
      signerKid: device.signingKey.kid,
    });
    expect(issued.text.split('\n')[0]).toBe('-----BEGIN AIRLOCK DEVICE USAGE REPORT-----');
  });

  it('leaves the activation id out when the device does not know it', async () => {
    const { claims } = await report({ activationId: undefined });
    expect('activationId' in claims).toBe(false);
  });

  it('hides the consumption inside its encryption', async () => {
    const { text } = await report();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    expect(['renders', 'lic-42', FINGERPRINT].filter((secret) => [text, ...decoded].join('\n').includes(secret))).toEqual([]);
  });

  it('is never read as a deactivation file, so a report cannot free an activation slot', async () => {
    const { text } = await report();
    await expectCode(openDeactivationFile(text, openContext), 'WRONG_DOCUMENT_KIND');
  });

  it('refuses a replay when the reader keeps the ids it counted', async () => {
    const { text, claims } = await report();
    const error = await expectCode(openDeviceUsageReport(text, { ...openContext, isReplay: (id) => id === claims.jti }), 'DOCUMENT_REPLAYED');
    expect(error.detail).toEqual({ id: claims.jti });
  });

  it('is accepted from the bound device key only', async () => {
    const other = createTestParty('other-device').signingKey;
    const [own, foreign] = await Promise.all([report(), report({}, other)]);
    const opened = await Promise.all([openDeviceUsageReport(own.text, openContext), openDeviceUsageReport(foreign.text, openContext)]);
    expect(opened.map((r) => checkUsageReportSigner(r, installed))).toEqual([
      { ok: true, value: undefined },
      {
        ok: false,
        code: 'SIGNATURE_INVALID',
        detail: {
          document: 'device-usage-report',
          reason: 'signed by another key than the device license is bound to',
          expected: device.signingKey.kid,
          found: other.kid,
        },
      },
    ]);
  });

  it('is not made, nor accepted, with a meter twice, a sequence below 1 or a negative amount', async () => {
    const twice = [
      { meter: 'renders', amount: 1 },
      { meter: 'renders', amount: 2 },
    ];
    const made = await Promise.all([
      expectCode(report({ consumption: twice }), 'PAYLOAD_INVALID'),
      expectCode(report({ sequence: 0 }), 'PAYLOAD_INVALID'),
      expectCode(report({ consumption: [{ meter: 'renders', amount: -1 }] }), 'PAYLOAD_INVALID'),
    ]);
    expect(made.map((error) => error.detail.path)).toEqual(['/consumption', '/sequence', '/consumption/0/amount']);
    const { claims } = await report();
    await expectCode(openDeviceUsageReport(await seal({ ...claims, consumption: twice }), openContext), 'PAYLOAD_INVALID');
  });

  it('is not encrypted to a key the pinned root did not certify', async () => {
    const impostor = await createTestAuthority('impostor');
    await expectCode(report({ authorityEncryptionKey: impostor.encryptionCertificate }), 'KEY_CERTIFICATE_INVALID');
  });
});
