import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { dearmor } from '../encoding/armor.ts';
import { decryptCompact } from '../encoding/jose-compact.ts';
import { days, hours } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { activatedLicenseKind } from './activated-license.ts';
import { issueEnablementToken } from './enablement-token.ts';
import { openDocument } from './envelope.ts';
import { deviceLicenseFileKind } from './device-license-file.ts';
import { encryptedTyp } from './document-kind.ts';
import { issueLicenseFileRequest, licenseFileRequestKind, openLicenseFileRequest } from './license-file-request.ts';
import { issueOfflineLicenseFile, openOfflineLicenseFile, type OfflineLicenseFile, type SiteLicenseTerms } from './offline-license-file.ts';
import { orderLicenseKind } from './order-license.ts';
import { expectCode, alterEachCharacter } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');

const token = (
  await issueEnablementToken(
    {
      customerId: 'cust-1',
      siteGuid: site.guid,
      lifetime: hours(24),
      minimumSiteVersion: null,
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
    },
    { now, random: seededRandom('token'), signer: authority.signer },
  )
).claims;

const lfrText = (
  await issueLicenseFileRequest(
    {
      enablementToken: token,
      tenant: 'default',
      siteVersion: '41',
      siteEncryptionKey: site.encryptionKey.publicJwk,
      cycle: 4,
      sequence: 3,
      cycleOpenedAt: new Date('2026-11-21T09:00:00Z'),
      installed: null,
      usage: { seats: [{ type: 'bot-runner', users: ['ada'] }], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
    },
    { now, random: seededRandom('lfr'), signer: site.signingKey, trust: authority.trust },
  )
).text;
const lfr = await openLicenseFileRequest(lfrText, { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });

const terms: SiteLicenseTerms = {
  start: '2026-11-23',
  end: '2027-11-22',
  entitlements: [
    { type: 'bot-runner', category: 'seat', quantity: 10 },
    { type: 'api-calls', category: 'meter', quantity: 50_000 },
    { type: 'attended-mode', category: 'feature', quantity: 1 },
  ],
};

const siteContext = { now, trust: authority.trust, siteEncryptionKey: site.encryptionKey, siteGuid: site.guid, tenant: 'default' };

function olf(overrides: Partial<SiteLicenseTerms> = {}, signer = authority.signer) {
  return issueOfflineLicenseFile(lfr, { ...terms, ...overrides }, { now, random: seededRandom('olf'), signer });
}

describe('offline license file', () => {
  it('opens on its site with its exact claims, signed by the authority', async () => {
    const issued = await olf();
    const opened = await openOfflineLicenseFile(issued.text, siteContext);
    const expected: OfflineLicenseFile = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `site:${site.guid}/default`,
      answers: [lfr.claims.jti],
      lfrId: lfr.claims.jti,
      customerId: 'cust-1',
      siteGuid: site.guid,
      tenant: 'default',
      cycle: 4,
      sequence: 3,
      siteKeyThumbprint: site.signingKey.kid,
      start: '2026-11-23',
      end: '2027-11-22',
      entitlements: terms.entitlements.map((entitlement) => ({ ...entitlement })),
    };
    // The signed layer inside the encryption: what a site shows devices to certify its key.
    const jws = await decryptCompact(dearmor(issued.text).body, siteContext.siteEncryptionKey.privateKey);
    expect(opened).toEqual({ claims: expected, signerKey: authority.signingKey.publicJwk, revocations: undefined, jws });
  });

  it('copies its binding from the LFR it answers and is encrypted to the key that LFR named', async () => {
    const { text, claims } = await olf();
    const { answers, lfrId, customerId, siteGuid, tenant, cycle, sequence, siteKeyThumbprint } = claims;
    const request = lfr.claims;
    expect({ answers, lfrId, customerId, siteGuid, tenant, cycle, sequence, siteKeyThumbprint }).toEqual({
      answers: [request.jti],
      lfrId: request.jti,
      customerId: request.customerId,
      siteGuid: request.siteGuid,
      tenant: request.tenant,
      cycle: request.cycle,
      sequence: request.sequence,
      siteKeyThumbprint: lfr.signerKid,
    });
    const header = JSON.parse(Buffer.from(dearmor(text).body.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
    expect({ typ: header.typ, cty: header.cty, kid: header.kid }).toEqual({ typ: 'airlock-olf+jwe', cty: 'airlock-olf+jwt', kid: site.encryptionKey.kid });
  });

  it('is armoured under its own header line', async () => {
    const { text } = await olf();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----');
    expect(text.endsWith('\n-----END AIRLOCK OFFLINE LICENSE FILE-----\n')).toBe(true);
  });

  it('shows none of its contents in the file, even decoded', async () => {
    const { text } = await olf();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    const secrets = ['cust-1', site.guid, lfr.claims.jti, 'bot-runner', 'api-calls', '2027-11-22', authority.signingKey.kid];
    expect(secrets.filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the site encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await olf();
    const error = await expectCode(
      openOfflineLicenseFile(text, { ...siteContext, siteEncryptionKey: createTestParty('other').encryptionKey }),
      'WRONG_RECIPIENT',
    );
    expect(error.detail).toEqual({ document: 'offline-license-file', reason: 'encrypted to another key' });
  });

  it('refuses an OLF for another site as WRONG_RECIPIENT', async () => {
    const { text } = await olf();
    const otherGuid = createTestParty('other').guid;
    const error = await expectCode(openOfflineLicenseFile(text, { ...siteContext, siteGuid: otherGuid }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `site:${otherGuid}/default`, found: `site:${site.guid}/default` });
  });

  it('refuses an OLF for another tenant of the same site as WRONG_RECIPIENT', async () => {
    const { text } = await olf();
    const error = await expectCode(openOfflineLicenseFile(text, { ...siteContext, tenant: 'tenant-b' }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `site:${site.guid}/tenant-b`, found: `site:${site.guid}/default` });
  });

  it('refuses an OLF signed by a key the root did not certify', async () => {
    const rogue = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(9));
    const { text } = await olf({}, { key: rogue, certificate: authority.signer.certificate });
    await expectCode(openOfflineLicenseFile(text, siteContext), 'KEY_CERTIFICATE_INVALID');
    const impostor = await createTestAuthority('impostor');
    const forged = await olf({}, impostor.signer);
    await expectCode(openOfflineLicenseFile(forged.text, siteContext), 'KEY_CERTIFICATE_INVALID');
  });

  it('is not issued with terms that end before they start, a date not in the calendar, or a type granted twice', async () => {
    const twice = [...terms.entitlements, { type: 'bot-runner', category: 'seat' as const, quantity: 1 }];
    const details = await Promise.all([
      expectCode(olf({ end: '2026-11-22' }), 'PAYLOAD_INVALID'),
      expectCode(olf({ end: '2027-02-30' }), 'PAYLOAD_INVALID'),
      expectCode(olf({ entitlements: twice }), 'PAYLOAD_INVALID'),
    ]).then((errors) => errors.map((error) => error.detail));
    expect(details).toEqual([
      { document: 'offline-license-file', path: '/end', reason: 'the license ends before it starts' },
      { document: 'offline-license-file', path: '/end', reason: 'not a calendar date' },
      { document: 'offline-license-file', path: '/entitlements', reason: 'license type bot-runner is granted twice' },
    ]);
  });

  it('may start and end on the same day', async () => {
    const { text } = await olf({ end: '2026-11-23' });
    expect((await openOfflineLicenseFile(text, siteContext)).claims.end).toBe('2026-11-23');
  });

  it.each([licenseFileRequestKind, orderLicenseKind, activatedLicenseKind])('is refused when opened as $name', async (other) => {
    const { text } = await olf();
    const error = await expectCode(
      openDocument(other, text, { now, audience: siteContext.siteGuid, trust: authority.trust, recipient: site.encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: other.name, found: 'offline-license-file' });
  });

  it('refuses an OLF relabelled as another encrypted kind, by its encryption header', async () => {
    const { text } = await olf();
    const relabelled = text.replaceAll('OFFLINE LICENSE FILE', deviceLicenseFileKind.label);
    const error = await expectCode(
      openDocument(deviceLicenseFileKind, relabelled, { now, audience: 'x', trust: authority.trust, recipient: site.encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: encryptedTyp(deviceLicenseFileKind), found: 'airlock-olf+jwe' });
  });

  it('refuses every single-character alteration of the file with an AirlockError', async () => {
    const { text } = await olf();
    const outcomes = await alterEachCharacter(text, (altered) => openOfflineLicenseFile(altered, siteContext));
    expect({ accepted: outcomes.accepted, foreign: outcomes.foreign }).toEqual({ accepted: [], foreign: [] });
    expect(outcomes.codes).toEqual(['DECRYPTION_FAILED', 'DOCUMENT_MALFORMED', 'UNSUPPORTED_ALGORITHM', 'WRONG_DOCUMENT_KIND', 'WRONG_RECIPIENT']);
  });
});
