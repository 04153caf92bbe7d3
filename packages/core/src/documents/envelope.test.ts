import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import { COMPRESS_ABOVE_BYTES, encryptCompact, MAX_PLAINTEXT_BYTES, signCompact } from '../encoding/jose-compact.ts';
import { Id } from '../encoding/schema.ts';
import { days, hours, minutes } from '../time/duration.ts';
import { certifyKey } from '../trust/key-certificate.ts';
import { issueRevocationList, verifyRevocationList } from '../trust/revocation-list.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { createTestAuthority, createTestParty } from '../testing/test-parties.ts';
import { audience, commonClaims, defineKind } from './document-kind.ts';
import { identifyDocument, issueDocument, openDocument } from './envelope.ts';
import { enablementTokenKind, issueEnablementToken, openEnablementToken } from './enablement-token.ts';
import { expectCode } from '../testing/tampering.ts';

const now = new Date('2026-11-23T10:00:00Z');
const authority = await createTestAuthority();
const site = createTestParty('site');

// A kind used only here, to exercise the envelope's encrypted, self-signed path.
const sealedNoteKind = defineKind({
  name: 'sealed-note',
  typ: 'airlock-test-sealed-note+jwt',
  label: 'TEST SEALED NOTE',
  signer: 'site',
  encrypted: true,
  schema: Type.Object({ ...commonClaims, note: Id }, { additionalProperties: false }),
});

// Another, whose size the test chooses: large ones are compressed before they are encrypted.
const sealedListKind = defineKind({
  name: 'sealed-list',
  typ: 'airlock-test-sealed-list+jwt',
  label: 'TEST SEALED LIST',
  signer: 'site',
  encrypted: true,
  schema: Type.Object({ ...commonClaims, notes: Type.Array(Id, { maxItems: 100_000 }) }, { additionalProperties: false }),
});

async function token(overrides: { now?: Date; signer?: typeof authority.signer } = {}) {
  return issueEnablementToken(
    {
      customerId: 'cust-1',
      siteGuid: site.guid,
      lifetime: hours(24),
      minimumSiteVersion: '40',
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
    },
    { now: overrides.now ?? now, random: seededRandom('token'), signer: overrides.signer ?? authority.signer },
  );
}

describe('authority-signed documents', () => {
  it('opens a document signed by a certified key on the site it was made for', async () => {
    const { text, claims } = await token();
    const opened = await openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust });
    expect(opened.claims).toEqual(claims);
    expect(opened.signerKey).toEqual(authority.signingKey.publicJwk);
    expect(text.startsWith('-----BEGIN AIRLOCK ENABLEMENT TOKEN-----\n')).toBe(true);
  });

  it('refuses a document for another site as WRONG_RECIPIENT', async () => {
    const { text } = await token();
    await expectCode(openEnablementToken(text, { now, siteGuid: createTestParty('other').guid, trust: authority.trust }), 'WRONG_RECIPIENT');
  });

  it('refuses a signing key certified by another root', async () => {
    const impostor = await createTestAuthority('impostor');
    const { text } = await token({ signer: impostor.signer });
    await expectCode(openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust }), 'KEY_CERTIFICATE_INVALID');
  });

  it('refuses a document whose certificate names another key than the one that signed', async () => {
    const rogue = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(9));
    const { text } = await token({ signer: { key: rogue, certificate: authority.signer.certificate } });
    await expectCode(openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust }), 'KEY_CERTIFICATE_INVALID');
  });

  it('refuses a document issued before its signing key became valid', async () => {
    const early = new Date('2025-12-31T23:59:00Z');
    const { text } = await token({ now: early });
    await expectCode(openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust }), 'SIGNING_KEY_NOT_VALID_AT_ISSUE');
  });

  it('refuses a document issued later than now plus the tolerated skew', async () => {
    const { text } = await token({ now: new Date(now.getTime() + minutes(6)) });
    await expectCode(openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust }), 'DOCUMENT_FROM_FUTURE');
    const within = await token({ now: new Date(now.getTime() + minutes(5)) });
    await expect(openEnablementToken(within.text, { now, siteGuid: site.guid, trust: authority.trust })).resolves.toBeDefined();
  });

  it('refuses a replayed document when the reader has seen its id', async () => {
    const { text, claims } = await token();
    const seen = new Set([claims.jti]);
    await expectCode(
      openDocument(enablementTokenKind, text, { now, trust: authority.trust, audience: audience.siteInstallation(site.guid), isReplay: (id) => seen.has(id) }),
      'DOCUMENT_REPLAYED',
    );
  });
});

