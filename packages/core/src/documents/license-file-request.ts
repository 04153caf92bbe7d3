import { Type, type Static } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { importPublicJwk, keyId, parsePublicJwk, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { CalendarDate, Guid, Id, Name, NumericDate, X25519Jwk } from '../encoding/schema.ts';
import { isCalendarDate, toNumericDate } from '../time/duration.ts';
import { verifyEncryptionKeyCertificate } from '../trust/key-certificate.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { SiteEntitlements } from './claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import type { EnablementToken } from './enablement-token.ts';
import { issueDocument, type IssueContext, type IssuedDocument } from './envelope.ts';
import { openSentToAuthority, type OpenAtAuthorityContext, type OpenedAtAuthority } from './sent-to-authority.ts';

/** A cycle or sequence number: from 1, and within a PostgreSQL `integer`. */
export const Counter = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** A site version as the enablement token's `minimumSiteVersion` compares it: `41` or `41.2.0`. */
export const SiteVersion = Type.String({ pattern: '^\\d+(\\.\\d+){0,3}$', maxLength: 32 });

/** The license the site holds when it makes the request, as the authority shows it. */
const InstalledLicense = Type.Object({ olfId: Id, start: CalendarDate, end: CalendarDate, entitlements: SiteEntitlements }, { additionalProperties: false });

/**
 * The static license a tenant leaves for the offline cycle or connected mode (docs/connected.md,
 * "Moving off static licenses"): the activated license in force when the request was made.
 */
export const ReplacedLicenseClaim = Type.Object(
  {
    kind: Type.Literal('activated-license'),
    licenseId: Id,
    revision: Counter,
    registrationKey: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$' }),
  },
  { additionalProperties: false },
);
/** The static license (an activated license) a tenant leaves for the offline cycle or connected mode, as its LFR names it. */
export type ReplacedLicense = Static<typeof ReplacedLicenseClaim>;
/** A count of floating seats held at once: leases, borrows. */
const FloatingCount = Type.Integer({ minimum: 0, maximum: 1_000_000 });
/** A day's count of seats: the peak in use at once, or the borrows made. */
const FloatingDayCount = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

/**
 * Floating seats of one license type (docs/floating.md, "What the vendor sees"): the leases and
 * borrows held when the request was made, and per UTC day since the tenant's previous request
 * (at most 400) the peak of seats of the type in use at once and the borrows made that day.
 */
const FloatingUsage = Type.Object(
  {
    type: Id,
    leases: FloatingCount,
    borrows: FloatingCount,
    days: Type.Array(Type.Object({ day: CalendarDate, peak: FloatingDayCount, borrowed: FloatingDayCount }, { additionalProperties: false }), {
      maxItems: 400,
    }),
  },
  { additionalProperties: false },
);

/**
 * What the site uses (docs/design.md, F2, F3): seats per type with the users holding them, meter totals,
 * and the head of the hash-chained usage ledger, so the authority detects a rolled-back ledger.
 * Arrays are bounded here; the whole file is bounded by the armour's size limit as well.
 */
const SiteUsage = Type.Object(
  {
    seats: Type.Array(
      Type.Object(
        { type: Id, used: Type.Integer({ minimum: 0, maximum: 100_000 }), users: Type.Array(Name, { maxItems: 100_000 }) },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    meters: Type.Array(Type.Object({ type: Id, total: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false }), {
      maxItems: 500,
    }),
    ledger: Type.Object(
      { sequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), head: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
      { additionalProperties: false },
    ),
    /** Only from a site that lent floating seats: absent, requests read as before. */
    floating: Type.Optional(Type.Array(FloatingUsage, { maxItems: 500 })),
  },
  { additionalProperties: false },
);

/** A place in the site's ledger: how many records it holds and the chain hash after them. */
const LedgerHeadClaim = Type.Object(
  { sequence: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), head: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
  { additionalProperties: false },
);

/**
 * A site restored from a backup says so (docs/formats.md, "Ledger restore"): its ledger once
 * `reached` a head (what its witness remembered) and was put back to the `restored` head of the
 * backup; the records between were lost. The authority holds such a request until the vendor
 * accepts the gap, and its OLF then carries the same pair as `rebaseline`.
 */
export const LedgerRestoreClaim = Type.Object({ reached: LedgerHeadClaim, restored: LedgerHeadClaim }, { additionalProperties: false });
/** A restore of the site's usage ledger: the head it had reached and the head it was restored to. */
export type LedgerRestore = Static<typeof LedgerRestoreClaim>;

/**
 * License File Request (docs/design.md, F2): made by a site, signed with the site's own Ed25519 key (the
 * authority checks it is the key that site used before) and encrypted to the authority's
 * X25519 key, because it lists the site's users. It answers the enablement token and, when
 * there is one, the OLF installed on the site.
 */
export const licenseFileRequestKind = defineKind({
  name: 'license-file-request',
  typ: 'airlock-lfr+jwt',
  label: 'LICENSE FILE REQUEST',
  signer: 'site',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      customerId: Id,
      siteGuid: Guid,
      tenant: Id,
      siteVersion: SiteVersion,
      /** The site's X25519 key: the OLF that answers this request is encrypted to it. */
      siteEncryptionKey: X25519Jwk,
      cycle: Counter,
      /** Position of this request within its cycle; each one invalidates the earlier ones. */
      sequence: Counter,
      /** When the cycle's first request was made: the cycle's windows run from it. */
      cycleOpenedAt: NumericDate,
      installed: Type.Union([InstalledLicense, Type.Null()]),
      usage: SiteUsage,
      /** Only from a site restored from a backup and not yet re-baselined: the ledger gap it declares. */
      ledgerRestore: Type.Optional(LedgerRestoreClaim),
      /** Only while the tenant still holds an activated license and no OLF: the license this cycle replaces. */
      replaces: Type.Optional(ReplacedLicenseClaim),
    },
    { additionalProperties: false },
  ),
});

/** The claims of a License File Request. */
export type LicenseFileRequest = DocumentClaims<typeof licenseFileRequestKind>;
/** The OLF a site holds when it makes a request. */
export type InstalledLicense = Static<typeof InstalledLicense>;

/** One license type's floating seats, as the site counts them for a request. */
export interface FloatingUsageInput {
  readonly type: string;
  /** Leases held when the request is made. */
  readonly leases: number;
  /** Borrows held when the request is made. */
  readonly borrows: number;
  /** Per UTC day since the previous request, oldest first: the peak of seats in use at once and the borrows made. */
  readonly days: readonly { readonly day: string; readonly peak: number; readonly borrowed: number }[];
}

/** What a site puts in a License File Request: its token, tenant, version, key, cycle, installed license and usage. */
export interface LicenseFileRequestInput {
  /** The enablement token installed on the site, as opened: its id, customer, site and the authority's encryption-key certificate are copied from it. */
  readonly enablementToken: Pick<EnablementToken, 'jti' | 'customerId' | 'siteGuid' | 'authorityEncryptionKey'>;
  readonly tenant: string;
  readonly siteVersion: string;
  readonly siteEncryptionKey: PublicJwk;
  readonly cycle: number;
  readonly sequence: number;
  readonly cycleOpenedAt: Date;
  readonly installed: InstalledLicense | null;
  readonly usage: {
    /** Seats per type and who holds them; `used` is counted from `users`, never typed in. */
    readonly seats: readonly { readonly type: string; readonly users: readonly string[] }[];
    readonly meters: readonly { readonly type: string; readonly total: number }[];
    readonly ledger: { readonly sequence: number; readonly head: string };
    /** Floating seats per type (docs/floating.md); absent or empty: the request carries no `floating`. */
    readonly floating?: readonly FloatingUsageInput[] | undefined;
  };
  /** The gap a restored site declares until the vendor accepts it (absent otherwise). */
  readonly ledgerRestore?: LedgerRestore | undefined;
  /** The activated license the tenant leaves for the offline cycle (absent otherwise). */
  readonly replaces?: ReplacedLicense | undefined;
}

/**
 * Makes a site's License File Request. The authority's encryption key comes from the
 * certificate in the enablement token and is checked against the pinned root (and for being
 * valid now) before anything is encrypted to it.
 *
 * @example
 * ```ts
 * const { text } = await issueLicenseFileRequest(
 *   { enablementToken: token, tenant: 'default', siteVersion: '41.0', siteEncryptionKey: site.encryptionKey.publicJwk,
 *     cycle: 1, sequence: 1, cycleOpenedAt: now, installed: null,
 *     usage: { seats: [{ type: 'bot-runner', users: ['ada'] }], meters: [], ledger: { sequence: 0, head } } },
 *   { now, random, signer: site.signingKey, trust });
 * ```
 */
export async function issueLicenseFileRequest(
  request: LicenseFileRequestInput,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor },
): Promise<IssuedDocument<typeof licenseFileRequestKind>> {
  const { enablementToken: token, installed, usage } = request;
  const authorityKey = await verifyEncryptionKeyCertificate(token.authorityEncryptionKey, context.trust.root, context.now);
  const body: DocumentBody<typeof licenseFileRequestKind> = {
    aud: audience.authority(keyId(context.trust.root)),
    answers: installed ? [token.jti, installed.olfId] : [token.jti],
    customerId: token.customerId,
    siteGuid: token.siteGuid,
    tenant: request.tenant,
    siteVersion: request.siteVersion,
    siteEncryptionKey: { kty: 'OKP', crv: 'X25519', x: parsePublicJwk(request.siteEncryptionKey, 'X25519').x },
    cycle: request.cycle,
    sequence: request.sequence,
    cycleOpenedAt: toNumericDate(request.cycleOpenedAt),
    installed,
    usage: {
      seats: usage.seats.map((seat) => ({ type: seat.type, used: seat.users.length, users: [...seat.users] })),
      meters: usage.meters.map((meter) => ({ type: meter.type, total: meter.total })),
      ledger: { sequence: usage.ledger.sequence, head: usage.ledger.head },
      ...(usage.floating?.length ? { floating: usage.floating.map(copyFloatingUsage) } : {}),
    },
    ...(request.ledgerRestore ? { ledgerRestore: copyLedgerRestore(request.ledgerRestore) } : {}),
    ...(request.replaces ? { replaces: { ...request.replaces } } : {}),
  };
  checkRequestContents(body, toNumericDate(context.now));
  return issueDocument(licenseFileRequestKind, body, { ...context, recipient: authorityKey.jwk });
}

