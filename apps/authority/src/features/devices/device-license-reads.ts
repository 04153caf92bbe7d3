import { AirlockError, type LicensingPolicy } from '@airlock/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { DeviceActivationTable, DeviceLicenseOverrides, VendorDeactivationReason } from '../../db/schema.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { effectiveSettings, type DeviceLicenseRow, type EffectiveSettings } from './device-license-model.ts';
import { meterTotals, type MeterTotals } from './meter-allotments.ts';

/** A device the vendor blocked on a license. */
export interface BlockedDevice {
  readonly fingerprint: string;
  readonly reason: string | null;
  readonly blockedAt: string;
  readonly blockedBy: string;
}

/** One device's activation of a license, as the vendor and the customer see it. */
export interface ActivationView {
  readonly id: string;
  readonly status: 'active' | 'deactivated';
  readonly fingerprint: string;
  readonly deviceKeyThumbprint: string;
  readonly deviceName: string | null;
  /** null for an activation by typed codes. */
  readonly sdkVersion: string | null;
  readonly appVersion: string | null;
  readonly channel: 'offline' | 'online' | 'code';
  /** The revision of the latest license file issued to the device. */
  readonly revision: number;
  readonly licenseFileId: string;
  readonly activatedAt: string;
  readonly lastSeenAt: string;
  readonly deactivatedAt: string | null;
  /** The device variables its deactivation returned. */
  readonly variables: { name: string; value: string }[] | null;
  /** Who activated it: the device (by its key) or, on a user-based license, the license user. */
  readonly activatedBy: string;
  /** Who freed the slot: the device's key, or the vendor's user or token; null while active. */
  readonly deactivatedBy: string | null;
  /** `device`: its own deactivation file; `vendor`: the vendor freed the slot. */
  readonly deactivationSource: 'device' | 'vendor' | null;
  /** Why the vendor freed it. */
  readonly deactivationReason: VendorDeactivationReason | null;
  /** The vendor freed the slot of a device activated offline that never talked online, which cannot be told: it may still run. */
  readonly deviceMayStillRun: boolean;
  /** When the device last validated or checked in online (or activated online); null: never. */
  readonly lastOnlineAt: string | null;
  /** What the device said at its latest activation of where it runs; null when it did not say (an older SDK). */
  readonly environment: { readonly virtualMachine: boolean; readonly container: boolean } | null;
}

/** A device license as the API shows it: never its key, never a password hash. */
export interface DeviceLicenseView {
  readonly id: string;
  readonly productId: string;
  /** null for a trial: it belongs to no customer (docs/devices.md, "Trials"). */
  readonly customerId: string | null;
  /** null for a trial under the default settings. */
  readonly policyId: string | null;
  readonly credential: 'license-key' | 'user' | 'trial';
  /** The key's last group (key-based licenses). */
  readonly licenseKeyHint: string | null;
  /** The settings the license sets itself; the others come from its policy. */
  readonly overrides: DeviceLicenseOverrides;
  /** The settings in force. */
  readonly settings: EffectiveSettings;
  readonly expiresAt: string | null;
  readonly entitlements: DeviceLicenseRow['entitlements'];
  readonly metadata: DeviceLicenseRow['metadata'];
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set while the vendor suspends the license. */
  readonly suspension: { readonly at: string; readonly by: string; readonly reason: string | null } | null;
  /** Device fingerprints the vendor blocked on the license. */
  readonly blockedDevices: BlockedDevice[];
  readonly users: { id: string; username: string; createdAt: string }[];
  readonly activeActivations: number;
  readonly activations: ActivationView[];
  /** Consumption the devices reported (usage reports and deactivations), per meter. */
  readonly usage: { meter: string; total: number }[];
  /** Each meter's counted total, limit, overage allowance and what the devices hold reserved. */
  readonly meters: MeterTotals[];
}

/**
 * One device license with its users, activations and usage; NOT_FOUND when there is none (or,
 * with `customerId`, when it belongs to another customer).
 *
 * @example
 * ```ts
 * const license = await getDeviceLicense(db, licenseId);
 * ```
 */
export async function getDeviceLicense(db: Db, licenseId: string, customerId?: string): Promise<DeviceLicenseView> {
  const row = await db.selectFrom('device_licenses').selectAll().where('id', '=', licenseId).executeTakeFirst();
  if (!row || (customerId !== undefined && row.customer_id !== customerId)) throw new AirlockError('NOT_FOUND', { license: licenseId });
  const [view] = await viewsOf(db, [row]);
  return view!;
}

