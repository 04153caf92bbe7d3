import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  AIRLOCK_VERSION,
  AirlockError,
  keyPairFromSeed,
  newerRevocationList,
  verifyKeyCertificate,
  verifyRevocationList,
  type Random,
  type Refusal,
  type TrustAnchor,
  MINUTE,
} from '@airlock/core';
import { isCleanName, refuse } from '@airlock/core/internal';
import { authorityClient, type AuthorityClient } from './authority-client.ts';
import { contactMade, verifyActivation, type Device, type VerifiedLicense } from './device-exchanges.ts';
import { verifyCodeLicense, type CodeLicensed } from './code-license.ts';
import { detectEnvironment, type DeviceEnvironment, type EnvironmentSource } from './environment.ts';
import { checkFingerprint, machineFingerprint } from './fingerprint.ts';
import { checkCodeFeatures, checkProduct } from './inputs.ts';
import { newStoreSalt, readStore, sealStore, writeFileAtomically, type StoreBinding } from './local-store.ts';
import { parseRootKey } from './root-key.ts';
import type { Activation, StoreState } from './store-state.ts';
import { usableLicense, type CheckResult, type Usable } from './usable-license.ts';

export type { CheckNotice, CheckResult, Usable } from './usable-license.ts';

/**
 * What the Airlock class stands on: the device's state as last saved, the license it holds
 * as last verified, and what `check` answers for it, worked out once per change. Every change
 * goes through `exclusive` (one at a time) and `write` (saved atomically before it is in force).
 */

/** The SDK's version, sent in every activation request. */
export const SDK_VERSION = AIRLOCK_VERSION;

/** How far the clock may run behind the latest time seen while no license says otherwise. */
const DEFAULT_CLOCK_SKEW = 5 * MINUTE;

export interface AirlockOptions {
  /** The product's id at the authority. */
  readonly product: string;
  /** The authority root public key the application pins: a JWK, or the text of `airlock authority keys export-root`. */
  readonly rootKey: unknown;
  /** The store file (created on first open; its directory too). */
  readonly storePath: string;
  /**
   * The device fingerprint; by default derived from the machine's identifier and the product
   * (`machineFingerprint`). The application may give its own, as text or as a function asked
   * once at open (a dongle's serial, a cloud instance's id, or `machineFingerprint` combined with
   * one); either way 1–128 visible ASCII characters (REQUEST_INVALID otherwise).
   */
  readonly fingerprint?: string | (() => string | Promise<string>);
  /**
   * Where the virtual-machine and container evidence is read (`detectEnvironment`): this machine
   * by default; tests give a fixture tree as `root`.
   */
  readonly environment?: EnvironmentSource;
  /**
   * The authority's root-signed encryption-key certificate (the `certificate` of its active
   * `enc` key), which activation requests, usage reports and deactivation files are encrypted to.
   */
  readonly authorityEncryptionKey?: string;
  /** The authority's base URL, for the online exchanges. */
  readonly authorityUrl?: string;
  readonly appVersion?: string;
  /** A name people recognise the device by in the portal; the host name by default. */
  readonly deviceName?: string;
  /** The clock; `() => new Date()` by default. */
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  /** How long an online call may take (ms); 30 s by default. */
  readonly timeoutMs?: number;
  /**
   * The product's code features, in the authority's order (its feature license types, in the
   * order they were added to the catalogue): what the bits of an activation code stand for.
   * Only for activation by typed codes; up to 20, appended to but never reordered.
   */
  readonly codeFeatures?: readonly string[];
}

/** The license in force: verified files, or a verified activation code. */
export type Licensed = VerifiedLicense | CodeLicensed;

/** The state of a device with a usable license from files (expired or not). */
export interface ActiveState {
  readonly state: StoreState;
  readonly activation: Activation;
  readonly usable: Usable & { readonly verified: VerifiedLicense };
}

const random: Random = { bytes: (length) => new Uint8Array(randomBytes(length)) };

