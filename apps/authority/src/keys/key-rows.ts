import { certifyKey, exportKeySeed, generateKeyPair, keyPairFromSeed, type KeyPair, type Random } from '@airlock/core';
import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuthorityKeyTable, Database } from '../db/schema.ts';
import type { AuthorityKeyInfo, KeyPurpose } from './authority-keys.ts';
import { openSeed, sealSeed, type SealingKey } from './sealed-seed.ts';

/** How the authority's keys are stored: one row per key, the private seed sealed. */
export type KeyRow = Selectable<AuthorityKeyTable>;

/** How long a new key's certificate is valid. */
export interface KeyValidity {
  readonly signing: number;
  readonly encryption: number;
}

/** What it takes to make a new key: the root to certify it, the sealing key, randomness. */
export interface KeyMaker {
  readonly root: KeyPair;
  readonly sealing: SealingKey;
  readonly random: Random;
  readonly validity: KeyValidity;
}

const DAY = 86_400_000;
/** Signing keys rotate yearly, encryption keys every two years; the root is not certified. */
export const defaultValidity: KeyValidity = { signing: 365 * DAY, encryption: 730 * DAY };
/** The root has no certificate; its row still records a validity, nominally long. */
const ROOT_VALIDITY = 20 * 365 * DAY;

export function keyInfo(row: KeyRow): AuthorityKeyInfo {
  return {
    kid: row.kid,
    purpose: row.purpose,
    status: row.status,
    publicJwk: row.public_jwk,
    certificate: row.certificate,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

/** The key pair of a stored row, checked against the row's public key. */
export function unsealKeyPair(row: KeyRow, sealing: SealingKey): KeyPair {
  const pair = keyPairFromSeed(row.purpose === 'enc' ? 'X25519' : 'Ed25519', openSeed(sealing, row.encrypted_private_key, row.kid));
  if (pair.kid !== row.kid) throw new Error(`stored key ${row.kid} does not match its sealed seed`);
  return pair;
}

function keyValues(
  pair: KeyPair,
  purpose: KeyPurpose,
  sealing: SealingKey,
  random: Random,
  certificate: string | null,
  notBefore: Date,
  notAfter: Date,
): Insertable<AuthorityKeyTable> {
  return {
    kid: pair.kid,
    purpose,
    public_jwk: JSON.stringify(pair.publicJwk),
    encrypted_private_key: sealSeed(sealing, exportKeySeed(pair).seed, pair.kid, random),
    certificate,
    not_before: notBefore,
    not_after: notAfter,
    status: 'active',
    created_at: notBefore,
    revoked_at: null,
  };
}

/** Stores a new root key (its own sealing key must already exist). */
export async function insertRootKey(trx: Transaction<Database>, root: KeyPair, sealing: SealingKey, random: Random, now: Date): Promise<KeyRow> {
  return trx
    .insertInto('authority_keys')
    .values(keyValues(root, 'root', sealing, random, null, now, new Date(now.getTime() + ROOT_VALIDITY)))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Makes, certifies and stores a new active signing or encryption key. */
export async function insertCertifiedKey(trx: Transaction<Database>, maker: KeyMaker, purpose: 'sig' | 'enc', now: Date): Promise<KeyRow> {
  const pair = generateKeyPair(purpose === 'sig' ? 'Ed25519' : 'X25519', maker.random);
  const notAfter = new Date(now.getTime() + (purpose === 'sig' ? maker.validity.signing : maker.validity.encryption));
  const certificate = await certifyKey(maker.root, pair.publicJwk, { use: purpose, notBefore: now, notAfter, now });
  return trx
    .insertInto('authority_keys')
    .values(keyValues(pair, purpose, maker.sealing, maker.random, certificate, now, notAfter))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** True for PostgreSQL's unique-violation error, which PGlite reports the same way. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
