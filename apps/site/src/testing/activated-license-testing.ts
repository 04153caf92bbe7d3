import { issueActivatedLicense, type ActivatedLicense, type LicenseItem } from '@airlock/core';
import { generateLrn, mergeOrderItems, type Clock } from '@airlock/core/internal';
import { seededRandom, type TestAuthority } from '@airlock/core/testing';

/**
 * Test support: the authority's activation page as a test plays it (docs/design.md, F5). Each activation
 * merges an order's items into the latest license of the Registration Key with the core's
 * `mergeOrderItems`, as the authority does, and signs the next revision with a test authority.
 * Never for production.
 */
export class TestActivationDesk {
  private readonly latest = new Map<string, ActivatedLicense>();
  private issued = 0;

  constructor(
    private readonly authority: TestAuthority,
    private readonly clock: Clock,
    private readonly customerId = 'acme',
  ) {}

  /** Activates a new order of these items for the RK: the signed file, its claims and the order's LRN. */
  async activate(
    registrationKey: string,
    items: readonly LicenseItem[],
  ): Promise<{ readonly text: string; readonly claims: ActivatedLicense; readonly lrn: string }> {
    const now = this.clock.now();
    const lrn = generateLrn(seededRandom(`lrn-${this.issued}`));
    const previous = this.latest.get(registrationKey) ?? null;
    const merged = mergeOrderItems(previous?.items ?? [], items, now);
    if (!merged.ok) throw new Error(`the test order does not merge: ${merged.code}`);
    const { text, claims } = await issueActivatedLicense(
      { registrationKey, customerId: this.customerId, activatedLrn: lrn, items: merged.value, previous },
      { now, random: seededRandom(`activated-${this.issued++}`), signer: this.authority.signer },
    );
    this.latest.set(registrationKey, claims);
    return { text, claims, lrn };
  }
}

/** An order item, e.g. `item('bot-runner', 5)` or `item('bot-runner', 3, 'term', '2027-01-31')`. */
export function item(licenseType: string, quantity: number, kind: LicenseItem['kind'] = 'permanent', expiresOn?: string): LicenseItem {
  return { product: 'automation', licenseType, quantity, kind, ...(expiresOn === undefined ? {} : { expiresOn }) };
}
