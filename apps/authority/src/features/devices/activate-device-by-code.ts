import { AirlockError, activationCodeSecret, checkInitializationCode, issueActivationCode, parseLicenseKey, type InitializationCode } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { hashLicenseKey } from './device-credentials.ts';
import { enforce, type DeviceExchangeDeps, type DeviceRequestContext } from './device-exchange.ts';
import { factsOf, lockLicense, type DeviceLicenseRow } from './device-license-model.ts';
import { checkActivation } from './device-rules.ts';
import { refuseBlocked } from './vendor-device-control.ts';

/** A device activated by typed codes: its activation, and the activation code to type into it. */
export interface CodeActivation {
  readonly activationId: string;
  readonly licenseId: string;
  /** `XXXXXX-XXXXXX-XXXXXX`, for the person to type into the device. */
  readonly activationCode: string;
  /** The end the code carries (the next UTC midnight at or after the license's end), or null. */
  readonly validUntil: string | null;
  /** The features the code carries, in the order of the product's code features. */
  readonly features: string[];
  readonly revision: number;
}

/**
 * Activates a device by typed codes on the portal (docs/devices.md, "Activation by typed
 * codes"): the person types the license key and the initialization code the device shows, and
 * gets the activation code to type back. In this order:
 * 1. the initialization code reads (ACTIVATION_CODE_INVALID), the license key reads
 *    (LICENSE_KEY_MALFORMED) and names a key-based license (LICENSE_KEY_UNKNOWN); the license's
 *    rate limit is counted;
 * 2. under the license's lock, the offline rules (`checkActivation` on the offline channel):
 *    OFFLINE_NOT_ALLOWED, SUBSCRIPTION_NOT_OFFLINE, LICENSE_EXPIRED, ACTIVATIONS_EXHAUSTED.
 * A device id already active on the license keeps its slot (judged as a refresh): the same
 * initialization code again answers the same activation code while the license is unchanged,
 * and a new one from that device moves its activation to it. Each answer is audited.
 *
 * @example
 * ```ts
 * const { activationCode } = await activateDeviceByCode(deps, { licenseKey, initializationCode: '1H8X-SEV4-MAPP-JY4V' }, { now, admit });
 * ```
 */
export async function activateDeviceByCode(
  deps: DeviceExchangeDeps,
  input: { readonly licenseKey: string; readonly initializationCode: string },
  context: DeviceRequestContext,
): Promise<CodeActivation> {
  const read = checkInitializationCode(input.initializationCode);
  if (!read.ok) throw new AirlockError(read.code, read.detail);
  const initialization = read.value;
  const found = await licenseOfKey(deps.db, input.licenseKey);
  context.admit(found.id);
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, found.id);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    const active = await trx.selectFrom('device_activations').selectAll().where('license_id', '=', license.id).where('deactivated_at', 'is', null).execute();
    const existing = active.find((activation) => activation.channel === 'code' && activation.code_device_id === initialization.deviceId);
    // A code activation's fingerprint is its placeholder, `code:<device id>` (`insertCodeActivation`).
    await refuseBlocked(trx, license.id, `code:${initialization.deviceId}`);
    enforce(checkActivation({ ...factsOf(license, policy), activeActivations: active.length }, 'offline', existing !== undefined, context.now));
    const issued = issueActivationCode({
      secret: codeSecretOf(license),
      initialization,
      validUntil: license.expires_at,
      features: license.entitlements.features,
      codeFeatures: await codeFeaturesOf(trx, license.product_id),
    });
    const codeId = newDocumentId(deps.random);
    const by = { actor: codeActor(initialization), now: context.now, requestId: context.requestId };
    const activationId = existing?.id ?? newDocumentId(deps.random);
    if (existing) {
      await trx
        .updateTable('device_activations')
        .set({ initialization_code: initialization.text, license_file_id: codeId, license_file_revision: license.revision, last_seen_at: context.now })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await insertCodeActivation(trx, {
        id: activationId,
        licenseId: license.id,
        initialization,
        codeId,
        revision: license.revision,
        actor: by.actor,
        now: context.now,
      });
    }
    await recordAudit(trx, {
      ...by,
      action: existing ? 'device.reactivate' : 'device.activate',
      objectType: 'device-license',
      objectId: license.id,
      after: {
        activationId,
        channel: 'code',
        deviceId: initialization.deviceId,
        initializationCode: initialization.text,
        activationCodeId: codeId,
        validUntil: issued.validUntil?.toISOString() ?? null,
        features: issued.features,
        revision: license.revision,
      },
      at: context.now,
    });
    return {
      activationId,
      licenseId: license.id,
      activationCode: issued.text,
      validUntil: issued.validUntil?.toISOString() ?? null,
      features: [...issued.features],
      revision: license.revision,
    };
  });
}

/**
 * The key-based license a typed license key names, of any product (the portal's code pages ask
 * for no product): LICENSE_KEY_MALFORMED for a mistyped key, LICENSE_KEY_UNKNOWN for one no
 * license has.
 */
export async function licenseOfKey(db: Db, typed: string): Promise<{ readonly id: string }> {
  const row = await db
    .selectFrom('device_licenses')
    .select('id')
    .where('license_key_hash', '=', hashLicenseKey(parseLicenseKey(typed)))
    .executeTakeFirst();
  if (!row) throw new AirlockError('LICENSE_KEY_UNKNOWN', {});
  return row;
}

/**
 * The MAC key of the license's codes, from the SHA-256 of its key the authority keeps: so
 * whoever reads the database can make codes for the license, as they could activate with the
 * key itself (docs/formats.md §7.2).
 */
export function codeSecretOf(license: DeviceLicenseRow): Uint8Array {
  if (license.license_key_hash === null) throw new Error(`license ${license.id} has no key`);
  return activationCodeSecret(Buffer.from(license.license_key_hash, 'hex'), license.product_id);
}

/**
 * The product's code features: the ids of its license types of category `feature`, in the
 * order they were added to the catalogue, so that a feature type added later never moves the
 * bit of an earlier one. Applications list the same ids, in the same order, as `codeFeatures`.
 */
async function codeFeaturesOf(db: Db, productId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('license_types')
    .select('id')
    .where('product_id', '=', productId)
    .where('category', '=', 'feature')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The audit log's name for a device known only by its initialization codes. */
export function codeActor(initialization: Pick<InitializationCode, 'deviceId'>): string {
  return `device:code:${initialization.deviceId}`;
}

async function insertCodeActivation(
  trx: Transaction<Database>,
  made: { id: string; licenseId: string; initialization: InitializationCode; codeId: string; revision: number; actor: string; now: Date },
): Promise<void> {
  // No real device key thumbprint contains a colon: `code:` keeps these apart from devices that
  // proved a key, and the index of one active activation per device holds one per device id.
  const placeholder = `code:${made.initialization.deviceId}`;
  await trx
    .insertInto('device_activations')
    .values({
      id: made.id,
      license_id: made.licenseId,
      fingerprint: placeholder,
      device_key_thumbprint: placeholder,
      device_signing_key: null,
      device_encryption_key: null,
      device_name: null,
      sdk_version: null,
      app_version: null,
      channel: 'code',
      code_device_id: made.initialization.deviceId,
      initialization_code: made.initialization.text,
      license_file_id: made.codeId,
      license_file_revision: made.revision,
      activated_at: made.now,
      activated_by: made.actor,
      last_seen_at: made.now,
      deactivated_at: null,
      variables: null,
    })
    .execute();
}
