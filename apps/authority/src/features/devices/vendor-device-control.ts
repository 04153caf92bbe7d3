import { AirlockError } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, VendorDeactivationReason } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import type { ActivationRow } from './device-exchange.ts';
import { activationView, getDeviceLicense, type ActivationView, type BlockedDevice, type DeviceLicenseView } from './device-license-reads.ts';
import { lockLicense } from './device-license-model.ts';

/**
 * The vendor's control over a license's devices (docs/devices.md, "Vendor control over
 * devices"): free one activation's slot, free them all, suspend and resume the license, block
 * and unblock a device. Each runs under the license's lock, writes one audit event in the same
 * transaction, and refuses (changing nothing) with NOT_FOUND for an unknown license or
 * activation, and a 409 code when it is done already.
 */

/** What the vendor freeing a slot records of it, as the audit log keeps it. */
export interface FreedSlot {
  readonly activationId: string;
  readonly fingerprint: string;
  readonly channel: 'offline' | 'online' | 'code';
  /** When the device last validated or checked in online (null: never). */
  readonly lastOnlineAt: string | null;
  /** True when the device was activated offline and never talked online: nothing can tell it, so it may still run. */
  readonly deviceMayStillRun: boolean;
}

/**
 * Frees the slots of these activations, as the vendor: each is marked deactivated by the
 * vendor, with the reason, and (activated offline and never seen online) as one whose device
 * may still run until its license ends or it next talks to the authority. The caller holds the
 * license's lock.
 */
export async function freeSlots(
  trx: Transaction<Database>,
  activations: readonly ActivationRow[],
  reason: VendorDeactivationReason,
  by: Actor,
): Promise<FreedSlot[]> {
  const freed: FreedSlot[] = [];
  for (const activation of activations) {
    // A device activated online, or one that validated or checked in online since, asks the
    // authority and learns it; one that only ever exchanged files or typed codes cannot be told.
    const deviceMayStillRun = activation.channel !== 'online' && activation.last_online_at === null;
    await trx
      .updateTable('device_activations')
      .set({
        deactivated_at: by.now,
        deactivated_by: by.actor,
        deactivation_source: 'vendor',
        deactivation_reason: reason,
        device_may_still_run: deviceMayStillRun,
      })
      .where('id', '=', activation.id)
      .where('deactivated_at', 'is', null)
      .execute();
    freed.push({
      activationId: activation.id,
      fingerprint: activation.fingerprint,
      channel: activation.channel,
      lastOnlineAt: activation.last_online_at?.toISOString() ?? null,
      deviceMayStillRun,
    });
  }
  return freed;
}

/** The license's active activations, oldest first. */
export async function activeActivations(trx: Transaction<Database>, licenseId: string): Promise<ActivationRow[]> {
  return trx
    .selectFrom('device_activations')
    .selectAll()
    .where('license_id', '=', licenseId)
    .where('deactivated_at', 'is', null)
    .orderBy('activated_at')
    .orderBy('id')
    .execute();
}

/**
 * Frees one activation's slot. An online device learns it at its next validation or check-in;
 * one activated offline that never talked online cannot be told, and the activation records
 * that it may still run.
 * Refused: NOT_FOUND (license, or an activation of another license), ACTIVATION_ALREADY_FREED.
 *
 * @example
 * ```ts
 * const activation = await deactivateActivation(db, licenseId, activationId, by); // { status: 'deactivated', deactivationSource: 'vendor', ... }
 * ```
 */
export async function deactivateActivation(db: Db, licenseId: string, activationId: string, by: Actor): Promise<ActivationView> {
  await db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const activation = await trx
      .selectFrom('device_activations')
      .selectAll()
      .where('id', '=', activationId)
      .where('license_id', '=', licenseId)
      .executeTakeFirst();
    if (!activation) throw new AirlockError('NOT_FOUND', { license: licenseId, activation: activationId });
    if (activation.deactivated_at !== null) {
      throw new AirlockError('ACTIVATION_ALREADY_FREED', {
        license: licenseId,
        activation: activationId,
        deactivatedAt: activation.deactivated_at.toISOString(),
      });
    }
    const [freed] = await freeSlots(trx, [activation], 'deactivated', by);
    await recordAudit(trx, { ...by, action: 'device.vendor-deactivate', objectType: 'device-license', objectId: licenseId, after: freed, at: by.now });
  });
  const row = await db.selectFrom('device_activations').selectAll().where('id', '=', activationId).executeTakeFirstOrThrow();
  return activationView(row);
}

/**
 * Frees every active activation of the license and answers how many. Refused:
 * NOT_FOUND, ACTIVATION_ALREADY_FREED when none is active (a reset done already).
 *
 * @example
 * ```ts
 * const { freed } = await resetDeviceLicense(db, licenseId, by); // 3
 * ```
 */
export async function resetDeviceLicense(db: Db, licenseId: string, by: Actor): Promise<{ licenseId: string; freed: number }> {
  return db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const active = await activeActivations(trx, licenseId);
    if (active.length === 0) throw new AirlockError('ACTIVATION_ALREADY_FREED', { license: licenseId, reason: 'no activation of the license is active' });
    const freed = await freeSlots(trx, active, 'reset', by);
    await recordAudit(trx, { ...by, action: 'device-license.reset', objectType: 'device-license', objectId: licenseId, after: { freed }, at: by.now });
    return { licenseId, freed: freed.length };
  });
}

/**
 * Suspends the license: activations and refreshes are refused with LICENSE_SUSPENDED, online
 * validation answers `suspended`, check-ins are counted and answer `suspended`. Activations keep
 * their slots. Refused: NOT_FOUND, LICENSE_ALREADY_SUSPENDED.
 *
 * @example
 * ```ts
 * await suspendDeviceLicense(db, licenseId, { reason: 'invoice 42 unpaid' }, by);
 * ```
 */
