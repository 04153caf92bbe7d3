import { refuse } from '@airlock/core';
import { activateOnline, createActivationRequest, installLicenseFile } from './activation.ts';
import { checkIn, consume, usage, type MeterReading, type Reported } from './consumption.ts';
import { deactivate, submitDeactivation } from './deactivation.ts';
import type { DeviceLicense } from './device-license.ts';
import type { DeviceEnvironment } from './environment.ts';
import { checkVariable, type ActivationCredential, type OnlineCredential } from './inputs.ts';
import { LicenseHolder, type AirlockOptions, type CheckResult } from './license-holder.ts';
import { applyRefreshFile, createRefreshRequest, refreshOnline, type RefreshOutcome } from './refresh.ts';

/**
 * An application's license on this device (SPEC F4). Open it once at start; then `check`,
 * `hasFeature` and `checkFeature` answer from memory, with no disk, network or cryptography.
 * Everything that changes the license (activation, refresh, consumption, deactivation) is
 * verified with the pinned root key, written to the store atomically, and only then in force.
 *
 * Queries answer with data (`{ ok: false, code }`); commands that are refused throw an
 * `AirlockError` carrying a stable code, and change nothing. Commands run one at a time.
 *
 * @example
 * ```ts
 * const airlock = await Airlock.open({ product: 'studio', rootKey, authorityEncryptionKey, storePath: 'studio.license' });
 * if (!airlock.check().ok) await writeFile('activate.req', await airlock.createActivationRequest({ licenseKey }));
 * // ...later, with the file the portal gave back:
 * await airlock.installLicenseFile(await readFile('studio.lic', 'utf8'));
 * if (airlock.hasFeature('export')) await airlock.consume('renders', 1);
 * ```
 */
export class Airlock {
  private constructor(private readonly holder: LicenseHolder) {}

  /**
   * Opens (or, the first time, creates) the device's store: reads and decrypts it, verifies the
   * license it holds against the pinned root, and records the time. A store that was edited or
   * comes from another device does not throw: `check()` then answers STORE_TAMPERED or
   * STORE_WRONG_DEVICE, and nothing is written over it (delete the file to start again). Bad
   * options throw: REQUEST_INVALID (product, fingerprint), KEY_INVALID (root key),
   * KEY_CERTIFICATE_INVALID (an encryption-key certificate the root did not sign).
   *
   * @example
   * ```ts
   * const airlock = await Airlock.open({
   *   product: 'studio', rootKey: readFileSync('root.jwk', 'utf8'), authorityEncryptionKey,
   *   storePath: join(appDataDir, 'studio.license'), authorityUrl: 'https://licensing.example.com',
   * });
   * ```
   */
  static async open(options: AirlockOptions): Promise<Airlock> {
    return new Airlock(await LicenseHolder.open(options));
  }

  /** The fingerprint the device's license is bound to. */
  get fingerprint(): string {
    return this.holder.binding.fingerprint;
  }

  /**
   * Whether the application runs in a virtual machine or a container, and the evidence found
   * (read once, when first asked). Every activation request carries the two answers, not the
   * evidence; a license whose settings forbid virtual machines is then refused
   * (VIRTUAL_MACHINE_NOT_ALLOWED). A signal, not proof: a virtual machine can be disguised.
   * What each platform reveals is listed on `detectEnvironment`.
   *
   * @example
   * ```ts
   * const { virtualMachine, container, signals } = airlock.environment;
   * if (virtualMachine) log(`running in a virtual machine (${signals.join(', ')})`); // 'dmi:sys_vendor=QEMU, cpuinfo:hypervisor'
   * ```
   */
  get environment(): DeviceEnvironment {
    return this.holder.environment();
  }

  /** The license installed and in force, even if expired; null when there is none. */
  get license(): DeviceLicense | null {
    return this.holder.usable?.verified.view.license ?? null;
  }

  /**
   * Whether the license may be used now, from memory (no disk, no cryptography). Refusals, in
   * this order: the store cannot be trusted (STORE_TAMPERED, STORE_WRONG_DEVICE); no license
   * (NOT_ACTIVATED, DEVICE_DEACTIVATED, or the code of a stored license that no longer
   * verifies); CLOCK_ROLLED_BACK; LICENSE_EXPIRED. A clock set back comes before expiry because
   * it is what would hide an expiry.
   *
   * @example
   * ```ts
   * const result = airlock.check();
   * if (!result.ok) showLicenseDialog(result.code); // e.g. 'LICENSE_EXPIRED'
   * else console.log(`licensed until ${result.license.validUntil?.toISOString() ?? 'forever'}`);
   * ```
   */
  check(): CheckResult {
    return this.holder.check();
  }

