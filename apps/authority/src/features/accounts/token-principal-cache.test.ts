import { describe, expect, it } from 'vitest';
import { TokenPrincipalCache } from './token-principal-cache.ts';

const principal = { kind: 'token', id: 'token-1', scopes: ['licenses:read'] } as const;
const at = (ms: number) => new Date(Date.UTC(2026, 10, 23, 10) + ms);

describe('TokenPrincipalCache', () => {
  it('trusts a principal for the TTL on the given clock, then forgets it', () => {
    const cache = new TokenPrincipalCache({ ttlMs: 5_000 });
    cache.remember('hash-1', { ...principal, scopes: [...principal.scopes] }, at(0), cache.generation);
    expect(cache.get('hash-1', at(4_999))).toEqual(principal);
    expect(cache.get('hash-1', at(5_000))).toBeUndefined();
    expect(cache.get('hash-1', at(0))).toBeUndefined();
  });

  it('forgets a revoked token at once, and ignores a lookup that started before the revocation', () => {
    const cache = new TokenPrincipalCache();
    cache.remember('hash-1', { ...principal, scopes: [...principal.scopes] }, at(0), cache.generation);
    const startedBefore = cache.generation;
    cache.forget('hash-1');
    expect(cache.get('hash-1', at(1))).toBeUndefined();
    cache.remember('hash-1', { ...principal, scopes: [...principal.scopes] }, at(2), startedBefore);
    expect(cache.get('hash-1', at(3))).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest entry first', () => {
    const cache = new TokenPrincipalCache({ maxEntries: 2 });
    for (const hash of ['a', 'b', 'c']) cache.remember(hash, { ...principal, id: hash, scopes: [] }, at(0), cache.generation);
    expect(['a', 'b', 'c'].map((hash) => cache.get(hash, at(1))?.id)).toEqual([undefined, 'b', 'c']);
  });
});