describe('signing-key rotation and revocation', () => {
  it('accepts a rotated signing key without any change on the site, then refuses it once revoked', async () => {
    const rotated = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(7));
    const certificate = await certifyKey(authority.root, rotated.publicJwk, { use: 'sig', notBefore: now, notAfter: new Date(now.getTime() + days(365)), now });
    const fromRotated = await token({ signer: { key: rotated, certificate } });
    await expect(openEnablementToken(fromRotated.text, { now, siteGuid: site.guid, trust: authority.trust })).resolves.toBeDefined();

    // The authority revokes the old key; the list rides along in the next document it signs.
    const revocations = await issueRevocationList(authority.root, {
      serial: 1,
      revoked: [{ kid: authority.signingKey.kid, revokedAt: 1_800_000_000, reason: 'compromised' }],
      now,
    });
    const carrier = await token({ signer: { key: rotated, certificate, revocations } });
    const opened = await openEnablementToken(carrier.text, { now, siteGuid: site.guid, trust: authority.trust });
    expect(opened.revocations?.serial).toBe(1);

    // The site keeps the newest list; a document from the revoked key is refused from then on.
    const trust = { ...authority.trust, revocations: opened.revocations };
    const fromRevoked = await token();
    const error = await expectCode(openEnablementToken(fromRevoked.text, { now, siteGuid: site.guid, trust }), 'SIGNING_KEY_REVOKED');
    expect(error.detail).toEqual({ kid: authority.signingKey.kid, revokedAt: '2027-01-15T08:00:00.000Z' });
  });

  it('keeps the newer revocation list when a document carries an older one', async () => {
    const older = await verifyRevocationList(await issueRevocationList(authority.root, { serial: 1, revoked: [], now }), authority.trust.root);
    const newer = await verifyRevocationList(
      await issueRevocationList(authority.root, { serial: 2, revoked: [{ kid: authority.signingKey.kid, revokedAt: 1 }], now }),
      authority.trust.root,
    );
    const stale = await token({ signer: { ...authority.signer, revocations: older.compact } });
    await expectCode(openEnablementToken(stale.text, { now, siteGuid: site.guid, trust: { ...authority.trust, revocations: newer } }), 'SIGNING_KEY_REVOKED');
  });

  it('refuses a revocation list not signed by the root', async () => {
    const impostor = await createTestAuthority('impostor');
    const forged = await issueRevocationList(impostor.root, { serial: 9, revoked: [], now });
    const { text } = await token({ signer: { ...authority.signer, revocations: forged } });
    await expectCode(openEnablementToken(text, { now, siteGuid: site.guid, trust: authority.trust }), 'REVOCATION_LIST_INVALID');
  });
});

describe('encrypted documents', () => {
  const reader = createTestParty('reader');
  const issue = () =>
    issueDocument(
      sealedNoteKind,
      { aud: 'test:reader', answers: [], note: 'hello' },
      {
        now,
        random: seededRandom('note'),
        signer: site.signingKey,
        recipient: reader.encryptionKey.publicJwk,
      },
    );

  it('round-trips through JWE to the recipient, and names the sender key', async () => {
    const { text, claims } = await issue();
    const opened = await openDocument(sealedNoteKind, text, { now, audience: 'test:reader', recipient: reader.encryptionKey });
    expect(opened.claims).toEqual(claims);
    expect(opened.signerKey).toEqual(site.signingKey.publicJwk);
  });

  it('is byte-for-byte reproducible from the same random source', async () => {
    expect((await issue()).text).toBe((await issue()).text);
  });

  it('refuses to open a document encrypted to another key as WRONG_RECIPIENT', async () => {
    const { text } = await issue();
    await expectCode(openDocument(sealedNoteKind, text, { now, audience: 'test:reader', recipient: site.encryptionKey }), 'WRONG_RECIPIENT');
  });

  it('refuses a ciphertext whose recipient kid was rewritten as DECRYPTION_FAILED', async () => {
    const { text } = await issue();
    const [header, ...rest] = dearmor(text).body.split('.');
    const parsed = JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>;
    const rewritten = Buffer.from(JSON.stringify({ ...parsed, kid: site.encryptionKey.kid })).toString('base64url');
    const forged = armor(sealedNoteKind.label, [rewritten, ...rest].join('.'));
    await expectCode(openDocument(sealedNoteKind, forged, { now, audience: 'test:reader', recipient: site.encryptionKey }), 'DECRYPTION_FAILED');
  });
});

