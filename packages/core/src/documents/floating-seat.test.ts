import { describe, expect, it } from 'vitest';
import { generateKeyPair, keyPairFromSeed, type KeyPair } from '../crypto/keys.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { alterEachCharacter, expectCode, flip } from '../testing/tampering.ts';
import { createTestAuthority, createTestParty, type TestAuthority } from '../testing/test-parties.ts';
import { days, hours, minutes } from '../time/duration.ts';
import { issueActivatedLicense } from './activated-license.ts';
import { issueDeviceCheckInReceipt } from './device-check-in-receipt.ts';
import { issueEnablementToken, type EnablementToken } from './enablement-token.ts';
import {
  heartbeatMac,
  issueSiteBorrow,
  issueSiteLease,
  leaseHeartbeatKey,
  openSiteBorrow,
  openSiteLease,
  siteLeaseKind,
  verifyHeartbeatMac,
  verifySiteCertificate,
  type FloatingSeatFacts,
  type LeaseFacts,
  type SiteLease,
} from './floating-seat.ts';
import { issueLicenseFileRequest, openLicenseFileRequest } from './license-file-request.ts';
import { issueOfflineLicenseFile, openOfflineLicenseFile } from './offline-license-file.ts';
import { generateLrn } from './order-license.ts';
import { deriveRegistrationKey } from './registration-key.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');
const TENANT = 'default';
const FINGERPRINT = 'mid:5f2b9c0e41d84a7bb3e6c1d2f0a9e8b7';
const deviceLeaseKey = generateKeyPair('X25519', seededRandom('device-lease-key'));
const context = { now, trust: authority.trust, fingerprint: FINGERPRINT, siteGuid: site.guid, tenant: TENANT };

async function enablementToken(siteGuid = site.guid): Promise<EnablementToken> {
  const token = await issueEnablementToken(
    {
      customerId: 'cust-1',
      siteGuid,
      lifetime: hours(24),
      minimumSiteVersion: null,
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
    },
    { now, random: seededRandom(`token/${siteGuid}`), signer: authority.signer },
  );
  return token.claims;
}

/**
 * The signed layer of an OLF answering an LFR the site signed with `siteKey` for `tenant`: what
 * a site carries in its leases. `issuer` is the authority that answers (an impostor's OLF is
 * opened under its own root, as the site that was fooled would have).
 */
