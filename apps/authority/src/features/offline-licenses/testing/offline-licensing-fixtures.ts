import {
  days,
  hours,
  issueEnablementToken,
  issueLicenseFileRequest,
  type EnablementToken,
  type FloatingUsageInput,
  type InstalledLicense,
  type KeyPair,
  type LedgerRestore,
  type LicenseFileRequest,
  type Random,
  type ReplacedLicense,
} from '@airlock/core';
import type { TestAuthority, TestParty } from '@airlock/core/testing';
import type { Db } from '../../../db/database.ts';

/**
 * Test support for the offline cycle: customers, sites and enablement tokens written straight
 * into the tables (so the tests depend on no other feature's routes), and LFRs made by the
 * core as a real site makes them. Never for production.
 */

/** The catalogue every fixture customer buys from: two seat types and a meter. */
const licenseTypes = [
  { id: 'bot-runner', category: 'seat' },
  { id: 'bot-creator', category: 'seat' },
  { id: 'bot-runs', category: 'meter' },
] as const;

/** A product, its license types and the default policy, once per database. */
async function seedCatalogue(db: Db, now: Date): Promise<void> {
  await db
    .insertInto('products')
    .values({ id: 'automation', name: 'Automation', created_at: now })
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('license_types')
    .values(licenseTypes.map((type) => ({ id: type.id, product_id: 'automation', name: type.id, category: type.category, created_at: now })))
    .onConflict((c) => c.doNothing())
    .execute();
  await db
    .insertInto('policies')
    .values({
      id: 'standard',
      name: 'Standard',
      kind: 'term',
      allow_offline: true,
      max_activations: 1,
      enablement_token_ttl_ms: hours(24),
      cycle_window_from_first_lfr_ms: days(7),
      cycle_window_from_latest_lfr_ms: hours(48),
      clock_skew_tolerance_ms: 300_000,
      expiring_soon_window_ms: days(30),
      minimum_site_version: null,
      created_at: now,
    })
    .onConflict((c) => c.doNothing())
    .execute();
}

/** The connected-mode settings and minimum versions a seeded policy may set; the rest as `standard`. */
export interface SeededPolicy {
  readonly id: string;
  readonly siteLicensing?: 'files' | 'files-or-connected' | 'connected';
  readonly connectedApproval?: 'automatic' | 'manual';
  readonly minimumSiteVersion?: string | null;
  readonly minimumConnectedSiteVersion?: string | null;
}

/** A policy like `standard` with the given connected-mode settings (docs/connected.md), once per database. */
export async function seedPolicy(db: Db, policy: SeededPolicy, now: Date): Promise<void> {
  await seedCatalogue(db, now);
  await db
    .insertInto('policies')
    .values({
      id: policy.id,
      name: policy.id,
      kind: 'term',
      allow_offline: true,
      max_activations: 1,
      enablement_token_ttl_ms: hours(24),
      cycle_window_from_first_lfr_ms: days(7),
      cycle_window_from_latest_lfr_ms: hours(48),
      clock_skew_tolerance_ms: 300_000,
      expiring_soon_window_ms: days(30),
      minimum_site_version: policy.minimumSiteVersion ?? null,
      site_licensing: policy.siteLicensing ?? 'files-or-connected',
      connected_approval: policy.connectedApproval ?? 'automatic',
      minimum_connected_site_version: policy.minimumConnectedSiteVersion ?? null,
      created_at: now,
    })
    .onConflict((c) => c.doNothing())
    .execute();
}

/** An approved customer with what it bought, per license type, under the `standard` policy unless told. */
export async function seedCustomer(
  db: Db,
  customer: { id: string; accountEndsOn: string; purchased: Readonly<Record<string, number>>; policyId?: string },
  now: Date,
): Promise<void> {
  await seedCatalogue(db, now);
  await db
    .insertInto('customers')
    .values({
      id: customer.id,
      name: customer.id,
      contact_email: `it@${customer.id}.test`,
      account_ends_on: customer.accountEndsOn,
      policy_id: customer.policyId ?? 'standard',
      offline_approval: 'approved',
      created_at: now,
    })
    .execute();
  const purchased = Object.entries(customer.purchased).map(([type, quantity]) => ({ customer_id: customer.id, license_type_id: type, quantity }));
  if (purchased.length > 0) await db.insertInto('purchased_entitlements').values(purchased).execute();
}

