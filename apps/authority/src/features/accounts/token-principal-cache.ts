import type { Db } from '../../db/database.ts';
import type { Principal } from '../../http/permissions.ts';

type TokenPrincipal = Extract<Principal, { kind: 'token' }>;

/**
 * How long a replica trusts a token it has looked up without asking the database again. A
 * revocation takes effect at once on the replica that revoked the token (it forgets the entry)
 * and within this time on the other replicas, which share nothing but the database.
 */
const TOKEN_PRINCIPAL_TTL_MS = 5_000;

/** Most tokens remembered at once; past it the oldest entry goes first. */
const TOKEN_PRINCIPAL_CACHE_SIZE = 10_000;

/**
 * The principals of API tokens recently found valid, keyed by the token's SHA-256 (the clear
 * token is never kept), each trusted for {@link TOKEN_PRINCIPAL_TTL_MS} on the caller's clock.
 * Unknown and revoked tokens are never remembered, so guessing cannot fill it.
 *
 * A lookup that started before a `forget` may finish after it with the row it read before the
 * revocation: `remember` takes the generation read when the lookup started and ignores the
 * principal when anything was forgotten in between, so no stale entry survives a revocation.
 *
 * Disabling an administrator revokes the tokens they created (admins.ts) and forgets them here
 * the same way: at once on the replica that disabled them, within the TTL on the others. Only
 * tokens are cached: sessions are read from the database on every request, so a disabled
 * administrator's sessions end at once everywhere.
 */
export class TokenPrincipalCache {
  readonly #entries = new Map<string, { readonly principal: TokenPrincipal; readonly at: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  #generation = 0;

  constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? TOKEN_PRINCIPAL_TTL_MS;
    this.#maxEntries = options.maxEntries ?? TOKEN_PRINCIPAL_CACHE_SIZE;
  }

  /** Changes whenever an entry is forgotten; pass it back to `remember`. */
  get generation(): number {
    return this.#generation;
  }

  /** The principal remembered for this token hash, if it was found valid less than the TTL ago. */
  get(tokenHash: string, now: Date): TokenPrincipal | undefined {
    const entry = this.#entries.get(tokenHash);
    if (!entry) return undefined;
    const age = now.getTime() - entry.at;
    if (age >= 0 && age < this.#ttlMs) return entry.principal;
    this.#entries.delete(tokenHash);
    return undefined;
  }

  /** Remembers a principal just read from the database, unless a token was forgotten since `generation`. */
  remember(tokenHash: string, principal: TokenPrincipal, now: Date, generation: number): void {
    if (generation !== this.#generation) return;
    this.#entries.delete(tokenHash);
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(tokenHash, { principal, at: now.getTime() });
  }

  /** Forgets a token (it was just revoked), so this replica looks it up again on its next use. */
  forget(tokenHash: string): void {
    this.#generation++;
    this.#entries.delete(tokenHash);
  }
}

const caches = new WeakMap<Db, TokenPrincipalCache>();

/**
 * The cache shared by everything in this process that uses this database handle: the
 * authenticator reads and fills it, `revokeApiToken` forgets from it.
 */
export function tokenPrincipalCacheOf(db: Db): TokenPrincipalCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new TokenPrincipalCache();
    caches.set(db, cache);
  }
  return cache;
}
