import { type Outcome } from '@airlock/core';
import { accept, checkOfflineActivation, checkOfflineRefresh, offlineAllowed, refuse, type OfflineLicense } from '@airlock/core/internal';

/**
 * The licensing rules of the device exchanges that the core's offline rules leave to the
 * authority: which channel a license may use, and how a re-activation is judged. Pure: the
 * use cases pass in what they read.
 */

/** Where an exchange comes from: the offline portal (files carried by hand) or the device API. */
export type DeviceChannel = 'offline' | 'online';

/** A device license as the rules see it: the core's offline view, with the online switch. */
export interface DeviceLicenseFacts extends OfflineLicense {
  /** False when the vendor forbids the device API for this license (docs/design.md, F4: "unless the license forbids it"). */
  readonly allowOnline: boolean;
  /** How long past `expiresAt` devices that hold the license may still use, refresh and validate it. */
  readonly expiryGraceMs: number;
  /** True while the vendor suspends the license (docs/devices.md, "Vendor control over devices"). */
  readonly suspended?: boolean | undefined;
}

/** The instant a license stops working on the devices that hold it: its end plus its grace after expiry; null: never. */
export function endOfGrace(license: Pick<DeviceLicenseFacts, 'expiresAt' | 'expiryGraceMs'>): Date | null {
  return license.expiresAt === null ? null : new Date(license.expiresAt.getTime() + license.expiryGraceMs);
}

/** The license as judged for a device that already holds it: it ends when its grace after expiry does. */
function inGraceTerms(license: DeviceLicenseFacts): DeviceLicenseFacts {
  return { ...license, expiresAt: endOfGrace(license) };
}

/**
 * Decides whether a device may be activated online (docs/design.md, F4). Precedence, first failure wins:
 * 1. `ONLINE_NOT_ALLOWED`: a term of the license, whatever else holds;
 * 2. `LICENSE_EXPIRED` (from `expiresAt` on): a renewal changes it;
 * 3. `ACTIVATIONS_EXHAUSTED`: last, since deactivating another device only helps when nothing
 *    else stands in the way.
 * Unlike offline, `allowOffline` does not apply and a subscription may be activated: its
 * validity is decided here, online.
 */
export function checkOnlineActivation(license: DeviceLicenseFacts & { readonly activeActivations: number }, now: Date): Outcome {
  const terms = checkOnlineTerms(license, now, 'activation');
  if (!terms.ok) return terms;
  const maxActivations = license.maxActivations === undefined ? license.policy.maxActivations : license.maxActivations;
  if (maxActivations !== null && license.activeActivations >= maxActivations) {
    return refuse('ACTIVATIONS_EXHAUSTED', { activeActivations: license.activeActivations, maxActivations });
  }
  return accept();
}

/** What a device asks for, as refusals name it. */
export type DeviceExchange = 'activation' | 'refresh' | 'validation' | 'deactivation' | 'usage report';

/**
 * The online checks but the activation limit: for a device that already holds its slot. Such
 * a device may refresh and validate until the grace after expiry ends (docs/devices.md): that
 * is how a renewal reaches it.
 */
function checkOnlineUse(license: DeviceLicenseFacts, now: Date, exchange: DeviceExchange = 'refresh'): Outcome {
  return checkOnlineTerms(inGraceTerms(license), now, exchange);
}

function checkOnlineTerms(license: DeviceLicenseFacts, now: Date, exchange: DeviceExchange): Outcome {
  const channel = checkChannel(license, 'online', exchange);
  if (!channel.ok) return channel;
  if (license.expiresAt && now >= license.expiresAt) {
    return refuse('LICENSE_EXPIRED', { exchange, expiredAt: license.expiresAt.toISOString(), now: now.toISOString() });
  }
  return accept();
}

/**
 * Whether the license may travel on this channel at all: `allowOnline` for the device API,
 * `allowOffline` (the license's, else its policy's) for the portal. Deactivations and usage
 * reports are judged by this alone: an expired license must still be able to give its slot
 * and its consumption back.
 */