async function olfJws(options: { siteGuid?: string; siteKey?: KeyPair; tenant?: string; issuer?: TestAuthority } = {}): Promise<string> {
  const { siteGuid = site.guid, siteKey = site.signingKey, tenant = TENANT, issuer = authority } = options;
  const lfr = await issueLicenseFileRequest(
    {
      enablementToken: await enablementToken(siteGuid),
      tenant,
      siteVersion: '41',
      siteEncryptionKey: site.encryptionKey.publicJwk,
      cycle: 1,
      sequence: 1,
      cycleOpenedAt: now,
      installed: null,
      usage: { seats: [], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
    },
    { now, random: seededRandom('lfr'), signer: siteKey, trust: authority.trust },
  );
  const opened = await openLicenseFileRequest(lfr.text, { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
  const olf = await issueOfflineLicenseFile(
    opened,
    { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'designer', category: 'seat', quantity: 5 }] },
    { now, random: seededRandom('olf'), signer: issuer.signer },
  );
  return (await openOfflineLicenseFile(olf.text, { now, trust: issuer.trust, siteEncryptionKey: site.encryptionKey, siteGuid, tenant })).jws;
}

/** An activated license whose Registration Key is derived from the given site, tenant and key. */
async function activatedJws(options: { siteGuid?: string; siteKey?: KeyPair; tenant?: string } = {}): Promise<string> {
  const { siteGuid = site.guid, siteKey = site.signingKey, tenant = TENANT } = options;
  const registrationKey = deriveRegistrationKey({ siteGuid, tenantId: tenant, siteKeyThumbprint: siteKey.kid });
  const activated = await issueActivatedLicense(
    {
      registrationKey,
      customerId: 'cust-1',
      activatedLrn: generateLrn(seededRandom('lrn')),
      items: [{ product: 'studio', licenseType: 'designer', quantity: 5, kind: 'permanent' }],
      previous: null,
    },
    { now, random: seededRandom('activated'), signer: authority.signer },
  );
  return dearmor(activated.text).body;
}

const OLF = await olfJws();
const ACTIVATED = await activatedJws();

const seat: FloatingSeatFacts = {
  siteGuid: site.guid,
  tenant: TENANT,
  leaseId: 'lease-1',
  type: 'designer',
  user: 'ana',
  fingerprint: FINGERPRINT,
  expiresAt: new Date(now.getTime() + minutes(15)),
  license: OLF,
};
const leaseFacts: LeaseFacts = { ...seat, ttlSeconds: 900, siteKey: site.encryptionKey.publicJwk, deviceKey: deviceLeaseKey.publicJwk };

function lease(overrides: Partial<LeaseFacts> = {}, signer = site.signingKey) {
  return issueSiteLease({ ...leaseFacts, ...overrides }, { now, random: seededRandom('lease'), signer });
}

function borrow(overrides: Partial<FloatingSeatFacts> = {}, signer = site.signingKey) {
  return issueSiteBorrow({ ...seat, expiresAt: new Date(now.getTime() + days(7)), ...overrides }, { now, random: seededRandom('borrow'), signer });
}

describe('site lease', () => {
  it('opens on the device with its exact claims, certified by the signed layer of the tenant OLF', async () => {
    const issued = await lease();
    const opened = await openSiteLease(issued.text, context);
    const expected: SiteLease = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `device:${FINGERPRINT}`,
      answers: [],
      siteGuid: site.guid,
      tenant: TENANT,
      leaseId: 'lease-1',
      type: 'designer',
      user: 'ana',
      fingerprint: FINGERPRINT,
      exp: 1795428000 + 900,
      license: OLF,
      ttl: 900,
      siteKey: { kty: 'OKP', crv: 'X25519', x: site.encryptionKey.publicJwk.x },
      deviceKey: { kty: 'OKP', crv: 'X25519', x: deviceLeaseKey.publicJwk.x },
    };
    expect(issued.text).toMatch(/^-----BEGIN AIRLOCK SITE LEASE-----\n/);
    expect(opened.claims).toEqual(expected);
    expect(opened.siteKid).toBe(site.signingKey.kid);
    expect(opened.certificate).toMatchObject({ kind: 'offline-license-file', customerId: 'cust-1' });
    expect(opened.jws).toBe(dearmor(issued.text).body);
  });

  it('opens certified by an activated license whose Registration Key the site GUID, tenant and key derive', async () => {
    const opened = await openSiteLease((await lease({ license: ACTIVATED })).text, context);
    expect(opened.certificate).toMatchObject({ kind: 'activated-license', customerId: 'cust-1' });
    expect(opened.claims.license).toBe(ACTIVATED);
  });

  it('opens without the site and tenant when the device does not know them yet', async () => {
    const bare = { ...context, siteGuid: undefined, tenant: undefined };
    expect((await openSiteLease((await lease()).text, bare)).claims.leaseId).toBe('lease-1');
  });

  it('refuses a lease made for another device', async () => {
    await expectCode(openSiteLease((await lease({ fingerprint: 'fp-another-device' })).text, context), 'WRONG_RECIPIENT');
  });

  it('refuses a lease of another site or tenant than the device asked', async () => {
    await expectCode(openSiteLease((await lease()).text, { ...context, siteGuid: createTestParty('other-site').guid }), 'WRONG_RECIPIENT');
    await expectCode(openSiteLease((await lease()).text, { ...context, tenant: 'sales' }), 'WRONG_RECIPIENT');
  });

  it('refuses a lease issued ahead of the device clock', async () => {
    const later = await issueSiteLease(leaseFacts, { now: new Date(now.getTime() + minutes(10)), random: seededRandom('later'), signer: site.signingKey });
    await expectCode(openSiteLease(later.text, context), 'DOCUMENT_FROM_FUTURE');
  });

  it('refuses a lease whose claims were changed after signing', async () => {
    const issued = await lease();
    const [header, , signature] = dearmor(issued.text).body.split('.');
    const payload = Buffer.from(JSON.stringify({ ...issued.claims, exp: issued.claims.exp + 86_400 })).toString('base64url');
    await expectCode(openSiteLease(armor(siteLeaseKind.label, `${header}.${payload}.${signature}`), context), 'SIGNATURE_INVALID');
  });

  it('refuses any one character changed', async () => {
    const { text } = await lease();
    const { accepted, foreign } = await alterEachCharacter(text, (altered) => openSiteLease(altered, context));
    expect({ accepted, foreign }).toEqual({ accepted: [], foreign: [] });
  }, 60_000);

  it('is never read as a borrow file', async () => {
    await expectCode(openSiteBorrow((await lease()).text, context), 'WRONG_DOCUMENT_KIND');
  });
});