/** Registers the site to the customer and issues it an enablement token, recorded as the token feature records it. */
export async function seedEnabledSite(
  db: Db,
  authority: TestAuthority,
  input: { customerId: string; site: TestParty; now: Date; random: Random },
): Promise<EnablementToken> {
  const guid = input.site.guid.toLowerCase();
  await db
    .insertInto('sites')
    .values({ guid, customer_id: input.customerId, name: `site ${guid}`, site_key_thumbprint: null, registered_at: input.now })
    .execute();
  return seedEnablementToken(db, authority, { ...input, record: true });
}

/** Issues an enablement token for a site; `record: false` leaves no trace of it at the authority. */
export async function seedEnablementToken(
  db: Db,
  authority: TestAuthority,
  input: { customerId: string; site: TestParty; now: Date; random: Random; record: boolean },
): Promise<EnablementToken> {
  const { claims } = await issueEnablementToken(
    {
      customerId: input.customerId,
      siteGuid: input.site.guid,
      lifetime: hours(24),
      minimumSiteVersion: null,
      authorityEncryptionKey: authority.encryptionCertificate,
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
    },
    { now: input.now, random: input.random, signer: authority.signer },
  );
  if (input.record) {
    await db
      .insertInto('enablement_tokens')
      .values({
        id: claims.jti,
        customer_id: input.customerId,
        site_guid: claims.siteGuid,
        issued_at: input.now,
        expires_at: new Date(claims.exp * 1000),
        issued_by: 'admin:test-admin',
      })
      .execute();
  }
  return claims;
}

export interface LfrInput {
  readonly token: EnablementToken;
  readonly site: TestParty;
  readonly now: Date;
  readonly random: Random;
  readonly tenant?: string;
  readonly cycle?: number;
  readonly sequence?: number;
  readonly cycleOpenedAt?: Date;
  /** Users per seat type. */
  readonly seats?: Readonly<Record<string, readonly string[]>>;
  readonly meters?: Readonly<Record<string, number>>;
  readonly installed?: InstalledLicense | null;
  /** The position of the site's usage ledger the LFR reports (an empty ledger unless told). */
  readonly ledger?: { readonly sequence: number; readonly head: string };
  /** Signs with this key instead of the site's own (an impostor, or a forged signature). */
  readonly signer?: KeyPair;
  /** The restore from a backup a restored site states. */
  readonly ledgerRestore?: LedgerRestore;
  /** The floating seats the site lent (docs/floating.md), reported as `usage.floating`. */
  readonly floating?: readonly FloatingUsageInput[];
  /** The site's version (41.2 unless told). */
  readonly siteVersion?: string;
  /** The activated license the tenant leaves (docs/connected.md, "Moving off static licenses"). */
  readonly replaces?: ReplacedLicense;
}

/** An LFR as the site makes it, encrypted to the test authority. */
export async function makeLfr(authority: TestAuthority, input: LfrInput): Promise<{ text: string; claims: LicenseFileRequest }> {
  return issueLicenseFileRequest(
    {
      enablementToken: input.token,
      tenant: input.tenant ?? 'default',
      siteVersion: input.siteVersion ?? '41.2',
      siteEncryptionKey: input.site.encryptionKey.publicJwk,
      cycle: input.cycle ?? 1,
      sequence: input.sequence ?? 1,
      cycleOpenedAt: input.cycleOpenedAt ?? input.now,
      installed: input.installed ?? null,
      usage: {
        seats: Object.entries(input.seats ?? {}).map(([type, users]) => ({ type, users })),
        meters: Object.entries(input.meters ?? {}).map(([type, total]) => ({ type, total })),
        ledger: input.ledger ?? { sequence: 0, head: '0'.repeat(64) },
        floating: input.floating,
      },
      ledgerRestore: input.ledgerRestore,
      replaces: input.replaces,
    },
    { now: input.now, random: input.random, signer: input.signer ?? input.site.signingKey, trust: authority.trust },
  );
}

/** Rows in the tables an upload or an issue writes to: a refusal must leave them as they were. */
export async function countWrites(db: Db): Promise<{ lfrs: number; olfs: number; audit: number; knownSiteKeys: number }> {
  const count = async (table: 'license_file_requests' | 'offline_license_files' | 'audit_events') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const keys = await db
    .selectFrom('sites')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('site_key_thumbprint', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    lfrs: await count('license_file_requests'),
    olfs: await count('offline_license_files'),
    audit: await count('audit_events'),
    knownSiteKeys: Number(keys.n),
  };
}
