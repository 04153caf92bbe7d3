import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { encryptCompact, signCompact, type JoseHeader } from '../encoding/jose-compact.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import {
  checkDeactivationSigner,
  deactivationFileKind,
  issueDeactivationFile,
  openDeactivationFile,
  type DeactivationFile,
  type DeactivationInput,
} from './deactivation-file.ts';
import { encryptedTyp } from './document-kind.ts';
import { expectCode } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const device = createTestParty('device');
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';
const LICENSE_FILE_ID = '6f1c2b9e-4a7d-4c3b-9e8f-0a1b2c3d4e5f';

/** The device license file installed on the device, as the authority also stored it. */
const installed = { jti: LICENSE_FILE_ID, licenseId: 'lic-42', product: 'studio', fingerprint: FINGERPRINT, deviceKeyThumbprint: device.signingKey.kid };

const input: DeactivationInput = {
  license: installed,
  licenseRevision: 3,
  consumption: [
    { meter: 'renders', amount: 17 },
    { meter: 'exports', amount: 0 },
  ],
  variables: [{ name: 'last-project', value: 'Turbine housing rev C' }],
  authorityEncryptionKey: authority.encryptionCertificate,
};

const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };

function deactivation(overrides: Partial<DeactivationInput> = {}, signer = device.signingKey) {
  return issueDeactivationFile({ ...input, ...overrides }, { now, random: seededRandom('deactivation'), signer, trust: authority.trust });
}

/** A deactivation sealed by hand, to forge what `issueDeactivationFile` would never write. */
async function seal(header: JoseHeader, claims: object): Promise<string> {
  const jws = await signCompact({ typ: deactivationFileKind.typ, ...header }, claims, device.signingKey.privateKey);
  const jweHeader = { typ: encryptedTyp(deactivationFileKind), cty: deactivationFileKind.typ, kid: authority.encryptionKey.kid };
  return armor(deactivationFileKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, seededRandom('seal')));
}

