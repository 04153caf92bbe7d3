import type { ProblemBody } from '@airlock/web';
import type { ActivatedLicenseInstallation } from '../site/activated-license.ts';
import type { GeneratedLfr } from '../site/generate-lfr.ts';
import type { OlfInstallation } from '../site/install-olf.ts';

/**
 * What the admin pages keep between one request and the next page, in memory only: the license
 * file requests generated through them (the site records that an LFR was made, never its text,
 * and a person may want it as a file and then as QR codes), and the outcome of each attempt to
 * install a document, with the document itself, so that a refused reduction can be shown as a
 * table and the very same file installed again once users are de-provisioned.
 *
 * Bounded: the oldest entries go first. A restart forgets everything, which costs nothing: an
 * LFR may be made again at will (the newest one is the one to carry), a file uploaded again.
 */

/** An LFR made through the pages. */
export interface HeldLfr extends GeneratedLfr {
  /** When it was made, as the site's clock said. */
  readonly generatedAt: string;
}

/** The kinds of document an install attempt takes. */
export type InstallKind = 'olf' | 'activated-license';

/** One attempt to install a document on a tenant, and what came of it. */
export type InstallAttempt =
  | { readonly kind: 'olf'; readonly outcome: 'installed'; readonly at: string; readonly answer: OlfInstallation }
  | { readonly kind: 'activated-license'; readonly outcome: 'installed'; readonly at: string; readonly answer: ActivatedLicenseInstallation }
  | { readonly kind: InstallKind; readonly outcome: 'refused'; readonly at: string; readonly problem: ProblemBody; readonly text: string };

/** A bounded map, per tenant, of values by id; the oldest entries are dropped first. */
export class HeldDocuments<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`the capacity must be a positive integer, not ${capacity}`);
  }

  /** Keeps a value under (tenant, id), replacing what was there. */
  put(tenant: string, id: string, value: T): void {
    const key = keyOf(tenant, id);
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The value kept under (tenant, id): another tenant's id finds nothing. */
  get(tenant: string, id: string): T | undefined {
    return this.entries.get(keyOf(tenant, id));
  }

  get size(): number {
    return this.entries.size;
  }
}

// A tenant name never holds a NUL (names are [A-Za-z0-9_.:-]), so no two pairs share a key.
function keyOf(tenant: string, id: string): string {
  return `${tenant}\u0000${id}`;
}

/** What the admin pages hold: LFRs by their id, install attempts by a random id. */
export interface HeldByPages {
  readonly lfrs: HeldDocuments<HeldLfr>;
  readonly attempts: HeldDocuments<InstallAttempt>;
}

/** The pages' memory, sized for a few administrators at work at once. */
export function createHeldByPages(): HeldByPages {
  return { lfrs: new HeldDocuments<HeldLfr>(64), attempts: new HeldDocuments<InstallAttempt>(64) };
}
