import { AirlockError } from '@airlock/core';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as offlineLicenses from './migrations/0003-offline-licenses.ts';
import * as customers from './migrations/0002-customers.ts';
import * as keys from './migrations/0004-keys.ts';
import * as heldEntitlements from './migrations/0005-held-entitlements.ts';
import * as deviceLicenses from './migrations/0007-device-licenses.ts';
import * as orders from './migrations/0008-orders.ts';
import * as ledgerPositions from './migrations/0006-ledger-positions.ts';
import * as customerUserPasswords from './migrations/0009-customer-user-passwords.ts';
import * as siteRebaselines from './migrations/0010-site-rebaselines.ts';
import * as signInLockouts from './migrations/0011-sign-in-lockouts.ts';
import * as devicePolicySettings from './migrations/0012-device-policy-settings.ts';
import * as vendorDeviceControl from './migrations/0013-vendor-device-control.ts';
import * as meterAllotments from './migrations/0014-meter-allotments.ts';
import * as trials from './migrations/0015-trials.ts';
import * as activationCodes from './migrations/0016-activation-codes.ts';
import * as deviceEnvironments from './migrations/0017-device-environments.ts';
import * as connectedSites from './migrations/0018-connected-sites.ts';
import * as listIndexes from './migrations/0019-list-indexes.ts';
import * as adminDisable from './migrations/0020-admin-disable.ts';
import * as listIndexesMore from './migrations/0021-list-indexes-more.ts';
import * as webhooks from './migrations/0022-webhooks.ts';
import * as sso from './migrations/0023-sso.ts';
import * as totp from './migrations/0024-totp.ts';
import * as expiryReminders from './migrations/0025-expiry-reminders.ts';
import * as olfTextInline from './migrations/0026-olf-text-inline.ts';

/**
 * Versioned migrations, applied in name order at start. Kysely's migrator takes a lock, so
 * replicas starting together apply each migration once. Add a migration as a new file and a
 * new entry; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0003-offline-licenses': offlineLicenses,
  '0002-customers': customers,
  '0004-keys': keys,
  '0005-held-entitlements': heldEntitlements,
  '0007-device-licenses': deviceLicenses,
  '0008-orders': orders,
  '0006-ledger-positions': ledgerPositions,
  '0009-customer-user-passwords': customerUserPasswords,
  '0010-site-rebaselines': siteRebaselines,
  '0011-sign-in-lockouts': signInLockouts,
  '0012-device-policy-settings': devicePolicySettings,
  '0013-vendor-device-control': vendorDeviceControl,
  '0014-meter-allotments': meterAllotments,
  '0015-trials': trials,
  '0016-activation-codes': activationCodes,
  '0017-device-environments': deviceEnvironments,
  '0018-connected-sites': connectedSites,
  '0019-list-indexes': listIndexes,
  '0020-admin-disable': adminDisable,
  '0021-list-indexes-more': listIndexesMore,
  '0022-webhooks': webhooks,
  '0023-sso': sso,
  '0024-totp': totp,
  '0025-expiry-reminders': expiryReminders,
  '0026-olf-text-inline': olfTextInline,
};

/** The migrations this code ships, in the order they apply. */
export function migrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/** What the migrations are and do (names and code): a store template made by other ones is not used. */
export function migrationFingerprint(): string {
  return migrationNames()
    .map((name) => [name, ...Object.entries(migrations[name] ?? {}).map(([step, code]) => `${step}: ${String(code)}`)].join('\n'))
    .join('\n');
}

/** The last migration this code ships: a database at this version has the schema it expects. */
export const latestMigration: string = migrationNames().at(-1) ?? '';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * Refuses a database that a newer release migrated (`DATABASE_TOO_NEW`): one that records a
 * migration this release does not have. It only reads, so a downgraded authority leaves the
 * database exactly as the newer release left it.
 */
async function refuseNewerDatabase(db: Kysely<unknown>): Promise<void> {
  const table = await sql<{ name: string | null }>`select to_regclass('kysely_migration')::text as name`.execute(db);
  if (!table.rows[0]?.name) return;
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const unknownMigrations = applied.rows.map((row) => row.name).filter((name) => !(name in migrations));
  if (unknownMigrations.length > 0) throw new AirlockError('DATABASE_TOO_NEW', { unknownMigrations, latestKnown: latestMigration });
}

/** Applies every pending migration, after refusing a database a newer release migrated. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  // Already at this version (every start but the first after an upgrade): nothing to lock or check.
  if ((await appliedMigration(db)) === latestMigration) return [];
  await refuseNewerDatabase(db);
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** The last migration applied to the database, or null where none is recorded. */
export async function appliedMigration(db: Kysely<unknown>): Promise<string | null> {
  const table = await sql<{ table: string | null }>`select to_regclass('kysely_migration')::text as table`.execute(db);
  if (!table.rows[0]?.table) return null;
  const last = await sql<{ name: string | null }>`select max(name) as name from kysely_migration`.execute(db);
  return last.rows[0]?.name ?? null;
}