describe('deactivation file', () => {
  it("opens on the authority with its exact claims, the device key that signed it and that key's thumbprint", async () => {
    const issued = await deactivation();
    const opened = await openDeactivationFile(issued.text, openContext);
    const expected: DeactivationFile = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `authority:${authority.root.kid}`,
      answers: [LICENSE_FILE_ID],
      licenseId: 'lic-42',
      product: 'studio',
      fingerprint: FINGERPRINT,
      licenseRevision: 3,
      consumption: [
        { meter: 'renders', amount: 17 },
        { meter: 'exports', amount: 0 },
      ],
      variables: [{ name: 'last-project', value: 'Turbine housing rev C' }],
    };
    expect(opened).toEqual({ claims: expected, signerKey: device.signingKey.publicJwk, signerKid: device.signingKey.kid });
    expect(issued.claims).toEqual(expected);
  });

  it('is armoured under its own header line', async () => {
    const { text } = await deactivation();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK DEACTIVATION FILE-----');
    expect(text.endsWith('\n-----END AIRLOCK DEACTIVATION FILE-----\n')).toBe(true);
  });

  it('shows neither the consumption nor the variables in the file, even decoded', async () => {
    const { text } = await deactivation();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    const secrets = ['consumption', 'renders', '"amount":17', 'Turbine housing', 'lic-42', FINGERPRINT];
    expect(secrets.filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the authority encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await deactivation();
    await expectCode(openDeactivationFile(text, { ...openContext, encryptionKey: device.encryptionKey }), 'WRONG_RECIPIENT');
  });

  it('refuses a deactivation made for another authority as WRONG_RECIPIENT', async () => {
    const { text } = await deactivation();
    const error = await expectCode(openDeactivationFile(text, { ...openContext, rootKid: device.signingKey.kid }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `authority:${device.signingKey.kid}`, found: `authority:${authority.root.kid}` });
  });

  it('frees the activation slot once: the same file uploaded again is refused as DOCUMENT_REPLAYED', async () => {
    const { text } = await deactivation();
    const used = new Set<string>();
    const ledger = { activeDevices: 1, reported: 0 };
    const upload = async () => {
      const { claims } = await openDeactivationFile(text, { ...openContext, isReplay: (id) => used.has(id) });
      used.add(claims.jti);
      ledger.activeDevices -= 1;
      ledger.reported += claims.consumption.reduce((sum, { amount }) => sum + amount, 0);
    };
    await upload();
    const error = await expectCode(upload(), 'DOCUMENT_REPLAYED');
    expect({ ledger, detail: error.detail }).toEqual({ ledger: { activeDevices: 0, reported: 17 }, detail: { id: [...used][0] } });
  });

  it('refuses a deactivation whose jwk header names another key than the one that signed it', async () => {
    const { claims } = await deactivation();
    const other = createTestParty('other-device').signingKey;
    await expectCode(openDeactivationFile(await seal({ kid: other.kid, jwk: other.publicJwk }, claims), openContext), 'SIGNATURE_INVALID');
    const mismatched = await seal({ kid: device.signingKey.kid, jwk: other.publicJwk }, claims);
    const error = await expectCode(openDeactivationFile(mismatched, openContext), 'SIGNATURE_INVALID');
    expect(error.detail).toEqual({ reason: 'kid is not the thumbprint of jwk' });
  });

  it('is accepted from the device key its license is bound to, and refused from any other as SIGNATURE_INVALID', async () => {
    const other = createTestParty('other-device').signingKey;
    const [own, foreign] = await Promise.all([deactivation(), deactivation({}, other)]);
    const [ownOpened, foreignOpened] = await Promise.all([openDeactivationFile(own.text, openContext), openDeactivationFile(foreign.text, openContext)]);
    expect([checkDeactivationSigner(ownOpened, installed), checkDeactivationSigner(foreignOpened, installed)]).toEqual([
      { ok: true, value: undefined },
      {
        ok: false,
        code: 'SIGNATURE_INVALID',
        detail: {
          document: 'deactivation-file',
          reason: 'signed by another key than the device license is bound to',
          expected: device.signingKey.kid,
          found: other.kid,
        },
      },
    ]);
  });

  it('is not made with a meter or a variable listed twice', async () => {
    const details = await Promise.all([
      expectCode(
        deactivation({
          consumption: [
            { meter: 'renders', amount: 1 },
            { meter: 'renders', amount: 2 },
          ],
        }),
        'PAYLOAD_INVALID',
      ),
      expectCode(
        deactivation({
          variables: [
            { name: 'a', value: '1' },
            { name: 'a', value: '2' },
          ],
        }),
        'PAYLOAD_INVALID',
      ),
    ]).then((errors) => errors.map((error) => error.detail));
    expect(details).toEqual([
      { document: 'deactivation-file', path: '/consumption', reason: 'meter renders is listed twice' },
      { document: 'deactivation-file', path: '/variables', reason: 'variable a is listed twice' },
    ]);
  });

  it('refuses a signed deactivation that reports a meter twice, as PAYLOAD_INVALID', async () => {
    const { claims } = await deactivation();
    const consumption = [
      { meter: 'renders', amount: 17 },
      { meter: 'renders', amount: 17 },
    ];
    const forged = await seal({ kid: device.signingKey.kid, jwk: device.signingKey.publicJwk }, { ...claims, consumption });
    await expectCode(openDeactivationFile(forged, openContext), 'PAYLOAD_INVALID');
  });

  it('carries the last usage report the device knows was counted, when it says so, and refuses one that is no report number', async () => {
    const issued = await deactivation({ reportedThrough: 4 });
    expect((await openDeactivationFile(issued.text, openContext)).claims.reportedThrough).toBe(4);
    expect((await openDeactivationFile((await deactivation()).text, openContext)).claims).not.toHaveProperty('reportedThrough');
    for (const reportedThrough of [-1, 1.5, '4', 2 ** 31]) {
      const forged = await seal(
        { kid: device.signingKey.kid, jwk: device.signingKey.publicJwk },
        { ...issued.claims, jti: crypto.randomUUID(), reportedThrough },
      );
      await expectCode(openDeactivationFile(forged, openContext), 'PAYLOAD_INVALID');
    }
  });

  it('is not encrypted to a key the pinned root did not certify for encryption', async () => {
    const impostor = await createTestAuthority('impostor');
    await expectCode(deactivation({ authorityEncryptionKey: impostor.encryptionCertificate }), 'KEY_CERTIFICATE_INVALID');
    await expectCode(deactivation({ authorityEncryptionKey: authority.signer.certificate }), 'KEY_CERTIFICATE_INVALID');
  });
});
