/**
 * @airlock/core — Airlock's pure core: every license document, the trust model, the
 * licensing rules and the error registry. It reads no clock, no random source, no file and
 * no network: the caller passes time, randomness and keys in.
 *
 * @example
 * ```ts
 * import { openOfflineLicenseFile, checkOlfInstall } from '@airlock/core';
 * const olf = await openOfflineLicenseFile(text, { now, trust, siteEncryptionKey, siteGuid, tenant });
 * ```
 */

// Errors and outcomes.
export * from './errors/error-codes.ts';
export * from './errors/airlock-error.ts';
export * from './errors/outcome.ts';

// Time, randomness, keys, policy.
export * from './time/duration.ts';
export * from './crypto/random.ts';
export * from './crypto/keys.ts';
export * from './crypto/sealing.ts';
export * from './policy/licensing-policy.ts';

// Trust model.
export * from './trust/key-certificate.ts';
export * from './trust/revocation-list.ts';
export * from './trust/trust-anchor.ts';
export * from './trust/verify-authority-signature.ts';

// Documents.
export { armor, dearmor, MAX_DOCUMENT_CHARS } from './encoding/armor.ts';
export { COMPRESS_ABOVE_BYTES, MAX_PLAINTEXT_BYTES } from './encoding/jose-compact.ts';
export { printableText } from './encoding/schema.ts';
export * from './documents/document-kind.ts';
export * from './version.ts';
export * from './documents/claims.ts';
export * from './documents/envelope.ts';
export * from './documents/sent-to-authority.ts';
export * from './documents/enablement-token.ts';
export * from './documents/license-file-request.ts';
export * from './documents/offline-license-file.ts';
export * from './documents/device-claims.ts';
export * from './documents/device-activation-request.ts';
export * from './documents/device-license-file.ts';
export * from './documents/device-refresh-file.ts';
export * from './documents/deactivation-file.ts';
export * from './documents/device-usage-report.ts';
export * from './documents/device-check-in-receipt.ts';
export * from './documents/license-key.ts';
export * from './documents/activation-codes.ts';
export * from './documents/order-license.ts';
export * from './documents/activated-license.ts';
export * from './documents/registration-key.ts';
export * from './documents/floating-seat.ts';
export * from './documents/site-exchange-request.ts';

// Licensing rules.
export * from './rules/index.ts';
