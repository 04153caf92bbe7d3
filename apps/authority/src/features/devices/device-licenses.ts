import { AirlockError, generateLicenseKey, type DeviceEntitlements, type LicenseKind, type LicenseKey, type Random } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import { hashPassword } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database, DeviceLicenseOverrides } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { isUniqueViolation } from '../accounts/accounts.ts';
import type { Actor } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { hashLicenseKey, licenseKeyHint } from './device-credentials.ts';
import { getDeviceLicense, type DeviceLicenseView } from './device-license-reads.ts';
import { effectiveSettings, lockLicense, type DeviceLicenseRow } from './device-license-model.ts';

type NamedValues = { name: string; value: string }[];

/** What the vendor may set on a device license beyond what it is for; each setting is optional. */
export interface DeviceLicenseSettings {
  /** The policy settings this license overrides (kind, allowOffline, maxActivations); the rest are inherited. */
  readonly overrides?: DeviceLicenseOverrides | undefined;
  /** Whether devices may use the authority's device API for this license (default true). */
  readonly allowOnline?: boolean | undefined;
  /** When the license ends (ISO 8601), or null for never. Required by term, pilot and temporary licenses. */
  readonly expiresAt?: string | null | undefined;
  readonly entitlements?: DeviceEntitlements | undefined;
  readonly metadata?: NamedValues | undefined;
}

export interface NewDeviceLicense extends DeviceLicenseSettings {
  readonly productId: string;
  readonly customerId: string;
  /** The policy it is created from; the customer's policy when left out. */
  readonly policyId?: string | undefined;
  readonly credential: 'license-key' | 'user';
  /** The users of a user-based license (at least one); none for a key-based one. */
  readonly users?: readonly { readonly username: string; readonly password: string }[] | undefined;
}

export interface LicenseUserInput {
  readonly username: string;
  readonly password: string;
}

/** A created license; `licenseKey` is shown this once and kept only as a hash. */
export type CreatedDeviceLicense = DeviceLicenseView & { readonly licenseKey?: string };

/**
 * Creates a device license for a product and a customer from a policy (docs/design.md, F4). A key-based
 * license gets a new license key, returned here and never again; a user-based one gets its
 * users, whose passwords are kept as argon2id hashes. Refusals, each writing nothing:
 * REQUEST_INVALID (a name listed twice, users on a key-based license or none on a user-based
 * one, an end that does not fit the kind or is not after now), NOT_FOUND (product, customer or policy), CONFLICT (a
 * user name the product already has).
 *
 * @example
 * ```ts
 * const { id, licenseKey } = await createDeviceLicense(db,
 *   { productId: 'studio', customerId: 'acme', credential: 'license-key', expiresAt: '2027-11-23T00:00:00Z',
 *     entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] } },
 *   { ...by, random });
 * ```
 */