/** A License File Request opened on the authority, with the site key that signed it. */
export type OpenedLicenseFileRequest = OpenedAtAuthority<typeof licenseFileRequestKind>;
/** What the authority reads a License File Request with (see `OpenAtAuthorityContext`). */
export type OpenLicenseFileRequestContext = OpenAtAuthorityContext;

/**
 * Reads an LFR on the authority: every envelope check, then the request's own consistency
 * (seat counts match their users, no type twice, the cycle opened no later than the request,
 * the site's encryption key is a usable X25519 key). Whether the site, its key and the cycle
 * are acceptable is for the licensing rules.
 *
 * @example
 * ```ts
 * const lfr = await openLicenseFileRequest(text, { now, rootKid, encryptionKey });
 * if (lfr.signerKid !== knownSiteKid) refuse();
 * ```
 */
export async function openLicenseFileRequest(text: unknown, context: OpenLicenseFileRequestContext): Promise<OpenedLicenseFileRequest> {
  const opened = await openSentToAuthority(licenseFileRequestKind, text, context);
  checkRequestContents(opened.claims, opened.claims.iat);
  importPublicJwk(parsePublicJwk(opened.claims.siteEncryptionKey, 'X25519'));
  return opened;
}

function checkRequestContents(claims: DocumentBody<typeof licenseFileRequestKind>, issuedAt: number): void {
  const invalid = (path: string, reason: string) => new AirlockError('PAYLOAD_INVALID', { document: licenseFileRequestKind.name, path, reason });
  if (claims.cycleOpenedAt > issuedAt) throw invalid('/cycleOpenedAt', 'the cycle opens after the request was made');
  const { seats, meters } = claims.usage;
  const seatType = firstDuplicate(seats.map((seat) => seat.type));
  if (seatType !== undefined) throw invalid('/usage/seats', `seat type ${seatType} is listed twice`);
  const meterType = firstDuplicate(meters.map((meter) => meter.type));
  if (meterType !== undefined) throw invalid('/usage/meters', `meter ${meterType} is listed twice`);
  const restore = claims.ledgerRestore;
  if (restore) {
    // The gap must be a gap, and the request must come after the restored head it names.
    if (restore.restored.sequence >= restore.reached.sequence) throw invalid('/ledgerRestore/restored', 'the restored head is not behind the head reached');
    if (claims.usage.ledger.sequence <= restore.restored.sequence) throw invalid('/usage/ledger', 'the ledger does not go past the restored head');
  }
  seats.forEach((seat, index) => {
    if (seat.used !== seat.users.length) throw invalid(`/usage/seats/${index}/used`, 'does not count the users listed');
    const user = firstDuplicate(seat.users);
    if (user !== undefined) throw invalid(`/usage/seats/${index}/users`, `user ${user} holds the seat twice`);
  });
  const floating = claims.usage.floating ?? [];
  const floatingType = firstDuplicate(floating.map((entry) => entry.type));
  if (floatingType !== undefined) throw invalid('/usage/floating', `floating type ${floatingType} is listed twice`);
  floating.forEach((entry, index) => {
    const fault = floatingDaysFault(entry.days);
    if (fault) throw invalid(`/usage/floating/${index}/days/${fault.index}/day`, fault.reason);
  });
}