describe('compressed documents', () => {
  const reader = createTestParty('reader');
  const context = { now, audience: 'test:reader', recipient: reader.encryptionKey };
  const issueList = (count: number) =>
    issueDocument(
      sealedListKind,
      { aud: 'test:reader', answers: [], notes: Array.from({ length: count }, (_, i) => `holder-${i}`) },
      {
        now,
        random: seededRandom('list'),
        signer: site.signingKey,
        recipient: reader.encryptionKey.publicJwk,
      },
    );
  const jweHeader = (text: string) => JSON.parse(Buffer.from(dearmor(text).body.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

  it('leaves a document whose JWS is within the threshold uncompressed', async () => {
    const { text } = await issueList(10);
    expect(jweHeader(text).zip).toBeUndefined();
  });

  it('deflates a larger one, says so in the protected header, and opens it to the same claims', async () => {
    const { text, claims } = await issueList(20_000);
    expect(jweHeader(text).zip).toBe('DEF');
    expect(JSON.stringify(claims).length).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    // The claims are base64url-encoded twice without compression; deflated, the file is far smaller than the claims.
    expect(text.length).toBeLessThan(JSON.stringify(claims).length / 4);
    expect((await openDocument(sealedListKind, text, context)).claims).toEqual(claims);
  });

  it('refuses a document whose compression flag was removed, since the header is authenticated', async () => {
    const { text } = await issueList(20_000);
    const [, ...rest] = dearmor(text).body.split('.');
    const header = jweHeader(text);
    delete header.zip;
    const stripped = armor(sealedListKind.label, [Buffer.from(JSON.stringify(header)).toString('base64url'), ...rest].join('.'));
    await expectCode(openDocument(sealedListKind, stripped, context), 'DECRYPTION_FAILED');
  });

  it('refuses a compression method other than DEFLATE as UNSUPPORTED_ALGORITHM', async () => {
    const { text } = await issueList(10);
    const jws = (await openDocument(sealedListKind, text, context)).jws;
    const header = { typ: 'airlock-test-sealed-list+jwe', cty: sealedListKind.typ, kid: reader.encryptionKey.kid, zip: 'BR' };
    const other = armor(sealedListKind.label, await encryptCompact(header, jws, reader.encryptionKey.publicKey, seededRandom('br')));
    await expectCode(openDocument(sealedListKind, other, context), 'UNSUPPORTED_ALGORITHM');
  });

  it('stops inflating at the limit: a small file that would expand past 32 MiB is DOCUMENT_TOO_LARGE', async () => {
    const header = { typ: 'airlock-test-sealed-list+jwe', cty: sealedListKind.typ, kid: reader.encryptionKey.kid };
    const compact = await encryptCompact(header, 'A'.repeat(MAX_PLAINTEXT_BYTES + 1), reader.encryptionKey.publicKey, seededRandom('bomb'));
    expect(compact.length).toBeLessThan(100_000);
    await expectCode(openDocument(sealedListKind, armor(sealedListKind.label, compact), context), 'DOCUMENT_TOO_LARGE');
  });
});

describe('kinds and versions', () => {
  it('refuses a document of another kind, naming both', async () => {
    const { text } = await token();
    const error = await expectCode(openDocument(sealedNoteKind, text, { now, audience: 'x', recipient: site.encryptionKey }), 'WRONG_DOCUMENT_KIND');
    expect(error.detail).toEqual({ expected: 'sealed-note', found: 'enablement-token' });
  });

  it('refuses a relabelled signed document where an encrypted one belongs', async () => {
    const { text } = await token();
    const relabelled = text.replaceAll('ENABLEMENT TOKEN', 'TEST SEALED NOTE');
    await expectCode(openDocument(sealedNoteKind, relabelled, { now, audience: 'x', recipient: site.encryptionKey }), 'DOCUMENT_MALFORMED');
  });

  it('refuses a correctly signed document of an unknown format version', async () => {
    const { claims } = await token();
    const header = { typ: enablementTokenKind.typ, kid: authority.signingKey.kid, cert: authority.signer.certificate };
    const compact = await signCompact(header, { ...claims, v: 2 }, authority.signingKey.privateKey);
    const error = await expectCode(
      openEnablementToken(armor(enablementTokenKind.label, compact), { now, siteGuid: site.guid, trust: authority.trust }),
      'UNSUPPORTED_VERSION',
    );
    expect(error.detail).toEqual({ document: 'enablement-token', found: 2 });
  });

  it('refuses a signed document whose contents break the format', async () => {
    const { claims } = await token();
    const header = { typ: enablementTokenKind.typ, kid: authority.signingKey.kid, cert: authority.signer.certificate };
    const compact = await signCompact(header, { ...claims, extra: true }, authority.signingKey.privateKey);
    await expectCode(openEnablementToken(armor(enablementTokenKind.label, compact), { now, siteGuid: site.guid, trust: authority.trust }), 'PAYLOAD_INVALID');
  });

  it('identifies a document by its armour', async () => {
    expect(identifyDocument((await token()).text)?.name).toBe('enablement-token');
    expect(identifyDocument('hello')).toBeUndefined();
  });
});
