import { AirlockError, generateKeyPair, issueRevocationList, verifyRevocationList, type Random, type RevokedKey } from '@airlock/core';
import { toNumericDate } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../http/audit.ts';
import type { KeyChangeBy, KeyRevocation, KeyRotation } from './authority-keys.ts';
import { insertCertifiedKey, insertRootKey, keyInfo, type KeyMaker, type KeyRow, type KeyValidity } from './key-rows.ts';
import { newSalt, deriveSealingKey, type SealingKey } from './sealed-seed.ts';

/**
 * Every change to the authority's keys, each in one transaction with its audit event. Changes
 * take a row lock on the root first, so that two replicas rotating or revoking at once run one
 * after the other and revocation-list serials never collide.
 */

async function lockRoot(trx: Transaction<Database>): Promise<KeyRow> {
  const root = await trx.selectFrom('authority_keys').selectAll().where('purpose', '=', 'root').where('status', '=', 'active').forUpdate().executeTakeFirst();
  if (!root) throw new Error('the authority has no root key');
  return root;
}

async function activeKey(trx: Transaction<Database>, purpose: 'sig' | 'enc'): Promise<KeyRow | undefined> {
  return trx.selectFrom('authority_keys').selectAll().where('purpose', '=', purpose).where('status', '=', 'active').executeTakeFirst();
}

/**
 * First start: a root, a signing and an encryption key, all sealed under the passphrase.
 * When another replica made them first, the one-active-key index refuses ours with a unique
 * violation and nothing is written: the caller then loads theirs. Answers the sealing key it
 * derived (scrypt, deliberately slow), so that the caller need not derive it again; given
 * `newSealing` (a key already under way for a new salt), it seals under that one instead.
 */
export async function createInitialKeys(
  db: Db,
  options: { passphrase: string; random: Random; validity: KeyValidity; now: Date; newSealing?: Promise<SealingKey> },
): Promise<SealingKey> {
  const { random, now } = options;
  const sealing = await (options.newSealing ?? deriveSealingKey(options.passphrase, newSalt(random)));
  const root = generateKeyPair('Ed25519', random);
  const maker: KeyMaker = { root, sealing, random, validity: options.validity };
  await db.transaction().execute(async (trx) => {
    const rows = [
      await insertRootKey(trx, root, sealing, random, now),
      await insertCertifiedKey(trx, maker, 'sig', now),
      await insertCertifiedKey(trx, maker, 'enc', now),
    ];
    for (const row of rows) {
      await recordAudit(trx, { actor: 'system', action: 'authority-key.create', objectType: 'authority-key', objectId: row.kid, after: keyInfo(row), at: now });
    }
  });
  return sealing;
}

/**
 * Makes a new key active for the purpose and retires the old one, which stays valid for what
 * it signed (and, for encryption keys, still decrypts). With `replacing`, only if that key is
 * still the active one: automatic renewal on several replicas then renews once.
 */
export async function rotateKey(db: Db, maker: KeyMaker, purpose: 'sig' | 'enc', by: KeyChangeBy, replacing?: string): Promise<KeyRotation | undefined> {
  return db.transaction().execute(async (trx) => {
    await lockRoot(trx);
    const old = await activeKey(trx, purpose);
    if (!old) throw new Error(`the authority has no active ${purpose} key`);
    if (replacing !== undefined && old.kid !== replacing) return undefined;
    const retired = await trx.updateTable('authority_keys').set({ status: 'retired' }).where('kid', '=', old.kid).returningAll().executeTakeFirstOrThrow();
    const fresh = await insertCertifiedKey(trx, maker, purpose, by.now);
    const rotation = { active: keyInfo(fresh), retired: keyInfo(retired) };
    await recordAudit(trx, {
      actor: by.actor,
      action: 'authority-key.rotate',
      objectType: 'authority-key',
      objectId: fresh.kid,
      before: keyInfo(old),
      after: rotation,
      requestId: by.requestId,
      at: by.now,
    });
    return rotation;
  });
}

/**
 * Revokes a signing or encryption key: the root signs a new revocation list (serial + 1) with
 * every key revoked so far, which the signer carries in every document from then on. An active
 * key is replaced in the same transaction, so the authority never signs with a revoked key.
 */
export async function revokeKey(db: Db, maker: KeyMaker, kid: string, reason: string, by: KeyChangeBy): Promise<KeyRevocation> {
  return db.transaction().execute(async (trx) => {
    await lockRoot(trx);
    const row = await trx.selectFrom('authority_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
    if (!row) throw new AirlockError('NOT_FOUND', { kid });
    if (row.purpose === 'root') throw new AirlockError('KEY_NOT_REVOCABLE', { kid });
    if (row.status === 'revoked') throw new AirlockError('CONFLICT', { kid, reason: 'the key is already revoked' });

    const replacement = row.status === 'active' ? await replaceActive(trx, maker, row, by.now) : null;
    const revoked = await trx
      .updateTable('authority_keys')
      .set({ status: 'revoked', revoked_at: by.now })
      .where('kid', '=', kid)
      .returningAll()
      .executeTakeFirstOrThrow();
    const revocationList = await issueNextRevocationList(trx, maker, { kid, revokedAt: toNumericDate(by.now), reason }, by.now);
    const revocation: KeyRevocation = { revoked: keyInfo(revoked), replacement: replacement ? keyInfo(replacement) : null, revocationList };
    await recordAudit(trx, {
      actor: by.actor,
      action: 'authority-key.revoke',
      objectType: 'authority-key',
      objectId: kid,
      before: keyInfo(row),
      after: { ...revocation, reason },
      requestId: by.requestId,
      at: by.now,
    });
    return revocation;
  });
}

async function replaceActive(trx: Transaction<Database>, maker: KeyMaker, row: KeyRow, now: Date): Promise<KeyRow> {
  // Out of the one-active slot first, so the replacement can take it.
  await trx.updateTable('authority_keys').set({ status: 'retired' }).where('kid', '=', row.kid).execute();
  return insertCertifiedKey(trx, maker, row.purpose === 'sig' ? 'sig' : 'enc', now);
}

async function issueNextRevocationList(
  trx: Transaction<Database>,
  maker: KeyMaker,
  entry: RevokedKey,
  now: Date,
): Promise<{ serial: number; compact: string }> {
  const latest = await trx.selectFrom('revocation_lists').select(['serial', 'compact']).orderBy('serial', 'desc').limit(1).executeTakeFirst();
  const earlier = latest ? (await verifyRevocationList(latest.compact, maker.root.publicJwk)).revoked : [];
  const serial = (latest?.serial ?? 0) + 1;
  const compact = await issueRevocationList(maker.root, { serial, revoked: [...earlier, entry], now });
  await trx.insertInto('revocation_lists').values({ serial, compact, issued_at: now }).execute();
  return { serial, compact };
}