/** Device licenses, newest first, narrowed to a customer and a product when given. */
export async function listDeviceLicenses(db: Db, filter: { customerId?: string | undefined; productId?: string | undefined }): Promise<DeviceLicenseView[]> {
  let query = db.selectFrom('device_licenses').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  if (filter.productId !== undefined) query = query.where('product_id', '=', filter.productId);
  return viewsOf(db, await query.execute());
}

/** The customer's device licenses; NOT_FOUND for an unknown customer. */
export async function listCustomerDeviceLicenses(db: Db, customerId: string): Promise<DeviceLicenseView[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return (await listDeviceLicenses(db, { customerId })).map(asCustomerSees);
}

/**
 * The device licenses list's sorts and search (README, "Lists: pages, sorts and search"):
 * newest first by default, or by id; `q` is a prefix of the license id. Every vendor-wide
 * list leaves out the total (a count of a million licenses is not cheap); a customer's list
 * counts it.
 */
export const DEVICE_LICENSE_LIST: ListSpec<'createdAt' | 'id'> = {
  id: 'id',
  idType: 'text',
  sorts: { createdAt: { expression: 'created_at', type: 'timestamptz' }, id: { expression: 'id', type: 'text' } },
  defaultSort: '-createdAt',
  search: ['id'],
  total: false,
};
export const CUSTOMER_DEVICE_LICENSE_LIST: ListSpec<'createdAt' | 'id'> = { ...DEVICE_LICENSE_LIST, total: true };

/**
 * One page of device licenses, filtered by customer or product, with their activations and
 * usage read for that page only.
 *
 * @example
 * ```ts
 * const { items, next } = await listDeviceLicensePage(db, { productId: 'studio' }, readPaging(DEVICE_LICENSE_LIST, { limit: '100' }));
 * ```
 */
export async function listDeviceLicensePage(
  db: Db,
  filter: { customerId?: string | undefined; productId?: string | undefined },
  paging: Paging,
  spec: ListSpec = DEVICE_LICENSE_LIST,
): Promise<Page<DeviceLicenseView>> {
  let query = db.selectFrom('device_licenses').selectAll();
  if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
  if (filter.productId !== undefined) query = query.where('product_id', '=', filter.productId);
  const { rows, next, total } = await fetchPage(query, spec, paging);
  return { items: await viewsOf(db, rows), next, ...(total === undefined ? {} : { total }) };
}

/** One page of the customer's device licenses, with the total; NOT_FOUND for an unknown customer. */
export async function listCustomerDeviceLicensePage(db: Db, customerId: string, paging: Paging): Promise<Page<DeviceLicenseView>> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const page = await listDeviceLicensePage(db, { customerId }, paging, CUSTOMER_DEVICE_LICENSE_LIST);
  return { ...page, items: page.items.map(asCustomerSees) };
}

/**
 * The activations list of one license (README, "Lists: pages, sorts and search"): newest
 * first by default, or by when the device was last seen; `q` is a prefix of the device's
 * fingerprint or name. Counted: one license's activations.
 */
export const ACTIVATION_LIST: ListSpec<'activatedAt' | 'lastSeenAt'> = {
  id: 'id',
  idType: 'text',
  sorts: {
    activatedAt: { expression: 'activated_at', type: 'timestamptz' },
    lastSeenAt: { expression: 'last_seen_at', type: 'timestamptz' },
  },
  defaultSort: '-activatedAt',
  search: ['lower(fingerprint)', 'lower(device_name)'],
  total: true,
};

/** One page of a device license's activations, active and freed; NOT_FOUND for an unknown license. */
export async function listActivationPage(db: Db, licenseId: string, paging: Paging): Promise<Page<ActivationView>> {
  const license = await db.selectFrom('device_licenses').select('id').where('id', '=', licenseId).executeTakeFirst();
  if (!license) throw new AirlockError('NOT_FOUND', { license: licenseId });
  const query = db.selectFrom('device_activations').selectAll().where('license_id', '=', licenseId);
  const { rows, next, total } = await fetchPage(query, ACTIVATION_LIST, paging);
  return { items: rows.map(activationView), next, ...(total === undefined ? {} : { total }) };
}

