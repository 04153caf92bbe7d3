import { AirlockError, checkRegistrationKey, issueActivatedLicense, type LicenseItem, type Random } from '@airlock/core';
import { mergeOrderItems, normalizeLrn } from '@airlock/core/internal';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';
import type { Actor } from '../../http/audit.ts';
import { refuseEndedStaticLicenses } from '../static-licenses/static-licenses.ts';
import { orderTables, type ActivatedLicenseTable, type OrderTable, type OrdersDatabase } from './order-tables.ts';

export interface ActivationRequest {
  /** As the person typed it: any case, spaces or dashes, O/I/L for 0/1. */
  readonly lrn: string;
  /** As the person typed it, from the site tenant's license page. */
  readonly registrationKey: string;
  /** Only this customer's orders may be activated (a customer user's own); undefined for vendor staff. */
  readonly customerId?: string | undefined;
}

/** The license an activation produced, with what the portal shows beside it. */
export interface Activation {
  readonly orderId: string;
  readonly customerId: string;
  readonly lrn: string;
  readonly registrationKey: string;
  /** The signed activated license (armoured text), to install on the site. */
  readonly text: string;
  readonly licenseId: string;
  readonly revision: number;
  /** The RK's newest revision: above `revision` when a later order was activated since. */
  readonly latestRevision: number;
  readonly items: LicenseItem[];
  readonly lrns: string[];
  readonly activatedAt: string;
  /** True when this LRN had been activated for this RK already: the same license, nothing new issued. */
  readonly repeated: boolean;
}

export interface ActivationDeps {
  readonly db: Db;
  readonly keys: AuthorityKeys;
  readonly random: Random;
}

/**
 * Activates an order for a site tenant (docs/design.md, F5): LRN + RK give a signed activated license. The
 * checks run in this order, first failure wins, each writing nothing:
 * 1. the RK (REGISTRATION_KEY_MALFORMED, then REGISTRATION_KEY_CHECKSUM: a mistyped character)
 *    and the LRN's form (LRN_MALFORMED): typing mistakes, told before anything is looked up;
 * 2. the order (LRN_NOT_FOUND: unknown, or another customer's when a customer activates — the
 *    two are not told apart). Its row is locked: the same LRN raced to two RKs has one winner;
 * 3. an LRN binds to one RK: activated for this RK already, the same license comes back (no new
 *    revision, no audit event); for another RK, LRN_ALREADY_ACTIVATED (when, never which RK);
 * 4. the customer's static licenses have not ended: today (UTC, at `by.now`) after the date it
 *    was marked with for migration is STATIC_LICENSES_ENDED (docs/connected.md, "Moving off
 *    static licenses"). A repeat of step 3 still gives back the license it issued before: it
 *    renews nothing;
 * 5. the RK's row, created on its first activation, is locked: activations of one RK run one
 *    after another, so its revisions never fork. An RK holds one customer's licenses:
 *    another customer's RK is REGISTRATION_KEY_OTHER_CUSTOMER (a site tenant is one customer's).
 * Then the order's items are merged into the RK's latest license (`mergeOrderItems`: permanent
 * and unexpired term items carry over, pilot and temporary ones do not) and the next revision is
 * issued, answering the previous one, and audited. Locks are taken order first, RK second, by
 * every activation, so two of them cannot deadlock.
 *
 * @example
 * ```ts
 * const { text, revision } = await activateOrder(deps, { lrn: 'lrn-7k3q-m2zd-09xa-hv4t', registrationKey: 'XBWJ-N5F3-EP7S-3BYJ' }, by);
 * ```
 */