export async function suspendDeviceLicense(db: Db, licenseId: string, input: { readonly reason?: string | undefined }, by: Actor): Promise<DeviceLicenseView> {
  await db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, licenseId);
    if (license.suspended_at !== null) {
      throw new AirlockError('LICENSE_ALREADY_SUSPENDED', { license: licenseId, suspendedAt: license.suspended_at.toISOString() });
    }
    const reason = input.reason ?? null;
    await trx
      .updateTable('device_licenses')
      .set({ suspended_at: by.now, suspended_by: by.actor, suspension_reason: reason })
      .where('id', '=', licenseId)
      .execute();
    await recordAudit(trx, { ...by, action: 'device-license.suspend', objectType: 'device-license', objectId: licenseId, after: { reason }, at: by.now });
  });
  return getDeviceLicense(db, licenseId);
}

/**
 * Resumes a suspended license: devices are answered as before it was suspended. Refused:
 * NOT_FOUND, LICENSE_NOT_SUSPENDED.
 *
 * @example
 * ```ts
 * await resumeDeviceLicense(db, licenseId, by);
 * ```
 */
export async function resumeDeviceLicense(db: Db, licenseId: string, by: Actor): Promise<DeviceLicenseView> {
  await db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, licenseId);
    if (license.suspended_at === null) throw new AirlockError('LICENSE_NOT_SUSPENDED', { license: licenseId });
    await trx.updateTable('device_licenses').set({ suspended_at: null, suspended_by: null, suspension_reason: null }).where('id', '=', licenseId).execute();
    await recordAudit(trx, {
      ...by,
      action: 'device-license.resume',
      objectType: 'device-license',
      objectId: licenseId,
      before: { suspendedAt: license.suspended_at.toISOString(), suspendedBy: license.suspended_by, reason: license.suspension_reason },
      at: by.now,
    });
  });
  return getDeviceLicense(db, licenseId);
}

/**
 * Blocks a device fingerprint on the license: its active activations are freed (reason
 * `blocked`), its activation requests are refused with DEVICE_BLOCKED, and online validation
 * answers it `blocked`. Refused: NOT_FOUND, DEVICE_ALREADY_BLOCKED.
 *
 * @example
 * ```ts
 * const { freed } = await blockDevice(db, licenseId, { fingerprint: 'fp-1', reason: 'stolen laptop' }, by);
 * ```
 */
export async function blockDevice(
  db: Db,
  licenseId: string,
  input: { readonly fingerprint: string; readonly reason?: string | undefined },
  by: Actor,
): Promise<BlockedDevice & { readonly freed: number }> {
  return db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const existing = await trx
      .selectFrom('device_blocks')
      .select('blocked_at')
      .where('license_id', '=', licenseId)
      .where('fingerprint', '=', input.fingerprint)
      .executeTakeFirst();
    if (existing)
      throw new AirlockError('DEVICE_ALREADY_BLOCKED', { license: licenseId, fingerprint: input.fingerprint, blockedAt: existing.blocked_at.toISOString() });
    const reason = input.reason ?? null;
    await trx
      .insertInto('device_blocks')
      .values({ license_id: licenseId, fingerprint: input.fingerprint, reason, blocked_at: by.now, blocked_by: by.actor })
      .execute();
    const active = (await activeActivations(trx, licenseId)).filter((activation) => activation.fingerprint === input.fingerprint);
    const freed = await freeSlots(trx, active, 'blocked', by);
    await recordAudit(trx, {
      ...by,
      action: 'device.block',
      objectType: 'device-license',
      objectId: licenseId,
      after: { fingerprint: input.fingerprint, reason, freed },
      at: by.now,
    });
    return { fingerprint: input.fingerprint, reason, blockedAt: by.now.toISOString(), blockedBy: by.actor, freed: freed.length };
  });
}

/**
 * Unblocks a device: it may be activated again (its freed activations stay freed). Refused:
 * NOT_FOUND for an unknown license or a fingerprint not blocked on it.
 *
 * @example
 * ```ts
 * await unblockDevice(db, licenseId, 'fp-1', by);
 * ```
 */
export async function unblockDevice(db: Db, licenseId: string, fingerprint: string, by: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const removed = await trx
      .deleteFrom('device_blocks')
      .where('license_id', '=', licenseId)
      .where('fingerprint', '=', fingerprint)
      .returningAll()
      .executeTakeFirst();
    if (!removed) throw new AirlockError('NOT_FOUND', { license: licenseId, blockedDevice: fingerprint });
    await recordAudit(trx, {
      ...by,
      action: 'device.unblock',
      objectType: 'device-license',
      objectId: licenseId,
      before: { fingerprint, reason: removed.reason, blockedAt: removed.blocked_at.toISOString(), blockedBy: removed.blocked_by },
      at: by.now,
    });
  });
}

/**
 * DEVICE_BLOCKED when the vendor blocked the fingerprint on the license: every way of
 * activating (a request, a trial, typed codes) asks this before the licensing rules.
 */
export async function refuseBlocked(trx: Transaction<Database>, licenseId: string, fingerprint: string): Promise<void> {
  if (await isBlocked(trx, licenseId, fingerprint)) throw new AirlockError('DEVICE_BLOCKED', { license: licenseId, fingerprint });
}

/** Whether the fingerprint is blocked on the license. */
export async function isBlocked(db: Db | Transaction<Database>, licenseId: string, fingerprint: string): Promise<boolean> {
  const row = await db
    .selectFrom('device_blocks')
    .select('fingerprint')
    .where('license_id', '=', licenseId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return row !== undefined;
}