/**
 * A license as its customer sees it: what the vendor did stays visible, but not which of the
 * vendor's staff or tokens did it (`admin:<id>`, `token:<id>` read `vendor`); devices and
 * license users are the customer's own and keep their names.
 */
function asCustomerSees(view: DeviceLicenseView): DeviceLicenseView {
  const actor = (name: string): string => (name.startsWith('admin:') || name.startsWith('token:') ? 'vendor' : name);
  return {
    ...view,
    suspension: view.suspension === null ? null : { ...view.suspension, by: actor(view.suspension.by) },
    blockedDevices: view.blockedDevices.map((block) => ({ ...block, blockedBy: actor(block.blockedBy) })),
    activations: view.activations.map((activation) => ({
      ...activation,
      deactivatedBy: activation.deactivatedBy === null ? null : actor(activation.deactivatedBy),
    })),
  };
}

async function viewsOf(db: Db, rows: readonly DeviceLicenseRow[]): Promise<DeviceLicenseView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [users, activations, usage, blocks, policies] = await Promise.all([
    db.selectFrom('device_license_users').select(['id', 'license_id', 'username', 'created_at']).where('license_id', 'in', ids).orderBy('username').execute(),
    db.selectFrom('device_activations').selectAll().where('license_id', 'in', ids).orderBy('activated_at').orderBy('id').execute(),
    db.selectFrom('device_license_usage').selectAll().where('license_id', 'in', ids).orderBy('meter').execute(),
    db.selectFrom('device_blocks').selectAll().where('license_id', 'in', ids).orderBy('blocked_at').orderBy('fingerprint').execute(),
    loadPolicies(db, rows),
  ]);
  const totals = await meterTotals(
    db,
    rows.map((row) => ({ row, settings: effectiveSettings(row, policies.get(row.policy_id)!) })),
  );
  return rows.map((row) => {
    const own = activations.filter((activation) => activation.license_id === row.id).map(activationView);
    return {
      id: row.id,
      productId: row.product_id,
      customerId: row.customer_id,
      policyId: row.policy_id,
      credential: row.credential,
      licenseKeyHint: row.license_key_hint,
      overrides: row.overrides,
      settings: effectiveSettings(row, policies.get(row.policy_id)!),
      expiresAt: row.expires_at?.toISOString() ?? null,
      entitlements: row.entitlements,
      metadata: row.metadata,
      revision: row.revision,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      suspension: row.suspended_at === null ? null : { at: row.suspended_at.toISOString(), by: row.suspended_by ?? '', reason: row.suspension_reason },
      blockedDevices: blocks
        .filter((block) => block.license_id === row.id)
        .map((block) => ({ fingerprint: block.fingerprint, reason: block.reason, blockedAt: block.blocked_at.toISOString(), blockedBy: block.blocked_by })),
      users: users
        .filter((user) => user.license_id === row.id)
        .map((user) => ({ id: user.id, username: user.username, createdAt: user.created_at.toISOString() })),
      activeActivations: own.filter((activation) => activation.status === 'active').length,
      activations: own,
      usage: usage.filter((meter) => meter.license_id === row.id).map(({ meter, total }) => ({ meter, total })),
      meters: totals.get(row.id) ?? [],
    };
  });
}

async function loadPolicies(db: Db, rows: readonly DeviceLicenseRow[]): Promise<Map<string | null, LicensingPolicy>> {
  const ids = [...new Set(rows.map((row) => row.policy_id))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await loadLicensingPolicy(db, id)] as const)));
}

export function activationView(row: Selectable<DeviceActivationTable>): ActivationView {
  return {
    id: row.id,
    status: row.deactivated_at === null ? 'active' : 'deactivated',
    fingerprint: row.fingerprint,
    deviceKeyThumbprint: row.device_key_thumbprint,
    deviceName: row.device_name,
    sdkVersion: row.sdk_version,
    appVersion: row.app_version,
    channel: row.channel,
    revision: row.license_file_revision,
    licenseFileId: row.license_file_id,
    activatedAt: row.activated_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    variables: row.variables,
    activatedBy: row.activated_by,
    deactivatedBy: row.deactivated_by,
    deactivationSource: row.deactivation_source,
    deactivationReason: row.deactivation_reason,
    deviceMayStillRun: row.device_may_still_run,
    lastOnlineAt: row.last_online_at?.toISOString() ?? null,
    environment: row.virtual_machine === null || row.container === null ? null : { virtualMachine: row.virtual_machine, container: row.container },
  };
}