  /**
   * True when the license may be used now and includes the feature. From memory, like `check`.
   *
   * @example
   * ```ts
   * exportButton.enabled = airlock.hasFeature('export');
   * ```
   */
  hasFeature(name: string): boolean {
    return this.holder.check().ok && this.holder.usable!.verified.view.features.has(name);
  }

  /**
   * Like `check`, and then FEATURE_NOT_LICENSED when the license lacks the feature.
   *
   * @example
   * ```ts
   * const result = airlock.checkFeature('export');
   * if (!result.ok) return fail(`export is not licensed (${result.code})`);
   * ```
   */
  checkFeature(name: string): CheckResult {
    const result = this.holder.check();
    if (!result.ok || this.holder.usable!.verified.view.features.has(name)) return result;
    return refuse('FEATURE_NOT_LICENSED', { feature: String(name).slice(0, 100) });
  }

  /**
   * A meter's consumption on this device and its limit; undefined when the license has no
   * such meter (or there is no license).
   *
   * @example
   * ```ts
   * const renders = airlock.usage('renders'); // { meter: 'renders', used: 12, limit: 1000, remaining: 988 }
   * ```
   */
  usage(meter: string): MeterReading | undefined {
    return usage(this.holder, meter);
  }

  /**
   * Records consumption of a meter, refused (and not recorded) when the license may not be
   * used now (the `check` codes), has no such meter (LICENSE_TYPE_NOT_LICENSED), the amount is
   * not a whole number from 1 (QUANTITY_INVALID), or it would go over the limit
   * (METER_LIMIT_REACHED). Saved before it returns; reported at `checkIn` or in the
   * deactivation file.
   *
   * @example
   * ```ts
   * const { remaining } = await airlock.consume('renders', 1);
   * ```
   */
  consume(meter: string, amount = 1): Promise<MeterReading> {
    return consume(this.holder, meter, amount);
  }

  /**
   * Writes an activation request for offline activation: save the text to a file, upload it on
   * the authority's offline portal, and install the license file it gives back. A user-based
   * license names the user here and the user signs in on the portal; no password is ever
   * written into the file. Refused when a license is in force (DEVICE_ALREADY_ACTIVATED), and for
   * a mistyped license key (LICENSE_KEY_MALFORMED: its check character catches one wrong or two
   * swapped characters), writing nothing. The key may be typed in any case, with or without its
   * hyphens. The request says whether the device runs in a virtual machine or a container
   * (`environment`). The device remembers its last eight requests; a license file answering any
   * of them installs.
   *
   * @example
   * ```ts
   * await writeFile('studio-activation.req', await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
   * ```
   */
  createActivationRequest(credential: ActivationCredential): Promise<string> {
    return createActivationRequest(this.holder, credential);
  }

  /**
   * Installs a device license file (from the offline portal, or e-mailed by the vendor). It must
   * chain to the pinned root, be encrypted to and bound to this device, answer an activation
   * request this device has outstanding (ACTIVATION_REQUEST_UNKNOWN) and not have expired; a
   * refused file changes nothing.
   *
   * @example
   * ```ts
   * const license = await airlock.installLicenseFile(await readFile('studio.lic', 'utf8'));
   * console.log(license.features); // ['export']
   * ```
   */
  installLicenseFile(text: string): Promise<DeviceLicense> {
    return installLicenseFile(this.holder, text);
  }

  /**
   * Activates the device over the authority's API with a license key, or a user's name and
   * password (user-based licenses): the same request and license file as offline, exchanged
   * directly. A mistyped license key is LICENSE_KEY_MALFORMED before anything is sent. Needs
   * `authorityUrl`; AUTHORITY_UNREACHABLE when it does not answer. A license that forbids
   * virtual machines refuses a device in one (VIRTUAL_MACHINE_NOT_ALLOWED).
   *
   * @example
   * ```ts
   * const license = await airlock.activate({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
   * const another = await otherProduct.activate({ username: 'ada@example.com', password });
   * ```
   */
  activate(credential: OnlineCredential): Promise<DeviceLicense> {
    return activateOnline(this.holder, credential);
  }

  /**
   * Applies a license refresh file: only when it amends this device's license (WRONG_RECIPIENT
   * otherwise) and is newer than the revision held (REFRESH_NOT_NEWER), and only for a license
   * that may travel as files (OFFLINE_NOT_ALLOWED otherwise: use `refresh()`). Renews an
   * expired license too.
   *
   * @example
   * ```ts
   * const license = await airlock.applyRefreshFile(await readFile('studio-refresh.lic', 'utf8'));
   * ```
   */
  applyRefreshFile(text: string): Promise<DeviceLicense> {
    return applyRefreshFile(this.holder, text);
  }

