import { createHmac, diffieHellman, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { AirlockError, describeValue } from '../errors/airlock-error.ts';
import { importPublicJwk, keyId, parsePublicJwk, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { encodeBase64url } from '../encoding/base64url.ts';
import { readCompact } from '../encoding/jose-compact.ts';
import { Guid, Id, Name, NumericDate, validate, X25519Jwk } from '../encoding/schema.ts';
import type { Milliseconds } from '../time/duration.ts';
import type { RevocationList } from '../trust/revocation-list.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { verifyAuthoritySignature } from '../trust/verify-authority-signature.ts';
import { activatedLicenseKind } from './activated-license.ts';
import { Fingerprint } from './device-claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims, type DocumentKind } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';
import { offlineLicenseFileKind } from './offline-license-file.ts';
import { deriveRegistrationKey, registrationKeysEqual } from './registration-key.ts';

/**
 * Floating seats (docs/floating.md): a site lends one seat of a license type to a device on
 * its network, as a **lease** that the device keeps alive by heartbeats, or as a **borrow** that
 * the device keeps, offline, until a fixed end.
 *
 * Both documents are signed by the site's own signing key, and a device trusts that key
 * because the authority certified it: each document carries the tenant's license — the signed
 * layer of its Offline License File, or its activated license — which names the site key (an
 * OLF's `siteKeyThumbprint`; an activated license's Registration Key, derived from the site
 * GUID, the tenant and that key's thumbprint). The chain is root → authority signing key →
 * license naming the site key → lease, so a device needs only the pinned root.
 */

/** A compact JWS: three base64url segments. Bounded like any document. */
const CompactJws = Type.String({ minLength: 5, maxLength: 262_144, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$' });

const floatingSeatClaims = {
  ...commonClaims,
  /** The site's and tenant's ids, as in the license it carries. */
  siteGuid: Guid,
  tenant: Id,
  /** The hold at the site: the id the device heartbeats, releases or returns it by. */
  leaseId: Id,
  /** The license type of the seat. */
  type: Id,
  /** Who uses the seat, as the application named them. */
  user: Name,
  /** The device the seat is lent to (as in `aud`). */
  fingerprint: Fingerprint,
  /** Until when the seat is held: a lease's end unless renewed by heartbeat, a borrow's fixed end. */
  exp: NumericDate,
  /** The authority-signed license of the tenant that names the signing site key. */
  license: CompactJws,
};

/**
 * Site lease: a floating seat held while the device heartbeats. `siteKey` is the site's X25519
 * key and `deviceKey` the device's one-time X25519 key for this lease: both sides derive the
 * heartbeat key from them (`leaseHeartbeatKey`), so heartbeats need no signature.
 */
export const siteLeaseKind = defineKind({
  name: 'site-lease',
  typ: 'airlock-site-lease+jwt',
  label: 'SITE LEASE',
  signer: 'site',
  encrypted: false,
  schema: Type.Object(
    {
      ...floatingSeatClaims,
      /** Seconds each heartbeat extends the lease by. */
      ttl: Type.Integer({ minimum: 1, maximum: 86_400 }),
      siteKey: X25519Jwk,
      deviceKey: X25519Jwk,
    },
    { additionalProperties: false },
  ),
});

/** Borrow file: a floating seat the device holds without the site's network until `exp`, or until it returns it. */
export const siteBorrowKind = defineKind({
  name: 'site-borrow',
  typ: 'airlock-site-borrow+jwt',
  label: 'SITE BORROW FILE',
  signer: 'site',
  encrypted: false,
  schema: Type.Object(floatingSeatClaims, { additionalProperties: false }),
});

/** The claims of a floating-seat lease. */
export type SiteLease = DocumentClaims<typeof siteLeaseKind>;
/** The claims of a floating-seat borrow file. */
export type SiteBorrow = DocumentClaims<typeof siteBorrowKind>;

/** What a site states in a lease or borrow file. */
export interface FloatingSeatFacts {
  readonly siteGuid: string;
  readonly tenant: string;
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  /** The end of the hold (lease: until the next heartbeat is due at the latest). */
  readonly expiresAt: Date;
  /** The tenant's license, as a compact JWS signed by the authority (see `verifySiteCertificate`). */
  readonly license: string;
}

/** A lease's own facts: its heartbeat period and the two keys the heartbeat key comes from. */
export interface LeaseFacts extends FloatingSeatFacts {
  /** Seconds each heartbeat extends the lease by. */
  readonly ttlSeconds: number;
  readonly siteKey: PublicJwk;
  readonly deviceKey: PublicJwk;
}

/** What a site signs a lease or a borrow file with: its own signing key, the time and a random source. */
export type SiteSignContext = Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair };

function seatBody(facts: FloatingSeatFacts) {
  return {
    aud: audience.device(facts.fingerprint),
    answers: [],
    siteGuid: facts.siteGuid.toLowerCase(),
    tenant: facts.tenant,
    leaseId: facts.leaseId,
    type: facts.type,
    user: facts.user,
    fingerprint: facts.fingerprint,
    exp: Math.floor(facts.expiresAt.getTime() / 1000),
    license: facts.license,
  };
}

/**
 * Issues the lease a site grants a device, signed with the site's signing key.
 *
 * @example
 * ```ts
 * const { text } = await issueSiteLease({ siteGuid, tenant: 'default', leaseId, type: 'designer', user: 'ana',
 *   fingerprint, expiresAt, license, ttlSeconds: 900, siteKey: site.encryptionKey.publicJwk, deviceKey }, { now, random, signer: site.signingKey });
 * ```
 */
export function issueSiteLease(facts: LeaseFacts, context: SiteSignContext): Promise<IssuedDocument<typeof siteLeaseKind>> {
  const body: DocumentBody<typeof siteLeaseKind> = {
    ...seatBody(facts),
    ttl: facts.ttlSeconds,
    siteKey: x25519Claim(facts.siteKey),
    deviceKey: x25519Claim(facts.deviceKey),
  };
  return issueDocument(siteLeaseKind, body, context);
}

/** Issues the borrow file a site gives a device that leaves its network with a seat. */
export function issueSiteBorrow(facts: FloatingSeatFacts, context: SiteSignContext): Promise<IssuedDocument<typeof siteBorrowKind>> {
  return issueDocument(siteBorrowKind, seatBody(facts), context);
}

function x25519Claim(jwk: PublicJwk): { kty: 'OKP'; crv: 'X25519'; x: string } {
  return { kty: 'OKP', crv: 'X25519', x: parsePublicJwk(jwk, 'X25519').x };
}

/** What a device knows when it reads a lease or borrow file. */
export interface OpenFloatingSeatContext {
  readonly now: Date;
  /** The pinned authority root and the newest revocation list known. */
  readonly trust: TrustAnchor;
  readonly fingerprint: string;
  /** The site and tenant the device asked, when it knows them: a document of another is refused (`WRONG_RECIPIENT`). */
  readonly siteGuid?: string | undefined;
  readonly tenant?: string | undefined;
  readonly clockSkewTolerance?: Milliseconds | undefined;
}

/** A lease or borrow file that verified, with the site key it was signed by and the license that certifies it. */
export interface OpenedFloatingSeat<K extends DocumentKind> extends OpenedDocument<K> {
  /** The thumbprint of the site's signing key. */
  readonly siteKid: string;
  readonly certificate: SiteCertificate;
}

/**
 * Reads a lease on the device: every envelope check (the site's own signature, this device's
 * fingerprint as audience, an issue time not ahead of the clock), then the site key's
 * certification (`verifySiteCertificate`), then that it names this device (and the site and
 * tenant asked, when given).
 */
export async function openSiteLease(text: unknown, context: OpenFloatingSeatContext): Promise<OpenedFloatingSeat<typeof siteLeaseKind>> {
  const opened = await openFloatingSeat(siteLeaseKind, text, context);
  // The heartbeat key must be derivable: both keys are X25519 keys the crypto library takes.
  importPublicJwk(parsePublicJwk(opened.claims.siteKey, 'X25519'));
  return opened;
}

/** Reads a borrow file on the device, with the same checks as `openSiteLease`. Whether it has ended is the caller's (it compares `exp` with its clock). */
export function openSiteBorrow(text: unknown, context: OpenFloatingSeatContext): Promise<OpenedFloatingSeat<typeof siteBorrowKind>> {
  return openFloatingSeat(siteBorrowKind, text, context);
}

async function openFloatingSeat<K extends typeof siteLeaseKind | typeof siteBorrowKind>(
  kind: K,
  text: unknown,
  context: OpenFloatingSeatContext,
): Promise<OpenedFloatingSeat<K>> {
  const opened = await openDocument(kind, text, {
    now: context.now,
    audience: audience.device(context.fingerprint),
    trust: context.trust,
    clockSkewTolerance: context.clockSkewTolerance,
  });
  const claims: SiteLease | SiteBorrow = opened.claims;
  const document = kind.name;
  if (!opened.signerKey) throw new AirlockError('SIGNATURE_INVALID', { document, reason: 'no site key' });
  const siteKid = keyId(opened.signerKey);
  if (claims.fingerprint !== context.fingerprint) {
    throw new AirlockError('WRONG_RECIPIENT', { document, reason: 'made for another fingerprint', expected: context.fingerprint, found: claims.fingerprint });
  }
  if (context.siteGuid !== undefined && claims.siteGuid !== context.siteGuid.toLowerCase()) {
    throw new AirlockError('WRONG_RECIPIENT', { document, reason: 'made by another site', expected: context.siteGuid.toLowerCase(), found: claims.siteGuid });
  }
  if (context.tenant !== undefined && claims.tenant !== context.tenant) {
    throw new AirlockError('WRONG_RECIPIENT', { document, reason: 'made by another tenant', expected: context.tenant, found: claims.tenant });
  }
  const certificate = await verifySiteCertificate(claims.license, siteKid, { trust: context.trust, siteGuid: claims.siteGuid, tenant: claims.tenant });
  return { ...opened, revocations: certificate.revocations ?? opened.revocations, siteKid, certificate };
}

/** What certifies a site key: the tenant's license that names it. */
export interface SiteCertificate {
  readonly kind: 'offline-license-file' | 'activated-license';
  /** The license's id (`jti`). */
  readonly licenseId: string;
  readonly customerId: string;
  /** The newest revocation list now known (the license may carry a newer one): persist it. */
  readonly revocations: RevocationList | undefined;
}

/**
 * Checks that the authority certified a site signing key for a tenant: `license` is the
 * signed layer of an OLF, or an activated license, that
 * 1. chains to the pinned root like any authority document (`KEY_CERTIFICATE_INVALID`,
 *    `SIGNING_KEY_REVOKED`, `SIGNATURE_INVALID`, ...);
 * 2. matches its kind's format (`PAYLOAD_INVALID`) — any other kind is `SITE_KEY_NOT_CERTIFIED`;
 * 3. names the site and tenant and the key: an OLF addressed to `site:<guid>/<tenant>` whose
 *    `siteKeyThumbprint` is the key's; an activated license whose Registration Key is the one
 *    the GUID, the tenant and the key's thumbprint derive — else `SITE_KEY_NOT_CERTIFIED`.
 * It does not say the license is still in force: the site refuses to lend a seat under a
 * license that is not, and a device trusts the site's word on that, as it does for the seat count.
 *
 * @example
 * ```ts
 * await verifySiteCertificate(lease.claims.license, siteKid, { trust, siteGuid, tenant });
 * ```
 */
export async function verifySiteCertificate(
  license: string,
  siteKid: string,
  context: { readonly trust: TrustAnchor; readonly siteGuid: string; readonly tenant: string },
): Promise<SiteCertificate> {
  const jws = readCompact(license, 3);
  const { header } = jws;
  const kind = header.typ === offlineLicenseFileKind.typ ? offlineLicenseFileKind : header.typ === activatedLicenseKind.typ ? activatedLicenseKind : null;
  if (!kind)
    throw new AirlockError('SITE_KEY_NOT_CERTIFIED', {
      reason: 'the license it carries is neither an offline license file nor an activated license',
      found: describeValue(header.typ),
    });
  if (header.alg !== 'EdDSA') throw new AirlockError('UNSUPPORTED_ALGORITHM', { expected: 'EdDSA', found: describeValue(header.alg) });
  const chain = await verifyAuthoritySignature(jws, context.trust);
  const guid = context.siteGuid.toLowerCase();
  const notCertified = (reason: string) => new AirlockError('SITE_KEY_NOT_CERTIFIED', { reason, siteKid, siteGuid: guid, tenant: context.tenant });
  if (kind === offlineLicenseFileKind) {
    const olf = validate(offlineLicenseFileKind.schema, chain.payload, offlineLicenseFileKind.name);
    if (olf.aud !== audience.site(guid, context.tenant) || olf.siteGuid.toLowerCase() !== guid || olf.tenant !== context.tenant)
      throw notCertified('the license is for another site or tenant');
    if (olf.siteKeyThumbprint !== siteKid) throw notCertified('the license names another site key');
    return { kind: 'offline-license-file', licenseId: olf.jti, customerId: olf.customerId, revocations: chain.revocations };
  }
  const activated = validate(activatedLicenseKind.schema, chain.payload, activatedLicenseKind.name);
  const expected = deriveRegistrationKey({ siteGuid: guid, tenantId: context.tenant, siteKeyThumbprint: siteKid });
  if (!registrationKeysEqual(activated.registrationKey, expected) || activated.aud !== audience.registrationKey(expected)) {
    throw notCertified('the license names another Registration Key than this site key gives');
  }
  return { kind: 'activated-license', licenseId: activated.jti, customerId: activated.customerId, revocations: chain.revocations };
}

const HEARTBEAT_INFO = 'airlock-lease-heartbeat-v1';

/**
 * The key both ends of a lease derive for its heartbeats: HKDF-SHA256 over the X25519 shared
 * secret of one side's private key and the other's public key, salt = the lease id (UTF-8),
 * info = `airlock-lease-heartbeat-v1`, 32 bytes. The site uses its X25519 key and the lease's
 * `deviceKey`; the device its one-time key and the lease's `siteKey`.
 */
export function leaseHeartbeatKey(own: KeyObject, peer: PublicJwk, leaseId: string): Buffer {
  const shared = diffieHellman({ privateKey: own, publicKey: importPublicJwk(parsePublicJwk(peer, 'X25519')) });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(leaseId, 'utf8'), HEARTBEAT_INFO, 32));
}

/** What a heartbeat answer states: the lease, the device's nonce it answers, and the lease's new end. */
export interface HeartbeatFacts {
  readonly leaseId: string;
  /** The device's fresh nonce (1 to 64 base64url characters). */
  readonly nonce: string;
  /** The lease's end after this heartbeat (NumericDate seconds). */
  readonly exp: number;
}

/**
 * The MAC of a heartbeat answer: HMAC-SHA256 under the heartbeat key over the UTF-8 of
 * `airlock-lease-heartbeat-v1`, the lease id, the nonce and `exp` in decimal, each followed by
 * a line feed; base64url, no padding.
 */
export function heartbeatMac(key: Uint8Array, facts: HeartbeatFacts): string {
  const fault = heartbeatFault(facts);
  if (fault) throw new AirlockError('PAYLOAD_INVALID', { document: 'lease heartbeat', ...fault });
  const message = `${HEARTBEAT_INFO}\n${facts.leaseId}\n${facts.nonce}\n${facts.exp}\n`;
  return encodeBase64url(createHmac('sha256', key).update(message, 'utf8').digest());
}

/**
 * Why heartbeat facts cannot be MACed, if they cannot: each field is one line of the MAC input,
 * so none may hold a line feed (lease id an `Id`, nonce base64url) and `exp` is a NumericDate.
 */
function heartbeatFault(facts: HeartbeatFacts): { path: string; reason: string } | undefined {
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(facts.leaseId)) return { path: '/leaseId', reason: 'not a lease id' };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(facts.nonce)) return { path: '/nonce', reason: 'not 1 to 64 base64url characters' };
  if (!Number.isSafeInteger(facts.exp) || facts.exp < 0) return { path: '/exp', reason: 'not a NumericDate' };
  return undefined;
}

/**
 * Whether `mac` is the heartbeat MAC of the facts under the key (compared in constant time).
 * Facts outside the format (an answer echoing a nonce the device never sent) verify nothing.
 */
export function verifyHeartbeatMac(key: Uint8Array, facts: HeartbeatFacts, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(mac) || heartbeatFault(facts)) return false;
  const expected = Buffer.from(heartbeatMac(key, facts));
  const found = Buffer.from(mac);
  return expected.length === found.length && timingSafeEqual(expected, found);
}
