import { describe, expect, it } from 'vitest';
import { armor, dearmor } from '../encoding/armor.ts';
import { decryptCompact, encryptCompact, signCompact, type JoseHeader } from '../encoding/jose-compact.ts';
import { days, hours } from '../time/duration.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { activatedLicenseKind } from './activated-license.ts';
import { encryptedTyp } from './document-kind.ts';
import { issueEnablementToken } from './enablement-token.ts';
import { openDocument } from './envelope.ts';
import {
  issueLicenseFileRequest,
  licenseFileRequestKind,
  openLicenseFileRequest,
  type LicenseFileRequest,
  type LicenseFileRequestInput,
} from './license-file-request.ts';
import { offlineLicenseFileKind } from './offline-license-file.ts';
import { orderLicenseKind } from './order-license.ts';
import { expectCode, alterEachCharacter } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const cycleOpenedAt = new Date('2026-11-20T08:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');
const LEDGER_HEAD = '3f0c1e7a9b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a';

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

const input: LicenseFileRequestInput = {
  enablementToken: token,
  tenant: 'default',
  siteVersion: '41.2',
  siteEncryptionKey: site.encryptionKey.publicJwk,
  cycle: 3,
  sequence: 2,
  cycleOpenedAt,
  installed: null,
  usage: {
    seats: [
      { type: 'bot-runner', users: ['ada@example.com', 'grace@example.com'] },
      { type: 'bot-creator', users: [] },
    ],
    meters: [{ type: 'api-calls', total: 1234 }],
    ledger: { sequence: 57, head: LEDGER_HEAD },
  },
};

const openContext = { now, rootKid: authority.root.kid, encryptionKey: authority.encryptionKey };

function request(overrides: Partial<LicenseFileRequestInput> = {}, trust = authority.trust) {
  return issueLicenseFileRequest({ ...input, ...overrides }, { now, random: seededRandom('lfr'), signer: site.signingKey, trust });
}

/** An LFR sealed by hand, to forge what `issueLicenseFileRequest` would never write. */
async function seal(header: JoseHeader, claims: object): Promise<string> {
  const jws = await signCompact({ typ: licenseFileRequestKind.typ, ...header }, claims, site.signingKey.privateKey);
  const jweHeader = { typ: encryptedTyp(licenseFileRequestKind), cty: licenseFileRequestKind.typ, kid: authority.encryptionKey.kid };
  return armor(licenseFileRequestKind.label, await encryptCompact(jweHeader, jws, authority.encryptionKey.publicKey, seededRandom('seal')));
}