export async function createDeviceLicense(db: Db, input: NewDeviceLicense, by: Actor & { readonly random: Random }): Promise<CreatedDeviceLicense> {
  checkSettings(input);
  checkNotPast(input.expiresAt, by.now);
  const users = await hashUsers(input, by.random);
  const id = newDocumentId(by.random);
  const key = input.credential === 'license-key' ? generateLicenseKey(by.random) : undefined;
  try {
    await db.transaction().execute(async (trx) => {
      const policyId = await requireOwners(trx, input);
      const row = licenseRow(input, { id, policyId, key, by });
      await checkExpiryFitsKind(trx, row);
      await trx
        .insertInto('device_licenses')
        .values({ ...row, overrides: JSON.stringify(row.overrides), entitlements: JSON.stringify(row.entitlements), metadata: JSON.stringify(row.metadata) })
        .execute();
      for (const user of users) {
        await trx
          .insertInto('device_license_users')
          .values({
            id: newDocumentId(by.random),
            license_id: id,
            product_id: input.productId,
            username: user.username,
            password_hash: user.passwordHash,
            created_at: by.now,
          })
          .execute();
      }
      await recordAudit(trx, {
        ...by,
        action: 'device-license.create',
        objectType: 'device-license',
        objectId: id,
        after: {
          ...auditedSettings(row),
          productId: input.productId,
          customerId: input.customerId,
          credential: input.credential,
          users: users.map((user) => user.username),
        },
        at: by.now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AirlockError('CONFLICT', { reason: 'a user name is taken for this product' });
    throw error;
  }
  const view = await getDeviceLicense(db, id);
  return key === undefined ? view : { ...view, licenseKey: key };
}

/**
 * Edits a device license: every setting given replaces the one stored (`overrides` as a
 * whole), and the revision goes up by one, so devices see a newer license to refresh to.
 * With `expectedRevision`, an edit of a license changed meanwhile is CONFLICT; a new end that is
 * not after now is REQUEST_INVALID.
 *
 * @example
 * ```ts
 * await editDeviceLicense(db, id, { entitlements: { features: ['export', 'batch'], meters: [] } }, by);
 * ```
 */
export async function editDeviceLicense(
  db: Db,
  licenseId: string,
  edit: DeviceLicenseSettings & { readonly expectedRevision?: number | undefined },
  by: Actor,
): Promise<DeviceLicenseView> {
  checkSettings(edit);
  checkNotPast(edit.expiresAt, by.now);
  await db.transaction().execute(async (trx) => {
    const before = await lockLicense(trx, licenseId);
    if (edit.expectedRevision !== undefined && edit.expectedRevision !== before.revision) {
      throw new AirlockError('CONFLICT', { license: licenseId, expectedRevision: edit.expectedRevision, revision: before.revision });
    }
    const after: DeviceLicenseRow = {
      ...before,
      ...(edit.overrides === undefined ? {} : { overrides: { ...edit.overrides } }),
      ...(edit.allowOnline === undefined ? {} : { allow_online: edit.allowOnline }),
      ...(edit.expiresAt === undefined ? {} : { expires_at: parseInstant(edit.expiresAt) }),
      ...(edit.entitlements === undefined ? {} : { entitlements: edit.entitlements }),
      ...(edit.metadata === undefined ? {} : { metadata: edit.metadata }),
      revision: before.revision + 1,
      updated_at: by.now,
    };
    await checkExpiryFitsKind(trx, after);
    await trx
      .updateTable('device_licenses')
      .set({
        overrides: JSON.stringify(after.overrides),
        allow_online: after.allow_online,
        expires_at: after.expires_at,
        entitlements: JSON.stringify(after.entitlements),
        metadata: JSON.stringify(after.metadata),
        revision: after.revision,
        updated_at: after.updated_at,
      })
      .where('id', '=', licenseId)
      .execute();
    await recordAudit(trx, {
      ...by,
      action: 'device-license.edit',
      objectType: 'device-license',
      objectId: licenseId,
      before: auditedSettings(before),
      after: auditedSettings(after),
      at: by.now,
    });
  });
  return getDeviceLicense(db, licenseId);
}

/**
 * Adds a user to a user-based license. REQUEST_INVALID on a key-based license, CONFLICT when
 * the product already has a user of that name.
 *
 * @example
 * ```ts
 * await addLicenseUser(db, id, { username: 'ada', password: 'correct horse battery' }, { ...by, random });
 * ```
 */
export async function addLicenseUser(
  db: Db,
  licenseId: string,
  input: LicenseUserInput,
  by: Actor & { readonly random: Random },
): Promise<{ id: string; username: string; createdAt: string }> {
  const passwordHash = await hashPassword(input.password, by.random);
  const user = { id: newDocumentId(by.random), username: input.username, createdAt: by.now.toISOString() };
  try {
    await db.transaction().execute(async (trx) => {
      const license = await lockLicense(trx, licenseId);
      if (license.credential !== 'user') throw new AirlockError('REQUEST_INVALID', { field: 'username', reason: 'a key-based license has no users' });
      await trx
        .insertInto('device_license_users')
        .values({
          id: user.id,
          license_id: licenseId,
          product_id: license.product_id,
          username: input.username,
          password_hash: passwordHash,
          created_at: by.now,
        })
        .execute();
      await recordAudit(trx, {
        ...by,
        action: 'device-license.user-add',
        objectType: 'device-license',
        objectId: licenseId,
        after: { userId: user.id, username: input.username },
        at: by.now,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AirlockError('CONFLICT', { username: input.username, reason: 'a user name is taken for this product' });
    throw error;
  }
  return user;
}

function licenseRow(input: NewDeviceLicense, made: { id: string; policyId: string; key: LicenseKey | undefined; by: Actor }): DeviceLicenseRow {
  return {
    id: made.id,
    product_id: input.productId,
    customer_id: input.customerId,
    policy_id: made.policyId,
    credential: input.credential,
    license_key_hash: made.key === undefined ? null : hashLicenseKey(made.key),
    license_key_hint: made.key === undefined ? null : licenseKeyHint(made.key),
    overrides: { ...input.overrides },
    allow_online: input.allowOnline ?? true,
    expires_at: parseInstant(input.expiresAt ?? null),
    entitlements: input.entitlements ?? { features: [], meters: [] },
    metadata: input.metadata ?? [],
    revision: 1,
    created_at: made.by.now,
    created_by: made.by.actor,
    updated_at: made.by.now,
    suspended_at: null,
    suspended_by: null,
    suspension_reason: null,
  };
}

/** The product, the customer and the policy exist; the policy id in force (the customer's by default). */
async function requireOwners(trx: Transaction<Database>, input: NewDeviceLicense): Promise<string> {
  const [product, customer] = await Promise.all([
    trx.selectFrom('products').select('id').where('id', '=', input.productId).executeTakeFirst(),
    trx.selectFrom('customers').select(['id', 'policy_id']).where('id', '=', input.customerId).executeTakeFirst(),
  ]);
  if (!product) throw new AirlockError('NOT_FOUND', { product: input.productId });
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: input.customerId });
  const policyId = input.policyId ?? customer.policy_id;
  const policy = await trx.selectFrom('policies').select('id').where('id', '=', policyId).executeTakeFirst();
  if (!policy) throw new AirlockError('NOT_FOUND', { policy: policyId });
  return policyId;
}

/** Kinds whose licenses always end; a permanent one never does (as the device files require). */
const ALWAYS_ENDS: readonly LicenseKind[] = ['term', 'pilot', 'temporary'];

async function checkExpiryFitsKind(trx: Transaction<Database>, row: DeviceLicenseRow): Promise<void> {
  const { kind } = effectiveSettings(row, await loadLicensingPolicy(trx, row.policy_id));
  if (kind === 'permanent' && row.expires_at !== null) {
    throw new AirlockError('REQUEST_INVALID', { field: 'expiresAt', reason: 'a permanent license has no end' });
  }
  if (ALWAYS_ENDS.includes(kind) && row.expires_at === null) {
    throw new AirlockError('REQUEST_INVALID', { field: 'expiresAt', reason: `a ${kind} license must end: give expiresAt` });
  }
}

/**
 * An end given now must lie ahead: a license made (or edited) to have already ended could only
 * be refused by every device, as an order item that expires before today is refused. A license
 * that has ended may still be edited in other respects, and renewed with a later end.
 */
function checkNotPast(expiresAt: string | null | undefined, now: Date): void {
  if (expiresAt === undefined || expiresAt === null) return;
  const end = parseInstant(expiresAt);
  if (end !== null && end.getTime() <= now.getTime()) {
    throw new AirlockError('REQUEST_INVALID', {
      field: 'expiresAt',
      reason: `is not after now (${now.toISOString()}): a license must not end before it is used`,
    });
  }
}

/** Checks that need no database: names listed once, users where the credential needs them. */
function checkSettings(input: DeviceLicenseSettings & { credential?: 'license-key' | 'user'; users?: readonly { username: string }[] | undefined }): void {
  if (input.entitlements) {
    checkOnce(input.entitlements.features, 'entitlements.features');
    checkOnce(
      input.entitlements.meters.map((m) => m.meter),
      'entitlements.meters',
    );
  }
  if (input.metadata)
    checkOnce(
      input.metadata.map((m) => m.name),
      'metadata',
    );
  if (input.credential === undefined) return;
  const users = input.users ?? [];
  if (input.credential === 'license-key' && users.length > 0)
    throw new AirlockError('REQUEST_INVALID', { field: 'users', reason: 'a key-based license has no users' });
  if (input.credential === 'user' && users.length === 0)
    throw new AirlockError('REQUEST_INVALID', { field: 'users', reason: 'a user-based license needs at least one user' });
  checkOnce(
    users.map((user) => user.username),
    'users',
  );
}

/** REQUEST_INVALID naming the field when a name is listed twice. */
export function checkOnce(names: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new AirlockError('REQUEST_INVALID', { field, reason: `${name} is listed twice` });
    seen.add(name);
  }
}

/** An ISO 8601 instant, or null; DATE_INVALID naming the field (`expiresAt` by default) otherwise. */
export function parseInstant(text: string | null, field = 'expiresAt'): Date | null {
  if (text === null) return null;
  const instant = new Date(text);
  if (Number.isNaN(instant.getTime())) throw new AirlockError('DATE_INVALID', { field, value: text });
  return instant;
}

async function hashUsers(input: NewDeviceLicense, random: Random): Promise<{ username: string; passwordHash: string }[]> {
  const users: { username: string; passwordHash: string }[] = [];
  for (const user of input.users ?? []) users.push({ username: user.username, passwordHash: await hashPassword(user.password, random) });
  return users;
}

/** What the audit log keeps of a license's settings: everything but secrets. */
function auditedSettings(row: DeviceLicenseRow) {
  return {
    policyId: row.policy_id,
    overrides: row.overrides,
    allowOnline: row.allow_online,
    expiresAt: row.expires_at?.toISOString() ?? null,
    entitlements: row.entitlements,
    metadata: row.metadata,
    revision: row.revision,
  };
}