describe('site borrow file', () => {
  it('opens on the device with its end, certified by the OLF or by the activated license', async () => {
    const issued = await borrow();
    const opened = await openSiteBorrow(issued.text, context);
    expect(issued.text).toMatch(/^-----BEGIN AIRLOCK SITE BORROW FILE-----\n/);
    expect(opened.claims).toEqual({
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `device:${FINGERPRINT}`,
      answers: [],
      siteGuid: site.guid,
      tenant: TENANT,
      leaseId: 'lease-1',
      type: 'designer',
      user: 'ana',
      fingerprint: FINGERPRINT,
      exp: 1795428000 + 7 * 86_400,
      license: OLF,
    });
    expect(opened.certificate.kind).toBe('offline-license-file');
    expect((await openSiteBorrow((await borrow({ license: ACTIVATED })).text, context)).certificate.kind).toBe('activated-license');
  });

  it('refuses a borrow file made for another device, or another site or tenant than asked', async () => {
    await expectCode(openSiteBorrow((await borrow({ fingerprint: 'fp-another-device' })).text, context), 'WRONG_RECIPIENT');
    await expectCode(openSiteBorrow((await borrow()).text, { ...context, tenant: 'sales' }), 'WRONG_RECIPIENT');
  });

  it('is never read as a lease', async () => {
    await expectCode(openSiteLease((await borrow()).text, context), 'WRONG_DOCUMENT_KIND');
  });

  it('refuses any one character changed', async () => {
    const { text } = await borrow();
    const { accepted, foreign } = await alterEachCharacter(text, (altered) => openSiteBorrow(altered, context));
    expect({ accepted, foreign }).toEqual({ accepted: [], foreign: [] });
  }, 60_000);
});

