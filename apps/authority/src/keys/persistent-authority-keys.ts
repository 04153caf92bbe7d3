import { AirlockError, verifyRevocationList, type AuthoritySigner, type KeyPair, type Random, type TrustAnchor } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuthorityKeys, KeyManagement } from './authority-keys.ts';
import { createInitialKeys, revokeKey, rotateKey } from './key-changes.ts';
import { defaultValidity, isUniqueViolation, keyInfo, unsealKeyPair, type KeyMaker, type KeyRow, type KeyValidity } from './key-rows.ts';
import { deriveSealingKey, saltOf, type SealingKey } from './sealed-seed.ts';

export interface PersistentKeysOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** Seals the private keys at rest: from AIRLOCK_KEY_PASSPHRASE or the key file. */
  readonly passphrase: string;
  /** How long a replica serves its cached keys before it looks for a change made by another. */
  readonly refreshInterval?: number;
  /** A key whose certificate ends within this is renewed (rotated) automatically. */
  readonly renewBefore?: number;
  readonly validity?: KeyValidity;
  /**
   * A sealing key already being derived for a new salt, used only if this start makes the keys:
   * the first start derives it while the store opens (docs/building.md, "Starting fast").
   */
  readonly newSealing?: Promise<SealingKey>;
}

/** The authority's keys kept in its database, sealed under a passphrase, with their management. */
export interface PersistentAuthorityKeys extends AuthorityKeys {
  readonly management: KeyManagement;
  /** True when this start made the keys: the first start on this database. */
  readonly created: boolean;
  /** The key the passphrase derives, which also seals other secrets at rest (webhook secrets). */
  readonly sealing: SealingKey;
}

/** What is served from memory between checks. */
interface KeySet {
  /** The active key ids and the revocation list's serial: what changes when keys do. */
  readonly version: string;
  readonly signerRow: KeyRow;
  readonly signer: AuthoritySigner;
  readonly encryptionRow: KeyRow;
  readonly encryption: KeyPair;
  readonly decryption: readonly KeyPair[];
  readonly trust: TrustAnchor;
}

const SECOND = 1000;
const DAY = 86_400_000;

/**
 * Opens the authority's keys: on the first start on a database it makes a root, a signing and
 * an encryption key; afterwards it unseals them with the passphrase, refusing a wrong one with
 * `KEY_PASSPHRASE_WRONG`.
 *
 * Keys are served from memory: signing is the hot path. Replicas share the database, not the
 * memory, so each checks the database for another replica's rotation or revocation at most
 * every `refreshInterval` (5 s) of its clock — one indexed query returning three short rows —
 * and reloads only when the active key ids or the revocation serial changed. Until then it
 * signs with the key it has, which stays certified after a rotation; after a revocation the
 * window is those same few seconds. Changes made through this instance apply at once.
 *
 * @example
 * ```ts
 * const keys = await openPersistentAuthorityKeys(db, { clock, random, passphrase });
 * const signer = await keys.signer();
 * ```
 */
