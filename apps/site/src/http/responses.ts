import { Type } from '@sinclair/typebox';

/**
 * What the site's routes answer. These schemas document the API (OpenAPI) and let Fastify
 * serialize the answers quickly; a test compares each answer with the use case's own result,
 * so no field can go missing here unnoticed.
 */
const Instant = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });
const Detail = Type.Record(Type.String(), Type.Unknown());
const Deadline = Type.Object({ at: Instant, left: Type.Integer({ description: 'ms until the deadline, negative once passed' }) });
const LicenseState = Type.Union(
  ['tampered', 'rebaseline-required', 'locked', 'expired', 'awaiting-olf', 'expiring-soon', 'active', 'unlicensed'].map((state) => Type.Literal(state)),
);
const Entitlement = Type.Object({ type: Type.String(), category: Type.String(), quantity: Count });

export const FeatureCheck = Type.Object({ tenant: Type.String(), feature: Type.String(), granted: Type.Boolean() });
export const SeatCheckout = Type.Object({
  tenant: Type.String(),
  type: Type.String(),
  user: Type.String(),
  assigned: Type.Boolean({ description: 'false when the user already held a seat of the type' }),
  used: Count,
  limit: Count,
});
export const SeatRelease = Type.Object({
  tenant: Type.String(),
  type: Type.String(),
  user: Type.String(),
  released: Type.Boolean({ description: 'false when the user held no seat of the type' }),
  used: Count,
});
export const Consumption = Type.Object({ tenant: Type.String(), meter: Type.String(), amount: Count, total: Count, limit: Count });

export const TenantSummary = Type.Object({ tenant: Type.String(), registrationKey: Type.String(), status: LicenseState });

/** Whether the site's ledger can be written: after a failed write (a full disk), why and since when, until it writes again. */
const Storage = Type.Object({
  writable: Type.Boolean(),
  since: Type.Union([Instant, Type.Null()]),
  cause: Type.Union([Type.String({ description: 'the system error code, e.g. ENOSPC or EIO' }), Type.Null()]),
});

export const SiteInfo = Type.Object({
  guid: Type.String(),
  siteVersion: Type.String(),
  rootKid: Type.String(),
  signingKid: Type.String(),
  ledger: Type.Object({
    sequence: Count,
    head: Type.String(),
    problem: Type.Union([Type.Object({ code: Type.String(), detail: Detail }), Type.Null()]),
  }),
  storage: Storage,
  tenants: Type.Array(TenantSummary),
});

export const TokenInstallation = Type.Object({
  tenant: Type.String(),
  tokenId: Type.String(),
  customerId: Type.String(),
  issuedAt: Instant,
  installedAt: Instant,
  minimumSiteVersion: Type.Union([Type.String(), Type.Null()]),
  cycleWindows: Type.Object({ fromFirstLfr: Count, fromLatestLfr: Count }, { description: 'seconds' }),
});

export const GeneratedLfr = Type.Object({
  tenant: Type.String(),
  id: Type.String(),
  cycle: Count,
  sequence: Count,
  cycleOpenedAt: Instant,
  supersedes: Type.Union([Type.String(), Type.Null()]),
  ledger: Type.Object({ sequence: Count, head: Type.String() }),
  ledgerRestore: Type.Union([
    Type.Object(
      { reached: Type.Object({ sequence: Count, head: Type.String() }), restored: Type.Object({ sequence: Count, head: Type.String() }) },
      { description: 'the restore from a backup this LFR states' },
    ),
    Type.Null(),
  ]),
  replaces: Type.Union([
    Type.Object(
      { kind: Type.Literal('activated-license'), licenseId: Type.String(), revision: Count, registrationKey: Type.String() },
      { description: 'the activated license this LFR replaces (docs/connected.md, Moving off static licenses)' },
    ),
    Type.Null(),
  ]),
  text: Type.String({ description: 'the armoured LFR: carry it to the authority' }),
});

