import { createHash } from 'node:crypto';
import type { Random } from '../crypto/random.ts';

/**
 * A deterministic Random for tests and test vectors: SHA-256 in counter mode over a seed
 * string. Never for production, where servers pass `crypto.randomBytes`.
 */
export function seededRandom(seed: string): Random {
  let counter = 0;
  let pool = new Uint8Array(0);
  return {
    bytes(length: number): Uint8Array {
      while (pool.length < length) {
        const block = createHash('sha256').update(`${seed}\0${counter++}`).digest();
        const next = new Uint8Array(pool.length + block.length);
        next.set(pool);
        next.set(block, pool.length);
        pool = next;
      }
      const out = pool.slice(0, length);
      pool = pool.slice(length);
      return out;
    },
  };
}
