import { AirlockError, CODE_FEATURE_LIMIT, parseLicenseKey, type DeviceCredential } from '@airlock/core';
import { isPrintableText } from '@airlock/core/internal';

/**
 * What the application passes in, checked before anything is signed or saved: a bad value is
 * REQUEST_INVALID naming the field, and changes nothing.
 */

/**
 * How a device proves it may use a license: its license key, or (user-based licenses) the
 * user's name; or `{ trial: true }` to ask for the product's trial, with nothing to prove.
 */
export type ActivationCredential = { readonly licenseKey: string } | { readonly username: string } | { readonly trial: true };

/** Online, a user-based license also takes the user's password, sent to the authority only. */
export type OnlineCredential = { readonly licenseKey: string } | { readonly username: string; readonly password: string };

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_VARIABLES = 100;
const MAX_VALUE = 1024;

function invalid(field: string, reason: string): AirlockError {
  return new AirlockError('REQUEST_INVALID', { field, reason });
}

/** A product id as the authority names it: 1–64 letters, digits and `_.:-`. */
export function checkProduct(product: unknown): string {
  if (typeof product !== 'string' || !ID.test(product)) throw invalid('product', 'must be 1 to 64 letters, digits or _.:-');
  return product;
}

/**
 * The credential as the activation request carries it (never the password). A license key is
 * checked here, check character included, and carried in its canonical spelling: a mistyped
 * key is LICENSE_KEY_MALFORMED on the device, before any request is written, rather than after
 * a trip to the authority and back (docs/formats.md §7.1).
 */
export function checkCredential(credential: ActivationCredential | OnlineCredential): DeviceCredential {
  const given = credential as Partial<Record<'licenseKey' | 'username' | 'password' | 'trial', unknown>>;
  if (given.trial === true && given.licenseKey === undefined && given.username === undefined) return { method: 'trial' };
  if (typeof given.licenseKey === 'string') return { method: 'license-key', licenseKey: parseLicenseKey(given.licenseKey) };
  if (typeof given.username === 'string') {
    // The core's one rule for names, as the authority applies it.
    if (given.username.length > 254 || !isPrintableText(given.username))
      throw invalid('username', 'must be 1 to 254 characters, none of them control characters, bidi overrides or lone surrogates');
    if ('password' in given && (typeof given.password !== 'string' || given.password.length < 1 || given.password.length > 1024)) {
      throw invalid('password', 'must be 1 to 1024 characters');
    }
    return { method: 'user', username: given.username };
  }
  throw invalid('credential', 'give a licenseKey, or a username, or trial: true');
}

/**
 * The application's code features: up to 20 distinct names (REQUEST_INVALID otherwise), as
 * feature names are written.
 */
export function checkCodeFeatures(features: unknown): readonly string[] {
  if (features === undefined) return [];
  if (!Array.isArray(features) || features.length > CODE_FEATURE_LIMIT)
    throw invalid('codeFeatures', `must be a list of at most ${CODE_FEATURE_LIMIT} feature names`);
  const seen = new Set<string>();
  for (const name of features as unknown[]) {
    if (typeof name !== 'string' || !ID.test(name)) throw invalid('codeFeatures', 'each must be 1 to 64 letters, digits or _.:-');
    if (seen.has(name)) throw invalid('codeFeatures', `${name} is listed twice`);
    seen.add(name);
  }
  return features as string[];
}

/** The variables with one set (or removed, for null), checked against the format's bounds. */
export function checkVariable(
  variables: readonly { readonly name: string; readonly value: string }[],
  name: string,
  value: string | null,
): { name: string; value: string }[] {
  if (typeof name !== 'string' || !ID.test(name)) throw invalid('name', 'must be 1 to 64 letters, digits or _.:-');
  const copy = variables.map((variable) => ({ name: variable.name, value: variable.value }));
  if (value === null) return copy.filter((variable) => variable.name !== name);
  if (typeof value !== 'string' || value.length > MAX_VALUE) throw invalid('value', `must be text of at most ${MAX_VALUE} characters`);
  const existing = copy.find((variable) => variable.name === name);
  if (existing) {
    existing.value = value;
    return copy;
  }
  if (copy.length >= MAX_VARIABLES) throw invalid('name', `a device keeps at most ${MAX_VARIABLES} variables`);
  return [...copy, { name, value }];
}