/** Why a type's floating days cannot be read as a series, if they cannot: each a real date, strictly after the one before. */
function floatingDaysFault(days: readonly { readonly day: string }[]): { index: number; reason: string } | undefined {
  for (const [index, { day }] of days.entries()) {
    if (!isCalendarDate(day)) return { index, reason: `${day} is not a date` };
    const previous = days[index - 1];
    if (previous && previous.day >= day) return { index, reason: `${day} does not follow ${previous.day}` };
  }
  return undefined;
}

/** A fresh copy holding only the entry's fields (an input may carry more). */
function copyFloatingUsage(entry: FloatingUsageInput): Static<typeof FloatingUsage> {
  return {
    type: entry.type,
    leases: entry.leases,
    borrows: entry.borrows,
    days: entry.days.map(({ day, peak, borrowed }) => ({ day, peak, borrowed })),
  };
}

/** A fresh copy holding only the claim's fields. */
export function copyLedgerRestore(restore: LedgerRestore): LedgerRestore {
  return {
    reached: { sequence: restore.reached.sequence, head: restore.reached.head },
    restored: { sequence: restore.restored.sequence, head: restore.restored.head },
  };
}

/**
 * The first value met twice, if any (shared by the site documents that list license types).
 *
 * @example
 * ```ts
 * firstDuplicate(['bot-runner', 'api-calls', 'bot-runner']); // 'bot-runner'
 * ```
 */
export function firstDuplicate(values: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}
