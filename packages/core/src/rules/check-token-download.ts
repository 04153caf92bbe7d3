import { accept, refuse, type Outcome } from '../errors/outcome.ts';

/** Where a customer's request for offline licensing stands; `null` when it never asked. */
export type OfflineApproval = 'pending' | 'approved' | 'denied';

/**
 * Decides whether a customer may download an enablement token (docs/design.md, F1, authority side):
 * only once the vendor approved its request for offline licensing. A pending, denied or
 * missing request is `OFFLINE_NOT_APPROVED`, naming the state (`none` when it never asked).
 *
 * @example
 * ```ts
 * checkTokenDownload({ offlineApproval: 'pending' });
 * // { ok: false, code: 'OFFLINE_NOT_APPROVED', detail: { approval: 'pending' } }
 * ```
 */
export function checkTokenDownload(customer: { readonly offlineApproval: OfflineApproval | null }): Outcome {
  const approval = customer.offlineApproval;
  if (approval === 'approved') return accept();
  return refuse('OFFLINE_NOT_APPROVED', { approval: approval ?? 'none' });
}