  /**
   * Writes a refresh request for the offline portal: a new activation request signed by this
   * device's key, naming the revision it holds. The portal answers with a refresh file when
   * the license was edited since; apply it with `applyRefreshFile`. Only for a license that may
   * travel as files (OFFLINE_NOT_ALLOWED otherwise: use `refresh()`).
   *
   * @example
   * ```ts
   * await writeFile('studio-refresh.req', await airlock.createRefreshRequest());
   * ```
   */
  createRefreshRequest(): Promise<string> {
    return createRefreshRequest(this.holder);
  }

  /**
   * Asks the authority, online, for the license as it now stands, and applies it when it is
   * newer. The request is a fresh activation request signed by this device's key. When the
   * authority answers that the activation was deactivated (by the vendor, or with this
   * device's deactivation file), the license is disabled here too: `check()` then answers
   * DEVICE_DEACTIVATED.
   *
   * @example
   * ```ts
   * const { status, applied, license } = await airlock.refresh(); // 'active', true, { revision: 2, ... }
   * ```
   */
  refresh(): Promise<RefreshOutcome> {
    return refreshOnline(this.holder);
  }

  /**
   * Reports the consumption not yet reported to the authority, online, in a usage report
   * signed by this device. A report whose answer was lost is sent again, as it was, first: the
   * authority counts each report once.
   *
   * @example
   * ```ts
   * const { reported } = await airlock.checkIn(); // [{ meter: 'renders', amount: 12 }]
   * ```
   */
  checkIn(): Promise<{ readonly reported: Reported }> {
    return checkIn(this.holder);
  }

  /**
   * Gives the license up: writes the deactivation file (signed by this device, carrying the
   * consumption not yet reported and the device variables) and disables the license here in
   * the same step; `check()` then answers DEVICE_DEACTIVATED. Upload the file on the portal, or
   * pass `online: true` to send it to the authority now (if that fails, the license stays
   * disabled and `submitDeactivation()` sends the same file later). A license that may not
   * travel as files deactivates online only (OFFLINE_NOT_ALLOWED); a second deactivation is
   * DEVICE_DEACTIVATED.
   *
   * @example
   * ```ts
   * const { text } = await airlock.deactivate();
   * await writeFile('studio-deactivation.txt', text);
   * ```
   */
  deactivate(options: { readonly online?: boolean } = {}): Promise<{ readonly text: string; readonly submitted: boolean }> {
    return deactivate(this.holder, options.online === true);
  }

  /**
   * Sends the deactivation file written by `deactivate` to the authority (again). NOT_FOUND
   * when none was written.
   *
   * @example
   * ```ts
   * if (airlock.deactivationFile && !airlock.deactivationSubmitted) await airlock.submitDeactivation();
   * ```
   */
  submitDeactivation(): Promise<void> {
    return submitDeactivation(this.holder);
  }

  /** The deactivation file this device wrote when it gave its license up, or null. */
  get deactivationFile(): string | null {
    return this.holder.state?.activation?.deactivation?.file ?? null;
  }

  /** Whether that file is known to have reached the authority. */
  get deactivationSubmitted(): boolean {
    return this.holder.state?.activation?.deactivation?.submitted ?? false;
  }

  /** The device variables: the application's own values, returned to the authority in the deactivation file. */
  get variables(): readonly { readonly name: string; readonly value: string }[] {
    return this.holder.state?.variables ?? [];
  }

  /**
   * One device variable's value, or undefined.
   *
   * @example
   * ```ts
   * const project = airlock.variable('last-project');
   * ```
   */
  variable(name: string): string | undefined {
    return this.variables.find((variable) => variable.name === name)?.value;
  }

  /**
   * Sets (or, with null, removes) a device variable, saved at once. Names are 1–64 letters,
   * digits and `_.:-`; values up to 1024 characters; up to 100 variables (REQUEST_INVALID).
   * They are cleared when the license is deactivated, having gone out in its file.
   *
   * @example
   * ```ts
   * await airlock.setVariable('last-project', 'turbine-7');
   * ```
   */
  setVariable(name: string, value: string | null): Promise<void> {
    return this.holder.exclusive(async () => {
      const state = this.holder.trustedState();
      await this.holder.write({ ...state, variables: checkVariable(state.variables, name, value) });
    });
  }
}
