/**
 * @airlock/sdk — what a desktop application embeds to use its Airlock license on one device:
 * activate (online, or offline with files carried by hand), check the license, its features
 * and meters with no network, apply refreshes, report consumption and deactivate; and lease or
 * borrow floating seats from a site on the customer's network (`Airlock.connectSite`).
 *
 * @example
 * ```ts
 * import { Airlock } from '@airlock/sdk';
 * const airlock = await Airlock.open({ product: 'studio', rootKey, authorityEncryptionKey, storePath: 'studio.license' });
 * if (airlock.hasFeature('export')) await airlock.consume('renders', 1);
 * ```
 */
export { Airlock } from './airlock.ts';
export { SDK_VERSION, type AirlockOptions, type CheckNotice, type CheckResult } from './license-holder.ts';
export type { CheckInOutcome, MeterReading, Reported } from './consumption.ts';
export type { AuthorityStatus } from './authority-status.ts';
export type { RefreshOutcome } from './refresh.ts';
export type { DeviceLicense } from './device-license.ts';
export type { ActivationCredential, OnlineCredential } from './inputs.ts';
export { detectEnvironment, type DeviceEnvironment, type EnvironmentSource } from './environment.ts';
export { checkFingerprint, machineFingerprint, readMachineId, type MachineId, type MachineIdSource, type MachineProbe } from './fingerprint.ts';
export { parseRootKey } from './root-key.ts';
export { SiteConnection, type Borrow, type SeatCheck, type SiteOptions } from './site-connection.ts';
export { Lease, type LeaseLoss } from './lease.ts';
export { AirlockError, isAirlockError, errorCodes, type ErrorCode, type Refusal } from '@airlock/core';