export function checkChannel(license: DeviceLicenseFacts, channel: DeviceChannel, exchange: DeviceExchange): Outcome {
  if (channel === 'online') {
    return license.allowOnline ? accept() : refuse('ONLINE_NOT_ALLOWED', { exchange });
  }
  if (offlineAllowed(license)) return accept();
  return refuse('OFFLINE_NOT_ALLOWED', { exchange, setBy: license.allowOffline === undefined ? 'policy' : 'license' });
}

/**
 * LICENSE_SUSPENDED while the vendor suspends the license. It comes before every other rule of
 * an activation or a refresh: the vendor's deliberate stop is the answer that matters, and a
 * resume is what changes it.
 */
function checkNotSuspended(license: DeviceLicenseFacts, exchange: DeviceExchange): Outcome {
  return license.suspended === true ? refuse('LICENSE_SUSPENDED', { exchange }) : accept();
}

/**
 * Decides an activation on either channel. A device that is already active on the license
 * (same fingerprint and device key) keeps its slot: it is judged as a refresh is, so the
 * activation limit never counts it twice. A suspended license refuses first (LICENSE_SUSPENDED).
 */
export function checkActivation(
  license: DeviceLicenseFacts & { readonly activeActivations: number },
  channel: DeviceChannel,
  alreadyActive: boolean,
  now: Date,
): Outcome {
  const suspended = checkNotSuspended(license, 'activation');
  if (!suspended.ok) return suspended;
  if (channel === 'offline') return alreadyActive ? checkOfflineRefresh(inGraceTerms(license), now) : checkOfflineActivation(license, now);
  return alreadyActive ? checkOnlineUse(license, now) : checkOnlineActivation(license, now);
}

/**
 * Decides whether a refresh may be given on this channel to a device that holds its slot: up
 * to the end of the grace after expiry on both channels; LICENSE_SUSPENDED first.
 */
export function checkRefresh(license: DeviceLicenseFacts, channel: DeviceChannel, now: Date): Outcome {
  const suspended = checkNotSuspended(license, 'refresh');
  if (!suspended.ok) return suspended;
  return channel === 'offline' ? checkOfflineRefresh(inGraceTerms(license), now) : checkOnlineUse(license, now);
}

/** What an activation request says of where the device runs (absent from SDKs older than the claim). */
export type DeviceEnvironment = { readonly virtualMachine: boolean; readonly container: boolean } | undefined;

/**
 * Whether a device may be activated where it runs (docs/devices.md, "Virtual machines and
 * fingerprints"). Under `allowVirtualMachines: false` a device that says it runs in a virtual
 * machine or a container is VIRTUAL_MACHINE_NOT_ALLOWED, and so is one that does not say (an
 * SDK from before the claim): what the authority cannot tell, it does not allow.
 */
export function checkEnvironment(allowVirtualMachines: boolean, environment: DeviceEnvironment): Outcome {
  if (allowVirtualMachines) return accept();
  if (environment === undefined) {
    return refuse('VIRTUAL_MACHINE_NOT_ALLOWED', {
      reason: 'the activation request does not say whether the device runs in a virtual machine: update the application',
    });
  }
  if (environment.virtualMachine || environment.container) {
    return refuse('VIRTUAL_MACHINE_NOT_ALLOWED', { virtualMachine: environment.virtualMachine, container: environment.container });
  }
  return accept();
}

/**
 * An activation's outcome with its environment's, in this order: the license's terms of channel
 * and time first (they hold whatever the device), then the environment, and the activation
 * limit last, since deactivating another device does not help a device refused where it runs.
 */
export function withEnvironment(activation: Outcome, environment: Outcome): Outcome {
  if (!activation.ok && activation.code !== 'ACTIVATIONS_EXHAUSTED') return activation;
  return environment.ok ? activation : environment;
}
