import type { Db } from '../../db/database.ts';

/** A device's trial of a product, as the vendor's console lists it. */
export interface TrialView {
  readonly productId: string;
  readonly fingerprint: string;
  /** The name the device gave in its latest activation, if any. */
  readonly deviceName: string | null;
  readonly licenseId: string;
  readonly startedAt: string;
  readonly endsAt: string | null;
  /**
   * `converted`: the device activated a license of the product since (`convertedTo`);
   * otherwise `ended` past its end, `running` while active on the device, else `inactive`
   * (deactivated).
   */
  readonly status: 'running' | 'ended' | 'inactive' | 'converted';
  readonly convertedTo: string | null;
  readonly convertedAt: string | null;
}

/**
 * The trials devices started, newest first, narrowed to a product when given. `now` decides
 * which have ended.
 *
 * @example
 * ```ts
 * const trials = await listTrials(db, { productId: 'studio' }, clock.now());
 * ```
 */
export async function listTrials(db: Db, filter: { readonly productId?: string | undefined }, now: Date): Promise<TrialView[]> {
  let query = db
    .selectFrom('trial_starts')
    .innerJoin('device_licenses', 'device_licenses.id', 'trial_starts.license_id')
    .select([
      'trial_starts.product_id',
      'trial_starts.fingerprint',
      'trial_starts.license_id',
      'trial_starts.started_at',
      'trial_starts.converted_to',
      'trial_starts.converted_at',
      'device_licenses.expires_at',
    ])
    .orderBy('trial_starts.started_at', 'desc')
    .orderBy('trial_starts.fingerprint');
  if (filter.productId !== undefined) query = query.where('trial_starts.product_id', '=', filter.productId);
  const starts = await query.execute();
  if (starts.length === 0) return [];
  const activations = await db
    .selectFrom('device_activations')
    .select(['license_id', 'device_name', 'deactivated_at'])
    .where(
      'license_id',
      'in',
      starts.map((start) => start.license_id),
    )
    .orderBy('activated_at', 'desc')
    .orderBy('id')
    .execute();
  return starts.map((start) => {
    const own = activations.filter((activation) => activation.license_id === start.license_id);
    const ended = start.expires_at !== null && now >= start.expires_at;
    const active = own.some((activation) => activation.deactivated_at === null);
    return {
      productId: start.product_id,
      fingerprint: start.fingerprint,
      deviceName: own[0]?.device_name ?? null,
      licenseId: start.license_id,
      startedAt: start.started_at.toISOString(),
      endsAt: start.expires_at?.toISOString() ?? null,
      status: start.converted_to !== null ? 'converted' : ended ? 'ended' : active ? 'running' : 'inactive',
      convertedTo: start.converted_to,
      convertedAt: start.converted_at?.toISOString() ?? null,
    };
  });
}
