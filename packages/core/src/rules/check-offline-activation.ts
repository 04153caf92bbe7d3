import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LicenseKind, LicensingPolicy } from '../policy/licensing-policy.ts';

/** A license as its offline exchanges see it; settings left undefined are inherited from its policy. */
export interface OfflineLicense {
  readonly policy: LicensingPolicy;
  /** Overrides `policy.kind`. */
  readonly kind?: LicenseKind | undefined;
  /** Overrides `policy.allowOffline`: true or false decides, undefined inherits. */
  readonly allowOffline?: boolean | undefined;
  /** Overrides `policy.maxActivations`; `null` is unlimited, undefined inherits. */
  readonly maxActivations?: number | null | undefined;
  /** The license ends at this instant; null when it never does. */
  readonly expiresAt: Date | null;
}

/**
 * True when the license may be used offline: its own setting, else its policy's (docs/design.md, F4).
 *
 * @example
 * ```ts
 * offlineAllowed({ policy: licensingPolicy({ allowOffline: false }), allowOffline: true, expiresAt: null }); // true
 * ```
 */
export function offlineAllowed(license: OfflineLicense): boolean {
  return license.allowOffline ?? license.policy.allowOffline;
}

/**
 * Decides whether a device may be activated offline with this license (docs/design.md, F4).
 *
 * Precedence, first failure wins:
 * 1. `OFFLINE_NOT_ALLOWED`: the vendor's explicit setting answers "offline?" whatever the kind.
 * 2. `SUBSCRIPTION_NOT_OFFLINE`: a subscription's validity is decided online, so offline is
 *    impossible for the license's whole life. Both are terms of the license: nothing the end
 *    user does changes them, so they are told first.
 * 3. `LICENSE_EXPIRED` (from `expiresAt` on): a renewal changes it.
 * 4. `ACTIVATIONS_EXHAUSTED` (active activations ≥ the limit): last, because its cure,
 *    deactivating another device, only helps when nothing else stands in the way.
 *
 * @example
 * ```ts
 * checkOfflineActivation({ policy, expiresAt: null, activeActivations: 1 }, now);
 * // { ok: false, code: 'ACTIVATIONS_EXHAUSTED', detail: { activeActivations: 1, maxActivations: 1 } }
 * ```
 */
export function checkOfflineActivation(license: OfflineLicense & { readonly activeActivations: number }, now: Date): Outcome {
  const terms = checkOfflineTerms(license, 'activation', now);
  if (!terms.ok) return terms;
  const maxActivations = license.maxActivations === undefined ? license.policy.maxActivations : license.maxActivations;
  if (maxActivations !== null && license.activeActivations >= maxActivations) {
    return refuse('ACTIVATIONS_EXHAUSTED', { activeActivations: license.activeActivations, maxActivations });
  }
  return accept();
}

/**
 * Decides whether an offline refresh file may be produced for an activated device (docs/design.md, F4):
 * the checks of `checkOfflineActivation`, in its order, but the activation limit, since the
 * device already holds its slot.
 *
 * @example
 * ```ts
 * checkOfflineRefresh({ policy: licensingPolicy({ kind: 'subscription' }), expiresAt: null }, now);
 * // { ok: false, code: 'SUBSCRIPTION_NOT_OFFLINE', detail: { exchange: 'refresh', kind: 'subscription' } }
 * ```
 */
export function checkOfflineRefresh(license: OfflineLicense, now: Date): Outcome {
  return checkOfflineTerms(license, 'refresh', now);
}

function checkOfflineTerms(license: OfflineLicense, exchange: 'activation' | 'refresh', now: Date): Outcome {
  if (!offlineAllowed(license)) {
    return refuse('OFFLINE_NOT_ALLOWED', { exchange, setBy: license.allowOffline === undefined ? 'policy' : 'license' });
  }
  const kind = license.kind ?? license.policy.kind;
  if (kind === 'subscription') return refuse('SUBSCRIPTION_NOT_OFFLINE', { exchange, kind });
  if (license.expiresAt && now >= license.expiresAt) {
    return refuse('LICENSE_EXPIRED', { exchange, expiredAt: license.expiresAt.toISOString(), now: now.toISOString() });
  }
  return accept();
}
