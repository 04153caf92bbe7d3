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
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** The name of the newest migration this release has. */
export const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1)!;

/**
 * Refuses a database that a newer release migrated (`DATABASE_TOO_NEW`): one that records a
 * migration this release does not have. It only reads, so a downgraded authority leaves the
 * database exactly as the newer release left it.
 */
export async function refuseNewerDatabase(db: Kysely<unknown>): Promise<void> {
  const table = await sql<{ name: string | null }>`select to_regclass('kysely_migration')::text as name`.execute(db);
  if (!table.rows[0]?.name) return;
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const unknownMigrations = applied.rows.map((row) => row.name).filter((name) => !(name in migrations));
  if (unknownMigrations.length > 0) throw new AirlockError('DATABASE_TOO_NEW', { unknownMigrations, latestKnown: LATEST_MIGRATION });
}

/** Applies every pending migration, after refusing a database a newer release migrated. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  await refuseNewerDatabase(db);
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