describe('the license that certifies the site key', () => {
  const otherKey = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(7));
  const otherSite = createTestParty('other-site');

  it("refuses a lease signed by a key the license does not name (a site that copied another site's license)", async () => {
    const error = await expectCode(openSiteLease((await lease({}, otherKey)).text, context), 'SITE_KEY_NOT_CERTIFIED');
    expect(error.detail).toMatchObject({ siteKid: otherKey.kid });
    await expectCode(openSiteBorrow((await borrow({ license: ACTIVATED }, otherKey)).text, context), 'SITE_KEY_NOT_CERTIFIED');
  });

  it('refuses an OLF or an activated license naming another site key', async () => {
    await expectCode(openSiteLease((await lease({ license: await olfJws({ siteKey: otherKey }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
    await expectCode(openSiteLease((await lease({ license: await activatedJws({ siteKey: otherKey }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
  });

  it('refuses a license of another tenant of the site', async () => {
    await expectCode(openSiteLease((await lease({ license: await olfJws({ tenant: 'sales' }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
    await expectCode(openSiteLease((await lease({ license: await activatedJws({ tenant: 'sales' }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
  });

  it('refuses a license of another site, even for the same key and tenant', async () => {
    await expectCode(openSiteLease((await lease({ license: await olfJws({ siteGuid: otherSite.guid }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
    await expectCode(openSiteLease((await lease({ license: await activatedJws({ siteGuid: otherSite.guid }) })).text, context), 'SITE_KEY_NOT_CERTIFIED');
    // A lease claiming to come from the other site, carrying this site's license, is refused the same way.
    const anySite = { ...context, siteGuid: undefined };
    await expectCode(openSiteLease((await lease({ siteGuid: otherSite.guid })).text, anySite), 'SITE_KEY_NOT_CERTIFIED');
  });

  it('refuses authority documents that are not a license of the tenant', async () => {
    const token = await issueEnablementToken(
      {
        customerId: 'cust-1',
        siteGuid: site.guid,
        lifetime: hours(24),
        minimumSiteVersion: null,
        authorityEncryptionKey: authority.encryptionCertificate,
        cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
      },
      { now, random: seededRandom('token'), signer: authority.signer },
    );
    const receipt = await issueDeviceCheckInReceipt(
      { answers: '0c8e7d6a-5b4f-4e3d-8c2b-1a0f9e8d7c6b', licenseId: 'lic-42', fingerprint: FINGERPRINT, activationId: 'act-9', status: 'active', revision: 3 },
      { now, random: seededRandom('receipt'), signer: authority.signer },
    );
    for (const license of [dearmor(token.text).body, dearmor(receipt.text).body]) {
      await expectCode(openSiteLease((await lease({ license })).text, context), 'SITE_KEY_NOT_CERTIFIED');
    }
  });

  it('refuses a license whose signature was changed', async () => {
    const [header, payload, signature] = OLF.split('.') as [string, string, string];
    const altered = `${header}.${payload}.${signature.slice(0, 10)}${flip(signature[10]!)}${signature.slice(11)}`;
    await expectCode(openSiteLease((await lease({ license: altered })).text, context), 'SIGNATURE_INVALID');
    await expectCode(verifySiteCertificate(altered, site.signingKey.kid, { trust: authority.trust, siteGuid: site.guid, tenant: TENANT }), 'SIGNATURE_INVALID');
  });

  it('refuses a license signed by an authority key the pinned root did not certify', async () => {
    const impostor = await createTestAuthority('impostor');
    await expectCode(openSiteLease((await lease({ license: await olfJws({ issuer: impostor }) })).text, context), 'KEY_CERTIFICATE_INVALID');
  });

  it('names the license it verified, for any caller that holds one', async () => {
    const certificate = await verifySiteCertificate(ACTIVATED, site.signingKey.kid, {
      trust: authority.trust,
      siteGuid: site.guid.toUpperCase(),
      tenant: TENANT,
    });
    expect(certificate).toMatchObject({ kind: 'activated-license', customerId: 'cust-1' });
    await expectCode(verifySiteCertificate(ACTIVATED, otherKey.kid, { trust: authority.trust, siteGuid: site.guid, tenant: TENANT }), 'SITE_KEY_NOT_CERTIFIED');
  });
});

describe('lease heartbeats', () => {
  const facts = { leaseId: 'lease-1', nonce: 'n0nce-A_1', exp: 1795428900 };
  const siteSide = leaseHeartbeatKey(site.encryptionKey.privateKey, deviceLeaseKey.publicJwk, 'lease-1');
  const deviceSide = leaseHeartbeatKey(deviceLeaseKey.privateKey, site.encryptionKey.publicJwk, 'lease-1');

  it('gives both ends the same 32-byte key, from the keys the lease names', async () => {
    const opened = await openSiteLease((await lease()).text, context);
    expect(siteSide).toHaveLength(32);
    expect(deviceSide.equals(siteSide)).toBe(true);
    expect(leaseHeartbeatKey(deviceLeaseKey.privateKey, opened.claims.siteKey, opened.claims.leaseId).equals(siteSide)).toBe(true);
  });

  it('gives another key for another lease id or another device key', () => {
    const otherDevice = generateKeyPair('X25519', seededRandom('another-device'));
    expect(leaseHeartbeatKey(site.encryptionKey.privateKey, deviceLeaseKey.publicJwk, 'lease-2').equals(siteSide)).toBe(false);
    expect(leaseHeartbeatKey(site.encryptionKey.privateKey, otherDevice.publicJwk, 'lease-1').equals(siteSide)).toBe(false);
  });

  it('verifies the MAC the site computed, on the device', () => {
    const mac = heartbeatMac(siteSide, facts);
    expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyHeartbeatMac(deviceSide, facts, mac)).toBe(true);
  });

  it('refuses the MAC for another nonce, end or lease, under another key, or malformed', () => {
    const mac = heartbeatMac(siteSide, facts);
    const otherKey = leaseHeartbeatKey(site.encryptionKey.privateKey, deviceLeaseKey.publicJwk, 'lease-2');
    expect(verifyHeartbeatMac(deviceSide, { ...facts, nonce: 'n0nce-A_2' }, mac)).toBe(false);
    expect(verifyHeartbeatMac(deviceSide, { ...facts, exp: facts.exp + 900 }, mac)).toBe(false);
    expect(verifyHeartbeatMac(deviceSide, { ...facts, leaseId: 'lease-2' }, mac)).toBe(false);
    expect(verifyHeartbeatMac(otherKey, facts, mac)).toBe(false);
    for (const malformed of [undefined, 42, '', mac.slice(1), `${mac}A`, `${mac.slice(0, -1)}=`, mac.replace(/^./, '+')]) {
      expect(verifyHeartbeatMac(deviceSide, facts, malformed)).toBe(false);
    }
  });

  it('keeps fields apart: a line feed cannot move a character from one field to the next', () => {
    expect(heartbeatMac(siteSide, { leaseId: 'lease-1', nonce: 'ab', exp: 12 })).not.toBe(heartbeatMac(siteSide, { leaseId: 'lease-1', nonce: 'ab1', exp: 2 }));
  });

  it('refuses to compute a MAC over a nonce or an end outside the format, and verifies none', () => {
    for (const nonce of ['', 'a'.repeat(65), 'with space', 'line\nfeed']) {
      expect(() => heartbeatMac(siteSide, { ...facts, nonce })).toThrow(expect.objectContaining({ code: 'PAYLOAD_INVALID' }) as Error);
    }
    expect(() => heartbeatMac(siteSide, { ...facts, leaseId: 'lease-1\n' })).toThrow(expect.objectContaining({ code: 'PAYLOAD_INVALID' }) as Error);
    for (const exp of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => heartbeatMac(siteSide, { ...facts, exp })).toThrow(expect.objectContaining({ code: 'PAYLOAD_INVALID' }) as Error);
    }
    expect(verifyHeartbeatMac(deviceSide, { ...facts, nonce: 'with space' }, heartbeatMac(siteSide, facts))).toBe(false);
    expect(verifyHeartbeatMac(deviceSide, { ...facts, exp: -1 }, heartbeatMac(siteSide, facts))).toBe(false);
  });
});