/** A tenant's link to the authority (docs/connected.md, HTTP contract). */
export const LinkStatus = Type.Object({
  mode: Type.Union([Type.Literal('files'), Type.Literal('connected')]),
  authorityUrl: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union([Type.Literal('connected'), Type.Literal('waiting'), Type.Literal('link-lost'), Type.Literal('files')]),
  lastExchangeAt: Type.Union([Instant, Type.Null()]),
  lastAnswerAt: Type.Union([Instant, Type.Null()], { description: 'when the authority last answered with an OLF' }),
  pending: Type.Union([
    Type.Object({ lfrId: Type.String(), reason: Type.String({ description: 'approval, or the code of what a person must decide' }) }),
    Type.Null(),
  ]),
  linkLostSince: Type.Union([Instant, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextExchangeAt: Type.Union([Instant, Type.Null()]),
  olfDueBy: Type.Union([Instant, Type.Null()], { description: "the open cycle's lock, else the end of the license in force" }),
  summary: Type.String({ description: 'e.g. "connected, last exchange 2026-12-06 10:00 UTC"' }),
});

/** What the tenant's enablement token allows, beside this site's version. */
const TenantLicensing = Type.Object({
  siteVersion: Type.String(),
  files: Type.Boolean({ description: 'LFRs and OLFs may be carried by hand' }),
  connected: Type.Boolean({ description: 'the site may exchange them over a link' }),
  connectedVersionOk: Type.Boolean({ description: "this site's version is high enough for connected mode" }),
  connectedMinimumSiteVersion: Type.Union([Type.String(), Type.Null()]),
  approval: Type.Union([Type.Literal('automatic'), Type.Literal('manual')]),
  exchangeInterval: Count,
});

export const OlfInstallation = Type.Object({
  tenant: Type.String(),
  olfId: Type.String(),
  lfrId: Type.String(),
  cycle: Count,
  start: Type.String(),
  end: Type.String(),
  entitlements: Type.Array(Entitlement),
  replaces: Type.Union([Type.String(), Type.Null()]),
});

const SeatUse = Type.Object({ type: Type.String(), used: Count, limit: Count, users: Type.Array(Type.String()) });
const MeterUse = Type.Object({ meter: Type.String(), used: Count, limit: Count });

/** An activated license as the status shows it (docs/design.md, F5): items by kind with their expiries, and what they grant today. */
const ActivatedLicenseStatus = Type.Object({
  licenseId: Type.String(),
  registrationKey: Type.String(),
  customerId: Type.String(),
  revision: Count,
  activatedLrn: Type.String(),
  lrns: Type.Array(Type.String()),
  issuedAt: Instant,
  installedAt: Instant,
  endsOn: Type.Union([Type.String(), Type.Null()], { description: 'the last day anything counts; null while a permanent item keeps it in force' }),
  items: Type.Array(
    Type.Object({
      product: Type.String(),
      licenseType: Type.String(),
      quantity: Count,
      kind: Type.Union(['permanent', 'term', 'pilot', 'temporary'].map((kind) => Type.Literal(kind))),
      expiresOn: Type.Union([Type.String(), Type.Null()]),
      inForce: Type.Boolean(),
      expires: Type.Union([Deadline, Type.Null()]),
    }),
  ),
  entitlements: Type.Array(Type.Object({ licenseType: Type.String(), quantity: Count }), {
    description: 'per license type, what the items in force grant today',
  }),
});

export const TenantStatus = Type.Object({
  tenant: Type.String(),
  registrationKey: Type.String(),
  now: Instant,
  status: LicenseState,
  storage: Storage,
  rebaseline: Type.Union([
    Type.Object(
      {
        reached: Type.Object({ sequence: Count, head: Type.String() }),
        restored: Type.Object({ sequence: Count, head: Type.String() }),
        lost: Count,
        next: Type.String(),
      },
      { description: 'a restore from a backup the vendor has not accepted yet' },
    ),
    Type.Null(),
  ]),
  tampered: Type.Union([Type.Object({ code: Type.String(), detail: Detail }), Type.Null()]),
  enablement: Type.Union([
    Type.Object({ tokenId: Type.String(), customerId: Type.String(), installedAt: Instant, minimumSiteVersion: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  license: Type.Union([
    Type.Object({
      olfId: Type.String(),
      answersLfr: Type.String(),
      cycle: Count,
      startsOn: Type.String(),
      endsOn: Type.String(),
      installedAt: Instant,
      expires: Deadline,
      expiringSoonFrom: Instant,
    }),
    Type.Null(),
  ]),
  activatedLicense: Type.Union([ActivatedLicenseStatus, Type.Null()]),
  cycle: Type.Object({
    status: Type.String({ description: 'idle, awaiting-olf, lfr-expired or locked' }),
    cycle: Count,
    sequence: Type.Union([Count, Type.Null()]),
    latestLfrId: Type.Union([Type.String(), Type.Null()]),
    lockedSince: Type.Union([Instant, Type.Null()]),
    deadlines: Type.Union([
      Type.Object({ firstLfrAt: Instant, latestLfrAt: Instant, lfrExpires: Deadline, locks: Deadline, installBefore: Deadline }),
      Type.Null(),
    ]),
  }),
  seats: Type.Array(SeatUse),
  meters: Type.Array(MeterUse),
  features: Type.Array(Type.Object({ feature: Type.String(), granted: Type.Boolean() })),
  link: LinkStatus,
  licensing: Type.Union([TenantLicensing, Type.Null()], { description: 'what the enablement token allows; null without one' }),
});

export const LicensingModeChange = Type.Object({
  tenant: Type.String(),
  mode: Type.Union([Type.Literal('files'), Type.Literal('connected')]),
  authorityUrl: Type.Union([Type.String(), Type.Null()]),
  lfr: Type.Union([GeneratedLfr, Type.Null()], { description: 'mode files, for a tenant with no OLF: the first LFR, to carry by hand' }),
  link: LinkStatus,
});

export const TenantUsage = Type.Object({
  tenant: Type.String(),
  now: Instant,
  ledger: Type.Object({ sequence: Count, head: Type.String() }),
  seats: Type.Array(
    Type.Object({
      type: Type.String(),
      used: Count,
      limit: Count,
      users: Type.Array(Type.Object({ user: Type.String(), since: Instant })),
    }),
  ),
  meters: Type.Array(MeterUse),
  // An event as the ledger holds it: `t` names its kind, the rest are that kind's facts (as in the audit's answer).
  events: Type.Array(Type.Object({ sequence: Count, at: Instant, event: Type.Object({ t: Type.String() }, { additionalProperties: true }) })),
});

export const Deprovisioning = Type.Object({ tenant: Type.String(), user: Type.String(), freed: Type.Array(Type.String()) });
export const Reassignment = Type.Object({ tenant: Type.String(), type: Type.String(), from: Type.String(), to: Type.String() });
