import {
  AirlockError,
  issueLicenseFileRequest,
  recordLfr,
  verifyEncryptionKeyCertificate,
  type InstalledLicense as LfrInstalledLicense,
  type LedgerRestore,
  type ReplacedLicense,
} from '@airlock/core';
import { newDocumentId, siteLicensingOf } from '@airlock/core/internal';
import { floatingUsageOf } from '../rules/floating-usage.ts';
import { tenantPolicy } from '../rules/tenant-policy.ts';
import { storeCycle } from '../state/cycle-json.ts';
import type { Actor } from '../state/site-events.ts';
import { assignedUsers, compareNames, type TenantState } from '../state/site-state.ts';
import type { SiteContext } from './site-context.ts';

/** A License File Request as generated: its armoured text and what it says. */
export interface GeneratedLfr {
  readonly tenant: string;
  readonly id: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly cycleOpenedAt: string;
  /** The earlier LFR of the same cycle this one makes useless, or null for a cycle's first. */
  readonly supersedes: string | null;
  /** The ledger head the LFR carries: the record of this very LFR. */
  readonly ledger: { readonly sequence: number; readonly head: string };
  /** The restore from a backup the LFR states (`ledgerRestore`), or null. */
  readonly ledgerRestore: LedgerRestore | null;
  /** The activated license the LFR says it replaces (`replaces`, formats.md §6.2), or null. */
  readonly replaces: ReplacedLicense | null;
  readonly text: string;
}

/** The actor of what the link does on its own (docs/connected.md): its LFRs, the OLFs it installs. */
export const LINK_ACTOR = 'link';

/**
 * Generates a License File Request for a tenant (docs/design.md, F2): `NOT_ENABLED` without an enablement
 * token; `KEY_CERTIFICATE_INVALID` when the authority encryption key the token carries is not
 * valid now (checked before anything is recorded). The LFR opens a cycle or supersedes the
 * latest LFR of the open one (`recordLfr`), and reports the tenant's use: the users of each seat
 * type, each meter's total, and the ledger head. A tenant holding an activated license and no
 * OLF names it in `replaces` (docs/connected.md, "Moving off static licenses").
 *
 * `CONNECTED_MODE_REQUIRED` when the token's policy allows no files carried by hand and the LFR
 * is not made by the link (`viaLink`): such a tenant's LFRs travel over the link only.
 *
 * The ledger head is taken after the LFR's own `lfr-generated` record is appended (the append
 * assigns its place at once; the LFR leaves only when that record is on disk). So the head
 * commits to the request itself, and each LFR a site makes carries a strictly higher ledger
 * sequence than every earlier one: an authority may refuse any LFR whose sequence does not
 * exceed the last it saw from the site, which is what a ledger put back from a copy looks like.
 *
 * @example
 * ```ts
 * const lfr = await generateLfr(context, 'default', 'site-admin');
 * await writeFile('request.lfr', lfr.text);
 * ```
 */
export async function generateLfr(context: SiteContext, tenantId: string, by: Actor, options: { readonly viaLink?: boolean } = {}): Promise<GeneratedLfr> {
  const before = context.beginChange(tenantId, { duringRebaseline: true });
  const token = before.tenant.token;
  if (!token) throw new AirlockError('NOT_ENABLED', { tenant: tenantId });
  if (!options.viaLink && !siteLicensingOf(token).files) throw new AirlockError('CONNECTED_MODE_REQUIRED', { tenant: tenantId });
  await verifyEncryptionKeyCertificate(token.authorityEncryptionKey, context.identity.root, before.now);

  // From here to the append, synchronous: the usage reported is the state the head commits to.
  const { tenant, now } = context.beginChange(tenantId, { duringRebaseline: true });
  if (tenant.token !== token) throw new AirlockError('CONFLICT', { reason: 'another enablement token was installed meanwhile: generate again' });
  const id = newDocumentId(context.random);
  const cycle = recordLfr(tenant.cycle, { id, at: now }, tenantPolicy(token));
  const open = cycle.open;
  if (!open) throw new Error('recordLfr always leaves a cycle open');
  const supersedes = cycle.cycle === tenant.cycle.cycle ? (tenant.cycle.open?.latestLfrId ?? null) : null;
  const usage = usageOf(tenant, now);
  const installed = installedOf(tenant);
  const replaces = replacedOf(tenant);
  const recorded = context.journal.record([{ t: 'lfr-generated', tenant: tenantId, lfrId: id, cycle: storeCycle(cycle), by }]);
  const head = context.journal.head();
  const issued = issueLicenseFileRequest(
    {
      enablementToken: { jti: token.id, customerId: token.customerId, siteGuid: context.identity.guid, authorityEncryptionKey: token.authorityEncryptionKey },
      tenant: tenantId,
      siteVersion: context.siteVersion,
      siteEncryptionKey: context.identity.encryptionKey.publicJwk,
      cycle: cycle.cycle,
      sequence: open.sequence,
      cycleOpenedAt: open.firstLfrAt,
      installed,
      usage: { ...usage, ledger: { sequence: head.sequence, head: head.hash } },
      // A tenant restored from a backup states the gap until the vendor's OLF re-baselines it.
      ledgerRestore: tenant.restore ?? undefined,
      replaces: replaces ?? undefined,
    },
    { now, random: context.random, signer: context.identity.signingKey, trust: context.trust(), id },
  );
  const [, lfr] = await Promise.all([recorded, issued]);
  return {
    tenant: tenantId,
    id,
    cycle: cycle.cycle,
    sequence: open.sequence,
    cycleOpenedAt: open.firstLfrAt.toISOString(),
    supersedes,
    ledger: { sequence: head.sequence, head: head.hash },
    ledgerRestore: tenant.restore,
    replaces,
    text: lfr.text,
  };
}

function usageOf(tenant: TenantState, now: Date) {
  return {
    seats: Object.entries(assignedUsers(tenant))
      .map(([type, users]) => ({ type, users }))
      .sort((a, b) => compareNames(a.type, b.type)),
    meters: [...tenant.meters].map(([type, total]) => ({ type, total })).sort((a, b) => compareNames(a.type, b.type)),
    floating: floatingUsageOf(tenant, now),
  };
}

function installedOf(tenant: TenantState): LfrInstalledLicense | null {
  const license = tenant.license;
  if (!license) return null;
  return { olfId: license.olfId, start: license.start, end: license.end, entitlements: license.entitlements.map((entitlement) => ({ ...entitlement })) };
}

/** The activated license a tenant leaving static licensing still holds, while it has no OLF: what its LFRs replace. */
function replacedOf(tenant: TenantState): ReplacedLicense | null {
  const activated = tenant.activated;
  if (!activated || tenant.license) return null;
  return { kind: 'activated-license', licenseId: activated.licenseId, revision: activated.revision, registrationKey: activated.registrationKey };
}