export async function openPersistentAuthorityKeys(db: Db, options: PersistentKeysOptions): Promise<PersistentAuthorityKeys> {
  const { clock, random, passphrase } = options;
  const validity = options.validity ?? defaultValidity;
  const refreshInterval = options.refreshInterval ?? 5 * SECOND;
  const renewBefore = options.renewBefore ?? 30 * DAY;

  const madeWith = await createKeysUnlessPresent(db, {
    passphrase,
    random,
    validity,
    now: clock.now(),
    ...(options.newSealing ? { newSealing: options.newSealing } : {}),
  });
  const created = madeWith !== null;
  const rootRow = await findRoot(db);
  if (!rootRow) throw new Error('the authority has no root key');
  // The keys this start made were sealed under a key it has just derived: scrypt runs once.
  const salt = saltOf(rootRow.encrypted_private_key);
  const sealing = madeWith && Buffer.from(madeWith.salt).equals(Buffer.from(salt)) ? madeWith : await deriveSealingKey(passphrase, salt);
  const root = unsealKeyPair(rootRow, sealing);
  const maker: KeyMaker = { root, sealing, random, validity };
  const pairs = new Map<string, KeyPair>();
  /** Each key is unsealed once per process; a reload after a rotation unseals only the new one. */
  const pairOf = (row: KeyRow): KeyPair => {
    let pair = pairs.get(row.kid);
    if (!pair) pairs.set(row.kid, (pair = unsealKeyPair(row, sealing)));
    return pair;
  };

  async function load(): Promise<KeySet> {
    const rows = await db
      .selectFrom('authority_keys')
      .selectAll()
      .where((eb) => eb.or([eb('status', '=', 'active'), eb.and([eb('purpose', '=', 'enc'), eb('status', '=', 'retired')])]))
      .orderBy('created_at', 'desc')
      .execute();
    const list = await db.selectFrom('revocation_lists').select(['serial', 'compact']).orderBy('serial', 'desc').limit(1).executeTakeFirst();
    const signerRow = rows.find((row) => row.purpose === 'sig' && row.status === 'active');
    const encryptionRow = rows.find((row) => row.purpose === 'enc' && row.status === 'active');
    if (!signerRow || !encryptionRow) throw new Error('the authority has no active signing or encryption key');
    const revocations = list ? await verifyRevocationList(list.compact, root.publicJwk) : undefined;
    const encryption = pairOf(encryptionRow);
    return {
      version: versionOf(
        rows.filter((row) => row.status === 'active').map((row) => row.kid),
        list?.serial ?? 0,
      ),
      signerRow,
      signer: { key: pairOf(signerRow), certificate: signerRow.certificate ?? '', revocations: list?.compact },
      encryptionRow,
      encryption,
      decryption: [encryption, ...rows.filter((row) => row.purpose === 'enc' && row.status === 'retired').map(pairOf)],
      trust: { root: root.publicJwk, revocations },
    };
  }

  /** Renews (rotates) a key whose certificate is about to end; once across replicas. */
  async function renewExpiring(current: KeySet): Promise<KeySet> {
    let renewed = false;
    for (const row of [current.signerRow, current.encryptionRow]) {
      const purpose = row.purpose === 'sig' ? 'sig' : 'enc';
      const window = Math.min(renewBefore, (purpose === 'sig' ? validity.signing : validity.encryption) / 2);
      if (row.not_after.getTime() - clock.now().getTime() > window) continue;
      await rotateKey(db, maker, purpose, { actor: 'system', now: clock.now() }, row.kid);
      renewed = true;
    }
    return renewed ? load() : current;
  }

  let set = await renewExpiring(await load());
  let checkedAt = clock.now().getTime();
  let refreshing: Promise<KeySet> | undefined;

  async function refresh(): Promise<KeySet> {
    const version = await databaseVersion(db);
    set = await renewExpiring(version === set.version ? set : await load());
    checkedAt = clock.now().getTime();
    return set;
  }

  function current(): Promise<KeySet> {
    const now = clock.now().getTime();
    // A clock set back also counts as stale.
    if (now >= checkedAt && now - checkedAt < refreshInterval) return Promise.resolve(set);
    refreshing ??= refresh().finally(() => (refreshing = undefined));
    return refreshing;
  }

  const management: KeyManagement = {
    async list() {
      const rows = await db.selectFrom('authority_keys').selectAll().orderBy('created_at', 'desc').orderBy('kid').execute();
      return rows.map(keyInfo);
    },
    async rotate(purpose, by) {
      const rotation = await rotateKey(db, maker, purpose, by);
      if (!rotation) throw new AirlockError('CONFLICT', { purpose });
      await refresh();
      return rotation;
    },
    async revoke(kid, reason, by) {
      const revocation = await revokeKey(db, maker, kid, reason, by);
      await refresh();
      return revocation;
    },
  };

  return {
    created,
    sealing,
    management,
    signer: async () => (await current()).signer,
    encryptionKey: async () => (await current()).encryption,
    decryptionKeys: async () => (await current()).decryption,
    encryptionCertificate: async () => (await current()).encryptionRow.certificate ?? '',
    root: () => Promise.resolve(root.publicJwk),
    trust: async () => (await current()).trust,
  };
}

async function findRoot(db: Db): Promise<KeyRow | undefined> {
  return db.selectFrom('authority_keys').selectAll().where('purpose', '=', 'root').where('status', '=', 'active').executeTakeFirst();
}

/** Makes the keys on a database that has none, answering the sealing key they were sealed under; null when they were there already. */
async function createKeysUnlessPresent(db: Db, options: Parameters<typeof createInitialKeys>[1]): Promise<SealingKey | null> {
  if (await findRoot(db)) return null;
  try {
    return await createInitialKeys(db, options);
  } catch (error) {
    // Another replica starting at the same moment made them first: use theirs.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

function versionOf(activeKids: readonly string[], serial: number): string {
  return [...activeKids, `serial:${serial}`].sort().join(',');
}

async function databaseVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    select kid as id from authority_keys where status = 'active'
    union all
    select 'serial:' || coalesce(max(serial), 0) from revocation_lists
  `.execute(db);
  return rows
    .map((row) => row.id)
    .sort()
    .join(',');
}
