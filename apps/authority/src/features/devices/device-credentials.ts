import { AirlockError, licenseKeyDigest, parseLicenseKey, type DeviceCredential, type LicenseKey } from '@airlock/core';
import { verifyAgainstDummy, verifyPassword } from '@airlock/http';
import type { Db } from '../../db/database.ts';

/**
 * How an activation request's credential names its license. A license key is a random 120-bit
 * secret, so its plain SHA-256 is what is stored and looked up (a dictionary gains nothing);
 * a user name names a license user of the product, whose password is an argon2id hash.
 */

/** The stored form of a license key: SHA-256 (hex) of its canonical spelling, the digest typed codes are keyed from. */
export function hashLicenseKey(key: LicenseKey): string {
  return Buffer.from(licenseKeyDigest(key)).toString('hex');
}

/** The key's last group: enough for people to tell keys apart, nothing to guess the rest from. */
export function licenseKeyHint(key: LicenseKey): string {
  return key.slice(-5);
}

/** The license a credential names, and for a user-based one, the user. */
export interface CredentialMatch {
  readonly licenseId: string;
  readonly user: { readonly id: string; readonly passwordHash: string } | null;
}

/**
 * Finds the license of `product` that the credential names. A license key that is mistyped is
 * LICENSE_KEY_MALFORMED; one no license of this product has is LICENSE_KEY_UNKNOWN. An unknown
 * user name answers undefined: the caller refuses it as it refuses a wrong password, so the
 * answer does not tell which names exist. A trial names the trial this fingerprint started
 * (undefined when it started none): the device's key, checked by the caller, proves the rest.
 */
export async function findLicenseByCredential(
  db: Db,
  product: string,
  credential: DeviceCredential,
  fingerprint: string,
): Promise<CredentialMatch | undefined> {
  if (credential.method === 'license-key') {
    const key = parseLicenseKey(credential.licenseKey);
    const row = await db.selectFrom('device_licenses').select(['id', 'product_id']).where('license_key_hash', '=', hashLicenseKey(key)).executeTakeFirst();
    if (!row || row.product_id !== product) throw new AirlockError('LICENSE_KEY_UNKNOWN', { product });
    return { licenseId: row.id, user: null };
  }
  if (credential.method === 'trial') return findTrialLicense(db, product, fingerprint);
  const user = await db
    .selectFrom('device_license_users')
    .select(['id', 'license_id', 'password_hash'])
    .where('product_id', '=', product)
    .where('username', '=', credential.username)
    .executeTakeFirst();
  return user ? { licenseId: user.license_id, user: { id: user.id, passwordHash: user.password_hash } } : undefined;
}

/**
 * Checks a user-based license's password (docs/design.md, F4: the user signs in on the portal). A missing
 * password is REQUEST_INVALID; an unknown user or a wrong password INVALID_CREDENTIALS, after
 * the same argon2 work either way.
 */
export async function proveUser(match: CredentialMatch | undefined, password: string | undefined): Promise<void> {
  if (password === undefined) {
    throw new AirlockError('REQUEST_INVALID', { field: 'password', reason: "a user-based license needs its user's password" });
  }
  const ok = match?.user ? await verifyPassword(match.user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!ok) throw new AirlockError('INVALID_CREDENTIALS', {});
}

/** The trial license of a product's device, by its fingerprint (docs/devices.md, "Trials"). */
async function findTrialLicense(db: Db, product: string, fingerprint: string): Promise<CredentialMatch | undefined> {
  const start = await db
    .selectFrom('trial_starts')
    .select('license_id')
    .where('product_id', '=', product)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return start ? { licenseId: start.license_id, user: null } : undefined;
}