export async function activateOrder(deps: ActivationDeps, request: ActivationRequest, by: Actor): Promise<Activation> {
  const rk = checkRegistrationKey(request.registrationKey);
  if (!rk.ok) throw new AirlockError(rk.code, rk.detail);
  const lrn = normalizeLrn(request.lrn);
  if (lrn === undefined) throw new AirlockError('LRN_MALFORMED', {});
  const registrationKey: string = rk.value;
  // Before the transaction: the keys may be read from the database, and an embedded database
  // has one connection, which the transaction holds until it ends.
  const signer = await deps.keys.signer();

  return deps.db.transaction().execute(async (trx) => {
    const tables = orderTables(trx);
    let orderQuery = tables.selectFrom('orders').selectAll().where('lrn', '=', lrn);
    if (request.customerId !== undefined) orderQuery = orderQuery.where('customer_id', '=', request.customerId);
    const order = await orderQuery.forUpdate().executeTakeFirst();
    if (!order) throw new AirlockError('LRN_NOT_FOUND', { lrn });

    const existing = await tables.selectFrom('activated_licenses').selectAll().where('order_id', '=', order.id).executeTakeFirst();
    if (existing) {
      if (existing.registration_key !== registrationKey) {
        throw new AirlockError('LRN_ALREADY_ACTIVATED', { lrn, activatedAt: existing.issued_at.toISOString() });
      }
      return activationOf(existing, order, await latestRevisionOf(tables, registrationKey), true);
    }
    await refuseEndedStaticLicenses(trx, order.customer_id, by.now);

    const latestRevision = await lockRegistrationKey(tables, registrationKey, order.customer_id, by.now);
    const previous =
      latestRevision === 0
        ? undefined
        : await tables
            .selectFrom('activated_licenses')
            .selectAll()
            .where('registration_key', '=', registrationKey)
            .where('revision', '=', latestRevision)
            .executeTakeFirstOrThrow();
    const merged = mergeOrderItems(previous?.items ?? [], order.items, by.now);
    if (!merged.ok) throw new AirlockError(merged.code, merged.detail);
    const issued = await issueActivatedLicense(
      {
        registrationKey,
        customerId: order.customer_id,
        activatedLrn: lrn,
        items: merged.value,
        previous: previous ? { jti: previous.id, registrationKey, revision: previous.revision, lrns: previous.lrns } : null,
      },
      { now: by.now, random: deps.random, signer },
    );
    const { claims } = issued;
    const row = await tables
      .insertInto('activated_licenses')
      .values({
        id: claims.jti,
        registration_key: registrationKey,
        customer_id: order.customer_id,
        revision: claims.revision,
        order_id: order.id,
        activated_lrn: lrn,
        lrns: JSON.stringify(claims.lrns),
        items: JSON.stringify(claims.items),
        text: issued.text,
        issued_at: by.now,
        issued_by: by.actor,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tables.updateTable('registration_keys').set({ latest_revision: claims.revision }).where('registration_key', '=', registrationKey).execute();
    await recordAudit(trx, {
      ...by,
      action: 'order.activate',
      objectType: 'order',
      objectId: order.id,
      after: { lrn, registrationKey, licenseId: claims.jti, revision: claims.revision, answers: claims.answers, items: claims.items, lrns: claims.lrns },
      at: by.now,
    });
    return activationOf(row, order, claims.revision, false);
  });
}

/**
 * Creates the RK's row on its first activation and locks it; returns its latest revision.
 * Insert-then-lock: two first activations of one RK both insert, one waits for the other's
 * commit, finds the row there and locks it after.
 */
async function lockRegistrationKey(tables: Transaction<OrdersDatabase>, registrationKey: string, customerId: string, now: Date): Promise<number> {
  await tables
    .insertInto('registration_keys')
    .values({ registration_key: registrationKey, customer_id: customerId, latest_revision: 0, first_activated_at: now })
    .onConflict((conflict) => conflict.column('registration_key').doNothing())
    .execute();
  const locked = await tables.selectFrom('registration_keys').selectAll().where('registration_key', '=', registrationKey).forUpdate().executeTakeFirstOrThrow();
  if (locked.customer_id !== customerId) throw new AirlockError('REGISTRATION_KEY_OTHER_CUSTOMER', {});
  return locked.latest_revision;
}

async function latestRevisionOf(tables: Transaction<OrdersDatabase>, registrationKey: string): Promise<number> {
  const row = await tables.selectFrom('registration_keys').select('latest_revision').where('registration_key', '=', registrationKey).executeTakeFirstOrThrow();
  return row.latest_revision;
}

function activationOf(row: Selectable<ActivatedLicenseTable>, order: Selectable<OrderTable>, latestRevision: number, repeated: boolean): Activation {
  return {
    orderId: order.id,
    customerId: order.customer_id,
    lrn: order.lrn,
    registrationKey: row.registration_key,
    text: row.text,
    licenseId: row.id,
    revision: row.revision,
    latestRevision,
    items: row.items,
    lrns: row.lrns,
    activatedAt: row.issued_at.toISOString(),
    repeated,
  };
}