export class LicenseHolder {
  trust: TrustAnchor;
  /** The stored state; null when the store cannot be trusted (`blocked` says why). */
  state: StoreState | null;
  usable: Usable | null = null;
  /** What `check` answers while there is no usable license; null when there is one. */
  private blocked: Refusal | null;
  private latestSeen: number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly options: AirlockOptions,
    readonly binding: StoreBinding,
    private readonly clock: () => Date,
    trust: TrustAnchor,
    state: StoreState | null,
    private readonly salt: Buffer,
    private readonly deviceOrNull: Device | null,
    broken: Refusal | null,
    /** Whether this runs in a virtual machine or a container: read when first asked, then kept. */
    readonly environment: () => DeviceEnvironment,
  ) {
    this.trust = trust;
    this.state = state;
    this.latestSeen = state?.latestSeen ?? 0;
    this.blocked = broken;
  }

  /** Reads (or creates) the store, verifies the license it holds, and saves the time seen. */
  static async open(options: AirlockOptions): Promise<LicenseHolder> {
    const product = checkProduct(options.product);
    const root = parseRootKey(options.rootKey);
    if (options.authorityEncryptionKey !== undefined) await verifyKeyCertificate(options.authorityEncryptionKey, root, 'enc');
    const fingerprint = await fingerprintOf(options.fingerprint, product);
    checkCodeFeatures(options.codeFeatures);
    const clock = options.now ?? (() => new Date());
    const binding = { product, fingerprint };
    let detected: DeviceEnvironment | undefined;
    const environment = () => (detected ??= detectEnvironment(options.environment));
    const read = await readStore(options.storePath, binding);
    const broken = (code: 'STORE_TAMPERED' | 'STORE_WRONG_DEVICE', reason: string) =>
      new LicenseHolder(options, binding, clock, { root }, null, Buffer.alloc(0), null, refuse(code, { reason }), environment);
    if (read.kind === 'tampered') return broken('STORE_TAMPERED', read.reason);
    if (read.kind === 'wrong-device') return broken('STORE_WRONG_DEVICE', read.reason);
    const fresh = read.kind === 'missing';
    const state = fresh ? newStoreState(binding) : read.state;
    let trust: TrustAnchor = { root };
    try {
      if (state.revocations !== null) trust = { root, revocations: await verifyRevocationList(state.revocations, root) };
    } catch (error) {
      if (!(error instanceof AirlockError)) throw error;
      return broken('STORE_TAMPERED', `the stored revocation list: ${error.code}`);
    }
    const salt = fresh ? newStoreSalt() : read.salt;
    const holder = new LicenseHolder(options, binding, clock, trust, state, salt, deviceOf(state, options, environment), null, environment);
    await holder.settleAtOpen(fresh);
    return holder;
  }

  /** Verifies the stored license, then saves the time seen (and a new store's first state). */
  private async settleAtOpen(fresh: boolean): Promise<void> {
    const state = this.state!;
    const now = this.clock().getTime();
    let verified: Licensed | null = null;
    let unusable: Refusal | null = null;
    if (state.activation?.status !== 'active' && state.codeLicense?.status === 'active') {
      // A store that was sealed again with other codes in it shows here: the MAC no longer matches.
      verified = verifyCodeLicense(this.device, this.options.codeFeatures ?? [], state.codeLicense) ?? null;
      if (!verified) unusable = refuse('STORE_TAMPERED', { reason: 'the installed activation code no longer verifies' });
    } else if (state.activation?.status === 'active') {
      try {
        // Verified as of the latest time seen, so a clock set back since reads as set back
        // (by `check`) and not as a file from the future.
        verified = await verifyActivation(this.device, this.trust, state.activation, new Date(Math.max(now, state.latestSeen)));
      } catch (error) {
        if (!(error instanceof AirlockError)) throw error;
        unusable = refuse(error.code, { ...error.detail, stored: 'the installed license no longer verifies' });
      }
    }
    this.settle(verified, unusable);
    const rolledBack = now < state.latestSeen - (verified?.view.toleranceMs ?? DEFAULT_CLOCK_SKEW);
    if (fresh || (!rolledBack && now > state.latestSeen)) await this.write({ ...state, latestSeen: Math.max(state.latestSeen, now) });
  }

  /** The device's identity and keys (only while the store can be trusted, which callers check first). */
  get device(): Device {
    if (!this.deviceOrNull) throw new Error('the store cannot be trusted: no device keys');
    return this.deviceOrNull;
  }

  /** The hot path: from memory, no disk, no cryptography. The order is documented on `Airlock.check`. */
  check(): CheckResult {
    if (this.blocked !== null) return this.blocked;
    const usable = this.usable!;
    const now = this.clock().getTime();
    const view = usable.view;
    if (now < this.latestSeen - view.toleranceMs) {
      return refuse('CLOCK_ROLLED_BACK', { now: new Date(now).toISOString(), latestSeen: new Date(this.latestSeen).toISOString() });
    }
    if (now > this.latestSeen) this.latestSeen = now;
    if (usable.suspended) return usable.suspended;
    if (now < usable.noticeFrom) return usable.ok;
    if (now >= usable.expiredFrom) return usable.expired;
    if (now >= usable.lockedFrom) return usable.checkInRequired;
    return now >= view.endsAt ? usable.inGrace : usable.overdue;
  }

  /** Runs commands one at a time, so that two never write from the same old state. */
  exclusive<T>(command: () => Promise<T>): Promise<T> {
    const run = this.queue.then(command, command);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The state, unless the store cannot be trusted (its code is thrown). */
  trustedState(): StoreState {
    if (this.state === null) throw this.blockedError();
    return this.state;
  }

  /**
   * The state of a device that holds no usable license from files, or only a trial, running or
   * ended (DEVICE_ALREADY_ACTIVATED otherwise): a license activated by typed codes or over a
   * trial is replaced by the next activation.
   */
  inactiveState(): StoreState {
    const state = this.trustedState();
    const license = this.usable?.verified?.view.license;
    if (license && !license.trial) throw new AirlockError('DEVICE_ALREADY_ACTIVATED', { licenseId: license.licenseId });
    return state;
  }

  /**
   * The state of a device with a usable license from files (expired or not), or the code that
   * stands in the way: ACTIVATED_BY_CODE for a license activated by typed codes.
   */
  activeState(): ActiveState {
    const state = this.trustedState();
    const usable = this.usable;
    if (usable && !usable.verified) throw new AirlockError('ACTIVATED_BY_CODE', { licenseId: usable.view.license.licenseId });
    if (!usable?.verified || !state.activation) throw this.blockedError();
    return { state, activation: state.activation, usable: { ...usable, verified: usable.verified } };
  }

  private blockedError(): AirlockError {
    const blocked = this.blocked ?? refuse('NOT_ACTIVATED');
    return new AirlockError(blocked.code, blocked.detail);
  }

  /** The time now, unless the clock was set back (CLOCK_ROLLED_BACK). */
  clockNow(): Date {
    const now = this.clock();
    const tolerance = this.usable?.view.toleranceMs ?? DEFAULT_CLOCK_SKEW;
    if (now.getTime() < this.latestSeen - tolerance) {
      throw new AirlockError('CLOCK_ROLLED_BACK', { now: now.toISOString(), latestSeen: new Date(this.latestSeen).toISOString() });
    }
    return now;
  }

  /** The time now, set back or not: giving a license up is never refused for the clock. */
  anyTime(): Date {
    return this.clock();
  }

  authority(): AuthorityClient {
    const baseUrl = this.options.authorityUrl;
    if (baseUrl === undefined) throw new TypeError('Airlock: this needs the authority online; set authorityUrl in Airlock.open');
    return authorityClient({ baseUrl, fetch: this.options.fetch ?? fetch, timeoutMs: this.options.timeoutMs ?? 30_000 });
  }

  authorityEncryptionKey(): string {
    const known = this.options.authorityEncryptionKey;
    if (!known) throw new TypeError("Airlock: set authorityEncryptionKey in Airlock.open (the authority's encryption-key certificate)");
    return known;
  }

  /**
   * Saves the next state atomically and only then puts it in force. `verified` is the license
   * that state holds when it changed (null: none usable); undefined keeps the current one.
   */
  async write(next: StoreState, verified?: Licensed | null): Promise<void> {
    const revocations = newerRevocationList(this.trust.revocations, verified && 'file' in verified ? verified.revocations : undefined);
    const saved: StoreState = { ...next, latestSeen: Math.max(next.latestSeen, this.latestSeen), revocations: revocations?.compact ?? next.revocations };
    await writeFileAtomically(this.options.storePath, sealStore(saved, this.binding, this.salt));
    this.state = saved;
    this.latestSeen = saved.latestSeen;
    this.trust = { root: this.trust.root, revocations };
    if (verified !== undefined) this.settle(verified, null);
  }

  /** Works out, once, what `check` answers until the next change. */
  private settle(verified: Licensed | null, unusable: Refusal | null): void {
    const activation = this.state?.activation;
    const code = this.state?.codeLicense;
    this.usable = null;
    // A license from files in force wins; a license from codes is in force only without one.
    const inForce = verified && ('file' in verified ? activation?.status === 'active' : activation?.status !== 'active' && code?.status === 'active');
    if (verified && inForce) {
      const files = 'file' in verified ? verified : null;
      // The authority last said the vendor suspended the license (docs/devices.md, "Vendor control over devices").
      const suspended = files && activation?.suspended === true ? refuse('LICENSE_SUSPENDED', { licenseId: verified.view.license.licenseId }) : null;
      // A license from codes never comes online: it has no last contact to count from.
      this.usable = usableLicense(verified.view, files, files ? (activation?.lastContact ?? files.file.iat * 1000) : 0, suspended);
      this.blocked = null;
    } else if (activation?.status === 'active') this.blocked = unusable ?? refuse('NOT_ACTIVATED');
    else if (code?.status === 'active') this.blocked = unusable ?? refuse('NOT_ACTIVATED');
    else if (activation?.status === 'deactivated' && activation.blocked === true) this.blocked = refuse('DEVICE_BLOCKED');
    else if (activation?.status === 'deactivated' || code?.status === 'deactivated') this.blocked = refuse('DEVICE_DEACTIVATED');
    else this.blocked = refuse('NOT_ACTIVATED');
  }

  /** Saves the device's last contact with the authority (a verified receipt's time) and puts it in force. */
  async recordContact(contact: number): Promise<void> {
    const { state, activation, usable } = this.activeState();
    await this.write(contactMade({ ...state, activation }, contact), usable.verified);
  }
}

