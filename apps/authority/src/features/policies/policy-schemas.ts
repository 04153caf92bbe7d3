import { Type } from '@sinclair/typebox';
import { licenseKinds } from '@airlock/core';
import { OneLine, Slug } from '../../http/schemas.ts';

const DAY_MS = 86_400_000;

/**
 * A site version as enablement tokens carry it: up to four dotted numbers (`40`, `40.1.2`).
 * Kept to the token's own format, so every stored minimum can be issued in a token.
 */
export const SiteVersion = Type.String({ pattern: '^\\d+(\\.\\d+){0,3}$', maxLength: 32 });

/**
 * A window in milliseconds, bounded as enablement tokens bound them (a minute to a leap year),
 * so a policy can never hold a value its own tokens would refuse to carry.
 */
const Window = Type.Integer({ minimum: 60_000, maximum: 366 * DAY_MS });

/** A grace period in milliseconds: none, up to a leap year. */
const Grace = Type.Integer({ minimum: 0, maximum: 366 * DAY_MS });

export const Policy = Type.Object({
  id: Slug,
  name: OneLine({ minLength: 1, maxLength: 200 }),
  kind: Type.Union(licenseKinds.map((kind) => Type.Literal(kind))),
  allowOffline: Type.Boolean(),
  maxActivations: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()]),
  enablementTokenTtlMs: Window,
  cycleWindowFromFirstLfrMs: Window,
  cycleWindowFromLatestLfrMs: Window,
  clockSkewToleranceMs: Type.Integer({ minimum: 0, maximum: DAY_MS }),
  expiringSoonWindowMs: Type.Integer({ minimum: 0, maximum: 366 * DAY_MS }),
  minimumSiteVersion: Type.Union([SiteVersion, Type.Null()]),
  maxOfflineMs: Type.Union([Window, Type.Null()]),
  offlineGraceMs: Grace,
  expiryGraceMs: Grace,
  meterAllotment: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }), Type.Null()]),
  meterOveragePercent: Type.Integer({ minimum: 0, maximum: 1000 }),
  allowVirtualMachines: Type.Boolean(),
  /** docs/connected.md, "The policy". */
  siteLicensing: Type.Union([Type.Literal('files'), Type.Literal('files-or-connected'), Type.Literal('connected')], {
    description: 'files: carried by hand only; connected: over the link only; files-or-connected: either',
  }),
  connectedApproval: Type.Union([Type.Literal('automatic'), Type.Literal('manual')], {
    description: 'automatic: the authority answers each LFR sent over the link at once; manual: a person issues each OLF in the console',
  }),
  /** Bounded as the enablement token's `exchangeInterval` (300 s to 31 days), so every policy can be issued in a token. */
  exchangeIntervalMs: Type.Integer({ minimum: 300_000, maximum: 31 * DAY_MS, description: 'how often a connected site sends its LFR' }),
  minimumConnectedSiteVersion: Type.Union([SiteVersion, Type.Null()]),
});

/** What the vendor posts: id and name; the rest optional, the defaults filling the gaps. */
export const PolicyInput = Type.Composite([Type.Pick(Policy, ['id', 'name']), Type.Partial(Type.Omit(Policy, ['id', 'name']))], {
  additionalProperties: false,
});
