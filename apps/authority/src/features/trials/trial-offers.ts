import { AirlockError } from '@airlock/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TrialOfferTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { checkOnce, parseInstant } from '../devices/device-licenses.ts';

/**
 * A product's trial offer (docs/devices.md, "Trials"): what a device that asks for a trial,
 * with no license key, gets. One per product; the vendor sets it, disables it (`enabled:
 * false`, kept for later) or withdraws it. Trials already started keep running either way.
 */
export interface TrialOffer {
  readonly productId: string;
  readonly enabled: boolean;
  /** The trial's length from its start, in days; null when every trial ends at `endsAt`. */
  readonly days: number | null;
  /** The one end of every trial (ISO 8601); null when trials last `days`. */
  readonly endsAt: string | null;
  readonly features: string[];
  readonly meters: { meter: string; limit: number | null }[];
  /** Whether a trial may be started (and refreshed, deactivated) offline, through the portal. */
  readonly allowOffline: boolean;
  /** The policy trial licenses run under; null: the core's default settings. */
  readonly policyId: string | null;
  readonly updatedAt: string;
}

export interface TrialOfferInput {
  readonly enabled: boolean;
  readonly days?: number | undefined;
  readonly endsAt?: string | undefined;
  readonly features: readonly string[];
  readonly meters: readonly { readonly meter: string; readonly limit: number | null }[];
  readonly allowOffline: boolean;
  readonly policyId?: string | undefined;
}

/**
 * Sets a product's trial offer, replacing the one it had. Refusals, each writing nothing:
 * REQUEST_INVALID (both or neither of `days` and `endsAt`, a name listed twice), DATE_INVALID,
 * NOT_FOUND (product or policy). Audited with the offer before and after.
 *
 * @example
 * ```ts
 * await putTrialOffer(db, 'studio', { enabled: true, days: 14, features: ['export'], meters: [{ meter: 'renders', limit: 10 }], allowOffline: false }, by);
 * ```
 */
export async function putTrialOffer(db: Db, productId: string, input: TrialOfferInput, by: Actor): Promise<TrialOffer> {
  const endsAt = checkOffer(input);
  return db.transaction().execute(async (trx) => {
    const product = await trx.selectFrom('products').select('id').where('id', '=', productId).executeTakeFirst();
    if (!product) throw new AirlockError('NOT_FOUND', { product: productId });
    if (input.policyId !== undefined) {
      const policy = await trx.selectFrom('policies').select('id').where('id', '=', input.policyId).executeTakeFirst();
      if (!policy) throw new AirlockError('NOT_FOUND', { policy: input.policyId });
    }
    const before = await trx.selectFrom('trial_offers').selectAll().where('product_id', '=', productId).forUpdate().executeTakeFirst();
    const row = {
      product_id: productId,
      enabled: input.enabled,
      days: input.days ?? null,
      ends_at: endsAt,
      features: JSON.stringify(input.features),
      meters: JSON.stringify(input.meters.map(({ meter, limit }) => ({ meter, limit }))),
      allow_offline: input.allowOffline,
      policy_id: input.policyId ?? null,
      updated_at: by.now,
      updated_by: by.actor,
    };
    await trx
      .insertInto('trial_offers')
      .values(row)
      .onConflict((conflict) => conflict.column('product_id').doUpdateSet(row))
      .execute();
    const after = await trx.selectFrom('trial_offers').selectAll().where('product_id', '=', productId).executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...by,
      action: 'product.trial-set',
      objectType: 'product',
      objectId: productId,
      ...(before ? { before: trialOfferView(before) } : {}),
      after: trialOfferView(after),
      at: by.now,
    });
    return trialOfferView(after);
  });
}

/** The product's trial offer; NOT_FOUND when it has none (or the product does not exist). */
export async function getTrialOffer(db: Db, productId: string): Promise<TrialOffer> {
  const row = await db.selectFrom('trial_offers').selectAll().where('product_id', '=', productId).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { product: productId, trial: 'none offered' });
  return trialOfferView(row);
}

/** Every product's trial offer, by product. */
export async function listTrialOffers(db: Db): Promise<TrialOffer[]> {
  const rows = await db.selectFrom('trial_offers').selectAll().orderBy('product_id').execute();
  return rows.map(trialOfferView);
}

/**
 * Withdraws the product's trial offer: devices asking for a trial are then refused
 * TRIAL_NOT_AVAILABLE. Trials already started run to their end, and the record of which
 * devices had one stays, so offering a trial again does not give them a second. NOT_FOUND when
 * there is no offer.
 */
export async function withdrawTrialOffer(db: Db, productId: string, by: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('trial_offers').selectAll().where('product_id', '=', productId).forUpdate().executeTakeFirst();
    if (!before) throw new AirlockError('NOT_FOUND', { product: productId, trial: 'none offered' });
    await trx.deleteFrom('trial_offers').where('product_id', '=', productId).execute();
    await recordAudit(trx, { ...by, action: 'product.trial-withdraw', objectType: 'product', objectId: productId, before: trialOfferView(before), at: by.now });
  });
}

function trialOfferView(row: Selectable<TrialOfferTable>): TrialOffer {
  return {
    productId: row.product_id,
    enabled: row.enabled,
    days: row.days,
    endsAt: row.ends_at?.toISOString() ?? null,
    features: row.features,
    meters: row.meters,
    allowOffline: row.allow_offline,
    policyId: row.policy_id,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Exactly one of days and endsAt, each name once; the end date parsed. */
function checkOffer(input: TrialOfferInput): Date | null {
  if ((input.days === undefined) === (input.endsAt === undefined)) {
    throw new AirlockError('REQUEST_INVALID', { field: 'days', reason: 'give exactly one of days and endsAt' });
  }
  checkOnce(input.features, 'features');
  checkOnce(
    input.meters.map((m) => m.meter),
    'meters',
  );
  return input.endsAt === undefined ? null : parseInstant(input.endsAt, 'endsAt');
}