/** The fingerprint the options give (text, or a function's answer), checked; the machine's by default. */
async function fingerprintOf(given: AirlockOptions['fingerprint'], product: string): Promise<string> {
  if (given === undefined) return machineFingerprint(product);
  return checkFingerprint(typeof given === 'function' ? await given() : given);
}

function newStoreState(binding: StoreBinding): StoreState {
  const seed = () => Buffer.from(random.bytes(32)).toString('base64url');
  return {
    v: 1,
    product: binding.product,
    fingerprint: binding.fingerprint,
    keys: { signing: seed(), encryption: seed() },
    latestSeen: 0,
    revocations: null,
    pendingRequests: [],
    activation: null,
    variables: [],
  };
}

function deviceOf(state: StoreState, options: AirlockOptions, environment: () => DeviceEnvironment): Device {
  const name = options.deviceName ?? hostname();
  return {
    environment,
    product: state.product,
    fingerprint: state.fingerprint,
    signingKey: keyPairFromSeed('Ed25519', Buffer.from(state.keys.signing, 'base64url')),
    encryptionKey: keyPairFromSeed('X25519', Buffer.from(state.keys.encryption, 'base64url')),
    random,
    sdkVersion: SDK_VERSION,
    appVersion: options.appVersion,
    // A name documents cannot carry (too long, a control character) is left out rather than refused.
    deviceName: name.length >= 1 && name.length <= 200 && isCleanName(name) ? name : undefined,
  };
}