describe('license file request', () => {
  it("opens on the authority with its exact claims, the site key that signed it and that key's thumbprint", async () => {
    const issued = await request();
    const opened = await openLicenseFileRequest(issued.text, openContext);
    const expected: LicenseFileRequest = {
      v: 1,
      jti: issued.claims.jti,
      iat: 1795428000,
      aud: `authority:${authority.root.kid}`,
      answers: [token.jti],
      customerId: 'cust-1',
      siteGuid: site.guid,
      tenant: 'default',
      siteVersion: '41.2',
      siteEncryptionKey: { kty: 'OKP', crv: 'X25519', x: site.encryptionKey.publicJwk.x },
      cycle: 3,
      sequence: 2,
      cycleOpenedAt: 1795161600,
      installed: null,
      usage: {
        seats: [
          { type: 'bot-runner', used: 2, users: ['ada@example.com', 'grace@example.com'] },
          { type: 'bot-creator', used: 0, users: [] },
        ],
        meters: [{ type: 'api-calls', total: 1234 }],
        ledger: { sequence: 57, head: LEDGER_HEAD },
      },
    };
    expect(opened).toEqual({ claims: expected, signerKey: site.signingKey.publicJwk, signerKid: site.signingKey.kid });
    expect(issued.claims).toEqual(expected);
  });

  it('answers the enablement token and the installed OLF, and reports that OLF', async () => {
    const installed = {
      olfId: 'olf-41',
      start: '2026-01-01',
      end: '2026-12-31',
      entitlements: [{ type: 'bot-runner', category: 'seat' as const, quantity: 5 }],
    };
    const { text } = await request({ installed });
    const { claims } = await openLicenseFileRequest(text, openContext);
    expect({ answers: claims.answers, installed: claims.installed }).toEqual({ answers: [token.jti, 'olf-41'], installed });
  });

  it('is armoured under its own header line', async () => {
    const { text } = await request();
    expect(text.split('\n')[0]).toBe('-----BEGIN AIRLOCK LICENSE FILE REQUEST-----');
    expect(text.endsWith('\n-----END AIRLOCK LICENSE FILE REQUEST-----\n')).toBe(true);
  });

  it('shows none of its contents in the file, even decoded', async () => {
    const { text } = await request();
    const decoded = dearmor(text)
      .body.split('.')
      .map((segment) => Buffer.from(segment, 'base64url').toString('latin1'));
    const visible = [text, ...decoded].join('\n');
    const secrets = ['cust-1', site.guid, 'ada@example.com', 'bot-runner', 'api-calls', LEDGER_HEAD, site.signingKey.publicJwk.x];
    expect(secrets.filter((secret) => visible.includes(secret))).toEqual([]);
  });

  it('opens only with the authority encryption key, refusing another key as WRONG_RECIPIENT', async () => {
    const { text } = await request();
    await expectCode(openLicenseFileRequest(text, { ...openContext, encryptionKey: site.encryptionKey }), 'WRONG_RECIPIENT');
  });

  it('opens with the one of several keys its JWE names, and is WRONG_RECIPIENT when none is that key', async () => {
    const { text } = await request();
    const other = createTestParty('retired-keys');
    const opened = await openLicenseFileRequest(text, { ...openContext, encryptionKey: [other.encryptionKey, authority.encryptionKey, site.encryptionKey] });
    expect(opened.claims.siteGuid).toBe(site.guid);
    await expectCode(openLicenseFileRequest(text, { ...openContext, encryptionKey: [other.encryptionKey, site.encryptionKey] }), 'WRONG_RECIPIENT');
    await expectCode(openLicenseFileRequest(text, { ...openContext, encryptionKey: [] }), 'WRONG_RECIPIENT');
  });

  it('refuses a request made for another authority as WRONG_RECIPIENT', async () => {
    const { text } = await request();
    const error = await expectCode(openLicenseFileRequest(text, { ...openContext, rootKid: site.signingKey.kid }), 'WRONG_RECIPIENT');
    expect(error.detail).toEqual({ expected: `authority:${site.signingKey.kid}`, found: `authority:${authority.root.kid}` });
  });

  it('refuses a replayed request', async () => {
    const { text, claims } = await request();
    await expectCode(openLicenseFileRequest(text, { ...openContext, isReplay: (id) => id === claims.jti }), 'DOCUMENT_REPLAYED');
  });

  it('refuses a request whose jwk header names another key than the one that signed it', async () => {
    const { claims } = await request();
    const other = createTestParty('other-site').signingKey;
    const swapped = await seal({ kid: other.kid, jwk: other.publicJwk }, claims);
    await expectCode(openLicenseFileRequest(swapped, openContext), 'SIGNATURE_INVALID');
    const mismatched = await seal({ kid: site.signingKey.kid, jwk: other.publicJwk }, claims);
    const error = await expectCode(openLicenseFileRequest(mismatched, openContext), 'SIGNATURE_INVALID');
    expect(error.detail).toEqual({ reason: 'kid is not the thumbprint of jwk' });
  });

  it('refuses a signed request whose seat count does not match its users, as PAYLOAD_INVALID', async () => {
    const { claims } = await request();
    const seats = [{ type: 'bot-runner', used: 1, users: ['ada@example.com', 'grace@example.com'] }];
    const forged = await seal({ kid: site.signingKey.kid, jwk: site.signingKey.publicJwk }, { ...claims, usage: { ...claims.usage, seats } });
    const error = await expectCode(openLicenseFileRequest(forged, openContext), 'PAYLOAD_INVALID');
    expect(error.detail).toEqual({ document: 'license-file-request', path: '/usage/seats/0/used', reason: 'does not count the users listed' });
  });

  it('refuses a signed request whose site encryption key is not a key, as KEY_INVALID', async () => {
    const { claims } = await request();
    const siteEncryptionKey = { kty: 'OKP', crv: 'X25519', x: '!'.repeat(43) };
    const forged = await seal({ kid: site.signingKey.kid, jwk: site.signingKey.publicJwk }, { ...claims, siteEncryptionKey });
    await expectCode(openLicenseFileRequest(forged, openContext), 'KEY_INVALID');
  });

  it('is not made with a user holding a seat twice, a seat type listed twice, or a cycle opened later than now', async () => {
    const twice = { ...input.usage, seats: [{ type: 'bot-runner', users: ['ada', 'ada'] }] };
    const sameType = {
      ...input.usage,
      seats: [
        { type: 'bot-runner', users: [] },
        { type: 'bot-runner', users: [] },
      ],
    };
    const details = await Promise.all([
      expectCode(request({ usage: twice }), 'PAYLOAD_INVALID'),
      expectCode(request({ usage: sameType }), 'PAYLOAD_INVALID'),
      expectCode(request({ cycleOpenedAt: new Date('2026-11-23T10:00:01Z') }), 'PAYLOAD_INVALID'),
    ]).then((errors) => errors.map((error) => error.detail));
    expect(details).toEqual([
      { document: 'license-file-request', path: '/usage/seats/0/users', reason: 'user ada holds the seat twice' },
      { document: 'license-file-request', path: '/usage/seats', reason: 'seat type bot-runner is listed twice' },
      { document: 'license-file-request', path: '/cycleOpenedAt', reason: 'the cycle opens after the request was made' },
    ]);
  });

  it('carries the floating seats a site lent, per type and day, and omits them when there are none', async () => {
    const floating = [
      {
        type: 'bot-runner',
        leases: 3,
        borrows: 1,
        days: [
          { day: '2026-11-21', peak: 4, borrowed: 0 },
          { day: '2026-11-23', peak: 5, borrowed: 1 },
        ],
      },
      { type: 'bot-creator', leases: 0, borrows: 0, days: [] },
    ];
    const opened = await openLicenseFileRequest((await request({ usage: { ...input.usage, floating } })).text, openContext);
    expect(opened.claims.usage.floating).toEqual(floating);
    for (const usage of [input.usage, { ...input.usage, floating: [] }]) {
      const { claims } = await openLicenseFileRequest((await request({ usage })).text, openContext);
      expect('floating' in claims.usage).toBe(false);
    }
  });

  it('copies only the floating fields the claim holds', async () => {
    const entry = { type: 'bot-runner', leases: 1, borrows: 0, days: [{ day: '2026-11-23', peak: 1, borrowed: 0, note: 'x' }], extra: true };
    const { claims } = await request({ usage: { ...input.usage, floating: [entry] } });
    expect(claims.usage.floating).toEqual([{ type: 'bot-runner', leases: 1, borrows: 0, days: [{ day: '2026-11-23', peak: 1, borrowed: 0 }] }]);
  });

  it('is not made with a floating type listed twice, a day that is no date, or days out of order, as PAYLOAD_INVALID', async () => {
    const usage = (floating: NonNullable<LicenseFileRequestInput['usage']['floating']>) => ({ usage: { ...input.usage, floating } });
    const day = (date: string) => ({ day: date, peak: 1, borrowed: 0 });
    const entry = (days: readonly ReturnType<typeof day>[], type = 'bot-runner') => ({ type, leases: 0, borrows: 0, days });
    const errors = await Promise.all([
      expectCode(request(usage([entry([]), entry([])])), 'PAYLOAD_INVALID'),
      expectCode(request(usage([entry([day('2026-02-30')])])), 'PAYLOAD_INVALID'),
      expectCode(request(usage([entry([], 'bot-creator'), entry([day('2026-11-21'), day('2026-11-21')])])), 'PAYLOAD_INVALID'),
      expectCode(request(usage([entry([day('2026-11-22'), day('2026-11-21')])])), 'PAYLOAD_INVALID'),
    ]);
    expect(errors.map((error) => error.detail)).toEqual([
      { document: 'license-file-request', path: '/usage/floating', reason: 'floating type bot-runner is listed twice' },
      { document: 'license-file-request', path: '/usage/floating/0/days/0/day', reason: '2026-02-30 is not a date' },
      { document: 'license-file-request', path: '/usage/floating/1/days/1/day', reason: '2026-11-21 does not follow 2026-11-21' },
      { document: 'license-file-request', path: '/usage/floating/0/days/1/day', reason: '2026-11-21 does not follow 2026-11-22' },
    ]);
  });

  it('refuses a signed request whose floating days go backwards, or whose counts are out of range, as PAYLOAD_INVALID', async () => {
    const { claims } = await request();
    const signer = { kid: site.signingKey.kid, jwk: site.signingKey.publicJwk };
    const days = [
      { day: '2026-11-22', peak: 2, borrowed: 0 },
      { day: '2026-11-20', peak: 1, borrowed: 0 },
    ];
    const backwards = await seal(signer, { ...claims, usage: { ...claims.usage, floating: [{ type: 'bot-runner', leases: 0, borrows: 0, days }] } });
    expect((await expectCode(openLicenseFileRequest(backwards, openContext), 'PAYLOAD_INVALID')).detail).toMatchObject({
      path: '/usage/floating/0/days/1/day',
    });
    for (const entry of [
      { type: 'bot-runner', leases: 1_000_001, borrows: 0, days: [] },
      { type: 'bot-runner', leases: 0, borrows: -1, days: [] },
      { type: 'bot-runner', leases: 0, borrows: 0, days: [{ day: '2026-11-22', peak: 1_000_000_001, borrowed: 0 }] },
      {
        type: 'bot-runner',
        leases: 0,
        borrows: 0,
        days: Array.from({ length: 401 }, (_, index) => ({ day: new Date(Date.UTC(2025, 0, 1 + index)).toISOString().slice(0, 10), peak: 0, borrowed: 0 })),
      },
    ]) {
      const forged = await seal(signer, { ...claims, usage: { ...claims.usage, floating: [entry] } });
      await expectCode(openLicenseFileRequest(forged, openContext), 'PAYLOAD_INVALID');
    }
  });

  it('carries the ledger restore a restored site states, and older requests without it still open', async () => {
    const ledgerRestore = { reached: { sequence: 80, head: 'b'.repeat(64) }, restored: { sequence: 50, head: 'a'.repeat(64) } };
    const restored = await openLicenseFileRequest((await request({ ledgerRestore })).text, openContext);
    expect(restored.claims.ledgerRestore).toEqual(ledgerRestore);
    const ordinary = await openLicenseFileRequest((await request()).text, openContext);
    expect('ledgerRestore' in ordinary.claims).toBe(false);
  });

  it('refuses a ledger restore that is no gap, or a request that does not go past the restored head, as PAYLOAD_INVALID', async () => {
    const head = (sequence: number, fill: string) => ({ sequence, head: fill.repeat(64) });
    const noGap = await expectCode(request({ ledgerRestore: { reached: head(50, 'b'), restored: head(50, 'a') } }), 'PAYLOAD_INVALID');
    const notPast = await expectCode(request({ ledgerRestore: { reached: head(90, 'b'), restored: head(57, 'a') } }), 'PAYLOAD_INVALID');
    const { claims } = await request();
    const forged = await seal(
      { kid: site.signingKey.kid, jwk: site.signingKey.publicJwk },
      { ...claims, ledgerRestore: { reached: head(10, 'b'), restored: head(20, 'a') } },
    );
    const opened = await expectCode(openLicenseFileRequest(forged, openContext), 'PAYLOAD_INVALID');
    expect([noGap.detail, notPast.detail, opened.detail]).toEqual([
      { document: 'license-file-request', path: '/ledgerRestore/restored', reason: 'the restored head is not behind the head reached' },
      { document: 'license-file-request', path: '/usage/ledger', reason: 'the ledger does not go past the restored head' },
      { document: 'license-file-request', path: '/ledgerRestore/restored', reason: 'the restored head is not behind the head reached' },
    ]);
  });

  it('is not encrypted to a key the pinned root did not certify for encryption, or no longer valid', async () => {
    const impostor = await createTestAuthority('impostor');
    const foreignCertificate = { ...token, authorityEncryptionKey: impostor.encryptionCertificate };
    await expectCode(request({ enablementToken: foreignCertificate }), 'KEY_CERTIFICATE_INVALID');
    const signingCertificate = { ...token, authorityEncryptionKey: authority.signer.certificate };
    await expectCode(request({ enablementToken: signingCertificate }), 'KEY_CERTIFICATE_INVALID');
    const late = issueLicenseFileRequest(input, {
      now: new Date('2036-01-01T00:00:00Z'),
      random: seededRandom('lfr'),
      signer: site.signingKey,
      trust: authority.trust,
    });
    await expectCode(late, 'KEY_CERTIFICATE_INVALID');
  });

  it('takes only an X25519 key as the site encryption key', async () => {
    await expectCode(request({ siteEncryptionKey: site.signingKey.publicJwk }), 'KEY_INVALID');
  });

  it.each([offlineLicenseFileKind, orderLicenseKind, activatedLicenseKind])('is refused when opened as $name', async (other) => {
    const { text } = await request();
    const error = await expectCode(
      openDocument(other, text, { now, audience: openContext.rootKid, trust: authority.trust, recipient: authority.encryptionKey }),
      'WRONG_DOCUMENT_KIND',
    );
    expect(error.detail).toEqual({ expected: other.name, found: 'license-file-request' });
  });

  it('carries the site signature inside the encryption, typed as an LFR', async () => {
    const { text } = await request();
    const jws = await decryptCompact(dearmor(text).body, authority.encryptionKey.privateKey);
    const header = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as unknown;
    expect(header).toEqual({ typ: 'airlock-lfr+jwt', kid: site.signingKey.kid, jwk: site.signingKey.publicJwk, alg: 'EdDSA' });
  });

  it('refuses every single-character alteration of the file with an AirlockError', async () => {
    const { text } = await request();
    const outcomes = await alterEachCharacter(text, (altered) => openLicenseFileRequest(altered, openContext));
    expect({ accepted: outcomes.accepted, foreign: outcomes.foreign }).toEqual({ accepted: [], foreign: [] });
    expect(outcomes.codes).toEqual(['DECRYPTION_FAILED', 'DOCUMENT_MALFORMED', 'UNSUPPORTED_ALGORITHM', 'WRONG_DOCUMENT_KIND', 'WRONG_RECIPIENT']);
  });
});
