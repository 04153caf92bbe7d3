import { refuse } from '@airlock/core/internal';
import { activateOnline, createActivationRequest, installLicenseFile } from './activation.ts';
import { checkIn, consume, usage, type CheckInOutcome, type MeterReading } from './consumption.ts';
import { deactivate, submitDeactivation } from './deactivation.ts';
import type { DeviceLicense } from './device-license.ts';
import type { DeviceEnvironment } from './environment.ts';
import { checkVariable, type ActivationCredential, type OnlineCredential } from './inputs.ts';
import { LicenseHolder, type AirlockOptions, type CheckResult } from './license-holder.ts';
import { applyRefreshFile, createRefreshRequest, refreshOnline, type RefreshOutcome } from './refresh.ts';
import { SiteConnection, type SiteOptions } from './site-connection.ts';
import { createDeactivationCode, createInitializationCode, installActivationCode } from './typed-codes.ts';

/**
 * An application's license on this device (docs/design.md, F4). Open it once at start; then `check`,
 * `hasFeature` and `checkFeature` answer from memory, with no disk, network or cryptography.
 * Everything that changes the license (activation, refresh, consumption, deactivation) is
 * verified with the pinned root key, written to the store atomically, and only then in force.
 *
 * Queries answer with data (`{ ok: false, code }`); commands that are refused throw an
 * `AirlockError` carrying a stable code, and change nothing. Commands run one at a time.
 *
 * A license activated online may have to come back online: `checkInDue` says when, and
 * `refresh()` or `checkIn()` moves it (docs/devices.md). Past it, and past a license's end
 * within its grace, `check()` still answers `ok` with a `notice` until it must refuse.
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
   * options throw: REQUEST_INVALID (product, fingerprint, codeFeatures), KEY_INVALID (root key),
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

  /**
   * Connects to a site that lends floating seats of a tenant's license (docs/floating.md):
   * `lease` a seat while the application runs, `borrow` one to take away. Touches no network:
   * it checks the options (REQUEST_INVALID, KEY_INVALID for the root key) and reads the seats
   * borrowed before from `storePath`, so a device away from the site still finds them.
   *
   * @example
   * ```ts
   * const site = await Airlock.connectSite({ url: 'https://licensing.corp.example', tenant: 'default', appKey, rootKey, storePath: 'seats.store' });
   * const lease = await site.lease('designer');
   * ```
   */
  static connectSite(options: SiteOptions): Promise<SiteConnection> {
    return SiteConnection.connect(options);
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
    return this.holder.usable?.view.license ?? null;
  }

  /**
   * When the device must next reach the authority (`refresh()` or `checkIn()`): its last
   * contact (the authority's time on the newest check-in receipt, or the online activation's)
   * plus the license's offline period. Null when the license sets none (files carried by hand
   * never do) or there is no license. Past it, `check()` gives the `CHECK_IN_OVERDUE` notice
   * for the offline grace, then CHECK_IN_REQUIRED.
   *
   * @example
   * ```ts
   * const due = airlock.checkInDue;
   * if (due && due.getTime() - Date.now() < 3 * 86_400_000) void airlock.checkIn().catch(() => {});
   * ```
   */
  get checkInDue(): Date | null {
    const due = this.holder.usable?.checkInDue;
    return due ? new Date(due) : null;
  }

  /**
   * Whether the license may be used now, from memory (no disk, no cryptography). Refusals, in
   * this order: the store cannot be trusted (STORE_TAMPERED, STORE_WRONG_DEVICE); no license
   * (NOT_ACTIVATED, DEVICE_DEACTIVATED, DEVICE_BLOCKED, or the code of a stored license that no
   * longer verifies); CLOCK_ROLLED_BACK; LICENSE_SUSPENDED (the authority last said so);
   * LICENSE_EXPIRED (past `validUntil` and its grace after expiry); CHECK_IN_REQUIRED (a license
   * activated online that went without a check-in receipt for longer than its offline period
   * and its grace). A clock set back comes first because it is what would hide an expiry or an
   * overdue check-in; a suspension before expiry because a resume is what the vendor would act on.
   *
   * On borrowed time the answer is still `ok`, with a `notice`: `LICENSE_IN_GRACE` past
   * `validUntil` within the grace after expiry, `CHECK_IN_OVERDUE` past `checkInDue` within
   * the offline grace (`LICENSE_IN_GRACE` when both hold); `notice.until` is when it stops
   * working. See docs/devices.md.
   *
   * @example
   * ```ts
   * const result = airlock.check();
   * if (!result.ok) showLicenseDialog(result.code); // e.g. 'LICENSE_EXPIRED', 'CHECK_IN_REQUIRED'
   * else if (result.notice) warn(`${result.notice.code}: works until ${result.notice.until.toISOString()}`);
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
    return this.holder.check().ok && this.holder.usable!.view.features.has(name);
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
    if (!result.ok || this.holder.usable!.view.features.has(name)) return result;
    return refuse('FEATURE_NOT_LICENSED', { feature: String(name).slice(0, 100) });
  }

  /**
   * A meter's consumption against the license's limit, which all its devices share: `used` is
   * the license's total as of the file in force plus this device's consumption since,
   * `remaining` what this device's allotment still allows, `overage` how far `used` is past the
   * limit within the overage allowance (docs/devices.md, "Meter limits shared by devices").
   * Undefined when the license has no such meter (or there is no license).
   *
   * @example
   * ```ts
   * const renders = airlock.usage('renders');
   * // { meter: 'renders', used: 412, limit: 1000, remaining: 188, overage: 0, overageAllowance: 0 }
   * ```
   */
  usage(meter: string): MeterReading | undefined {
    return usage(this.holder, meter);
  }

  /**
   * Records consumption of a meter, refused (and not recorded) when the license may not be
   * used now (the `check` codes), has no such meter (LICENSE_TYPE_NOT_LICENSED), the amount is
   * not a whole number from 1 (QUANTITY_INVALID), or it would go over this device's allotment
   * of the limit and its overage allowance (METER_LIMIT_REACHED; a refresh may bring a new
   * allotment once the device's reports are counted). Saved before it returns; reported at
   * `checkIn` or in the deactivation file.
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
   * written into the file. `{ trial: true }` asks for the product's trial, with no key (the
   * portal answers it when the vendor's trial offer allows offline trials). Refused when a
   * license other than a trial is in force (DEVICE_ALREADY_ACTIVATED): a license installed over
   * a trial replaces it; and for a mistyped license key (LICENSE_KEY_MALFORMED: its check
   * character catches one wrong or two swapped characters), writing nothing. The key may be
   * typed in any case, with or without its hyphens. The request says whether the device runs in
   * a virtual machine or a container (`environment`). The device remembers its last eight
   * requests; a license file answering any of them installs.
   *
   * @example
   * ```ts
   * await writeFile('studio-activation.req', await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }));
   * await writeFile('studio-trial.req', await airlock.createActivationRequest({ trial: true }));
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
   * Starts an activation by typed codes, for a device that neither a file nor a camera can
   * reach: checks the license key (LICENSE_KEY_MALFORMED for a mistyped one, before anything is
   * shown) and returns a short initialization code, `XXXX-XXXX-XXXX-XXXX`, for the person to
   * type with the key on the authority's offline portal. The device remembers the latest one
   * (a new call replaces it; `pendingInitializationCode` shows it again). Key-based licenses
   * only. Refused while a license from files is in force (DEVICE_ALREADY_ACTIVATED); a license
   * from codes is replaced by the next one installed.
   *
   * @example
   * ```ts
   * showOnScreen(await airlock.createInitializationCode({ licenseKey })); // '1H8X-SEV4-MAPP-JY4V'
   * ```
   */
  createInitializationCode(credential: { readonly licenseKey: string }): Promise<string> {
    return createInitializationCode(this.holder, credential);
  }

  /**
   * Installs the activation code the portal answered, as typed (case, spaces and hyphens do not
   * matter): ACTIVATION_CODE_INVALID for a mistyped code (nothing counted);
   * ACTIVATION_REQUEST_UNKNOWN with no initialization code outstanding; ACTIVATION_CODE_MISMATCH
   * when it is not the answer to this device's initialization code under its license key (or
   * `codeFeatures` differ from the authority's): each such attempt counts, and after 10 the
   * initialization code is forgotten; LICENSE_EXPIRED. A refused code installs nothing. The
   * license then answers `check`, `hasFeature` and `checkFeature` from memory, with the code's
   * end and features; it has no meters, metadata or refreshes (ACTIVATED_BY_CODE).
   *
   * @example
   * ```ts
   * const license = await airlock.installActivationCode(typedByUser); // { features: ['export'], validUntil: … }
   * ```
   */
  installActivationCode(code: string): Promise<DeviceLicense> {
    return installActivationCode(this.holder, code);
  }

  /**
   * Gives up a license activated by typed codes: disables it here and returns a deactivation
   * code, `XXXX-XXXX-XXXX-XXXX`, for the person to type with the license key on the portal,
   * which frees the activation. Asked again, it shows the same code. NOT_ACTIVATED when no
   * license from codes is installed (a license from files is given up with `deactivate`).
   *
   * @example
   * ```ts
   * showOnScreen(await airlock.createDeactivationCode()); // '3APP-JY4Q-P9DR-2ZR6'
   * ```
   */
  createDeactivationCode(): Promise<string> {
    return createDeactivationCode(this.holder);
  }

  /** The initialization code waiting for its activation code, or null. */
  get pendingInitializationCode(): string | null {
    return this.holder.state?.pendingCode?.initializationCode ?? null;
  }

  /** The deactivation code shown when a license from typed codes was given up, or null. */
  get deactivationCode(): string | null {
    return this.holder.state?.codeLicense?.deactivationCode ?? null;
  }

  /**
   * Activates the device over the authority's API with a license key, or a user's name and
   * password (user-based licenses): the same request and license file as offline, exchanged
   * directly. Over a trial, the license replaces it. A mistyped license key is
   * LICENSE_KEY_MALFORMED before anything is sent. Needs `authorityUrl`; AUTHORITY_UNREACHABLE
   * when it does not answer. A license that forbids virtual machines refuses a device in one
   * (VIRTUAL_MACHINE_NOT_ALLOWED).
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
   * Starts the product's trial over the authority's API, with no license key: the license that
   * comes back says `trial: true` and ends when the vendor's offer says. A trial is kept per
   * product and device fingerprint, so asking again (after re-installing, or deleting the
   * store) gives the same trial with the same end, and asking after it ended is refused
   * TRIAL_ALREADY_USED; TRIAL_NOT_AVAILABLE when the product offers none. To move to a real
   * license, `activate()` (or install its file) while the trial is installed: it replaces it.
   *
   * @example
   * ```ts
   * const license = await airlock.startTrial();
   * console.log(license.trial, license.validUntil); // true, 14 days from now
   * ```
   */
  startTrial(): Promise<DeviceLicense> {
    return activateOnline(this.holder, { trial: true });
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
   * newer. The request is a fresh activation request signed by this device's key. The answer's
   * status is acted on (docs/devices.md, "Vendor control over devices"): `deactivated` (by the
   * vendor, or with this device's deactivation file) disables the license here too, and
   * `check()` then answers DEVICE_DEACTIVATED; `blocked` (the vendor blocked this device)
   * disables it with DEVICE_BLOCKED; `suspended` makes `check()` answer LICENSE_SUSPENDED
   * until a later refresh answers `active`. The check-in receipt in the answer must chain to the
   * pinned root, name this device and answer this very request (else its code is thrown and
   * nothing changes); the status it signs is the one acted on, and its time becomes the
   * device's last contact, which moves `checkInDue`.
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
   * authority counts each report once. The answer's status is acted on as `refresh()` acts on
   * it: deactivated or blocked disables the license, suspended makes `check()` answer
   * LICENSE_SUSPENDED, active lifts a suspension. The check-in receipt that answers the new
   * report is verified like `refresh()`'s and moves `checkInDue`; it is how a device with
   * nothing to report proves it came online.
   *
   * @example
   * ```ts
   * const { reported, status } = await airlock.checkIn(); // [{ meter: 'renders', amount: 12 }], 'active'
   * ```
   */
  checkIn(): Promise<CheckInOutcome> {
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
