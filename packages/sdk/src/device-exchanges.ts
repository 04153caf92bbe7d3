import {
  AirlockError,
  issueDeactivationFile,
  issueDeviceActivationRequest,
  issueDeviceUsageReport,
  isNewerDeviceRefresh,
  openDeviceCheckInReceipt,
  openDeviceLicenseFile,
  openDeviceRefreshFile,
  refreshAppliesTo,
  type DeviceCredential,
  type DeviceLicenseFile,
  type KeyPair,
  type OpenDeviceLicenseContext,
  type Random,
  type RevocationList,
  type TrustAnchor,
} from '@airlock/core';
import { licenseView, type LicenseView } from './device-license.ts';
import type { DeviceEnvironment } from './environment.ts';
import { MAX_PENDING_REQUESTS, type Activation, type StoreState } from './store-state.ts';

/**
 * The device's side of each document exchange, as functions from the stored state to the next
 * one: they verify and issue documents with the core and never touch the store or the network.
 * The Airlock class persists what they return.
 */

/** What identifies this device and what it trusts. */
export interface Device {
  readonly product: string;
  readonly fingerprint: string;
  readonly signingKey: KeyPair;
  readonly encryptionKey: KeyPair;
  readonly random: Random;
  readonly sdkVersion: string;
  readonly appVersion?: string | undefined;
  readonly deviceName?: string | undefined;
  /** Whether it runs in a virtual machine or a container, and the evidence. */
  readonly environment: () => DeviceEnvironment;
}

/** A verified license, with the newest revocation list the verification learnt. */
export interface VerifiedLicense {
  readonly view: LicenseView;
  /** The device license file's own claims (a refresh amends its terms, not its id). */
  readonly file: DeviceLicenseFile;
  readonly revocations: RevocationList | undefined;
}

function openContext(device: Device, trust: TrustAnchor, now: Date): OpenDeviceLicenseContext {
  return {
    now,
    trust,
    fingerprint: device.fingerprint,
    deviceEncryptionKey: device.encryptionKey,
    deviceSigningKid: device.signingKey.kid,
  };
}

/**
 * Verifies the license an activation holds again: its license file, then its newest refresh.
 * `now` is the latest time the device has seen, so that a clock set back since does not make a
 * genuine file look as if it came from the future (the clock is judged apart, by `check`).
 */
export async function verifyActivation(device: Device, trust: TrustAnchor, activation: Activation, now: Date): Promise<VerifiedLicense> {
  const opened = await openDeviceLicenseFile(activation.licenseFile, openContext(device, trust, now));
  if (activation.refreshFile === null) {
    return { view: licenseView(opened.claims, opened.claims.jti), file: opened.claims, revocations: opened.revocations };
  }
  const refresh = await openDeviceRefreshFile(activation.refreshFile, openContext(device, { ...trust, revocations: opened.revocations }, now));
  return { view: licenseView(refresh.claims, opened.claims.jti), file: opened.claims, revocations: refresh.revocations };
}

/** A new activation request, remembered as outstanding (the newest few are kept). */
export async function makeActivationRequest(
  device: Device,
  trust: TrustAnchor,
  state: StoreState,
  credential: DeviceCredential,
  authorityEncryptionKey: string,
  now: Date,
): Promise<{ readonly text: string; readonly state: StoreState }> {
  const { text, claims } = await activationRequest(device, trust, credential, authorityEncryptionKey, now);
  const pendingRequests = [...state.pendingRequests, { id: claims.jti, credential }].slice(-MAX_PENDING_REQUESTS);
  return { text, state: { ...state, pendingRequests } };
}

/**
 * An activation request. An activated device sends one too, naming the revision it holds
 * (`currentRevision`), to ask for its license as it now stands: online to validate, offline
 * on the portal for a refresh file.
 */
export async function activationRequest(
  device: Device,
  trust: TrustAnchor,
  credential: DeviceCredential,
  authorityEncryptionKey: string,
  now: Date,
  currentRevision?: number,
) {
  return issueDeviceActivationRequest(
    {
      product: device.product,
      fingerprint: device.fingerprint,
      credential,
      deviceEncryptionKey: device.encryptionKey.publicJwk,
      deviceName: device.deviceName,
      sdkVersion: device.sdkVersion,
      appVersion: device.appVersion,
      currentRevision,
      // The two answers only: the evidence stays on the device.
      environment: { virtualMachine: device.environment().virtualMachine, container: device.environment().container },
      authorityEncryptionKey,
    },
    { now, random: device.random, signer: device.signingKey, trust },
  );
}

/**
 * Installs a device license file: it must pass every envelope and binding check and answer an
 * activation request this device still has outstanding (ACTIVATION_REQUEST_UNKNOWN otherwise:
 * a license file already installed once, or made for a request this device never wrote).
 */
export async function acceptLicenseFile(
  device: Device,
  trust: TrustAnchor,
  state: StoreState,
  text: string,
  now: Date,
  activationId: string | null = null,
): Promise<{ readonly state: StoreState; readonly verified: VerifiedLicense }> {
  const opened = await openDeviceLicenseFile(text, openContext(device, trust, now));
  const request = state.pendingRequests.find((pending) => opened.claims.answers.includes(pending.id));
  if (!request) {
    throw new AirlockError('ACTIVATION_REQUEST_UNKNOWN', { licenseFile: opened.claims.jti, answers: [...opened.claims.answers] });
  }
  const view = licenseView(opened.claims, opened.claims.jti);
  if (now.getTime() >= view.graceEndsAt) {
    throw new AirlockError('LICENSE_EXPIRED', { expiredAt: new Date(view.endsAt).toISOString(), now: now.toISOString() });
  }
  const activation: Activation = {
    status: 'active',
    credential: request.credential,
    licenseFile: text,
    refreshFile: null,
    activationId,
    consumption: [],
    reportSequence: 0,
    pendingReport: null,
    // Issued by the authority, the file is its word at that time; online, it just answered.
    lastContact: opened.claims.iat * 1000,
    deactivation: null,
  };
  return {
    // A license from files replaces one from typed codes, and any code outstanding.
    state: {
      ...state,
      pendingRequests: [],
      activation,
      pendingCode: null,
      codeLicense: null,
      latestSeen: Math.max(state.latestSeen, opened.claims.iat * 1000),
    },
    verified: { view, file: opened.claims, revocations: opened.revocations },
  };
}

/**
 * Applies a refresh file: every envelope and binding check, then that it amends the license
 * file this device installed (WRONG_RECIPIENT otherwise: a refresh of an earlier activation)
 * and is newer than the revision held (REFRESH_NOT_NEWER: an old file never rolls back).
 */
export async function acceptRefreshFile(
  device: Device,
  trust: TrustAnchor,
  state: StoreState & { readonly activation: Activation },
  installed: VerifiedLicense,
  text: string,
  now: Date,
): Promise<{ readonly state: StoreState; readonly verified: VerifiedLicense }> {
  const opened = await openDeviceRefreshFile(text, openContext(device, trust, now));
  if (!refreshAppliesTo(installed.file, opened.claims)) {
    throw new AirlockError('WRONG_RECIPIENT', {
      document: 'device-refresh-file',
      reason: 'it refreshes another activation',
      expected: installed.file.jti,
      found: opened.claims.refreshes,
    });
  }
  if (!isNewerDeviceRefresh(installed.view.license.revision, opened.claims, installed.view.issuedAt)) {
    throw new AirlockError('REFRESH_NOT_NEWER', { held: installed.view.license.revision, found: opened.claims.revision });
  }
  const reportedThrough = opened.claims.reportedThrough ?? 0;
  const activation: Activation = { ...state.activation, refreshFile: text, covered: { reportedThrough, totals: coveredBy(state.activation, reportedThrough) } };
  return {
    state: { ...state, activation, latestSeen: Math.max(state.latestSeen, opened.claims.iat * 1000) },
    verified: { view: licenseView(opened.claims, installed.file.jti), file: installed.file, revocations: opened.revocations },
  };
}

/** Consumption not yet reported, per meter (meters with nothing to report are left out). */
function unreportedConsumption(activation: Activation): { meter: string; amount: number }[] {
  return activation.consumption.filter((usage) => usage.unreported > 0).map(({ meter, unreported }) => ({ meter, amount: unreported }));
}

/**
 * Gives the license up: the deactivation file carries the unreported consumption and the
 * device variables, and the activation is marked deactivated in the same step, so the file and
 * a usable license never exist together. Outstanding requests and the variables are dropped.
 */
export async function makeDeactivation(
  device: Device,
  trust: TrustAnchor,
  state: StoreState & { readonly activation: Activation },
  installed: VerifiedLicense,
  authorityEncryptionKey: string,
  now: Date,
): Promise<{ readonly text: string; readonly state: StoreState }> {
  const { text } = await issueDeactivationFile(
    {
      license: installed.file,
      licenseRevision: installed.view.license.revision,
      consumption: unreportedConsumption(state.activation),
      variables: state.variables,
      // A report sent without an answer may have been counted: the authority takes its part out.
      ...(state.activation.pendingReport ? { reportedThrough: state.activation.reportSequence - 1 } : {}),
      authorityEncryptionKey,
    },
    { now, random: device.random, signer: device.signingKey, trust },
  );
  const activation: Activation = { ...state.activation, status: 'deactivated', deactivation: { file: text, submitted: false } };
  return { text, state: { ...state, activation, pendingRequests: [], variables: [] } };
}

/**
 * Reads the check-in receipt the authority answered a request with: it must chain to the
 * pinned root, name this device and license, and answer the request just sent (`requestId`),
 * so that an old receipt played back never postpones a check-in. Its issue time (the
 * authority's clock, not the device's) is the device's last contact (ms).
 */
export async function verifyCheckInReceipt(
  device: Device,
  trust: TrustAnchor,
  installed: VerifiedLicense,
  text: unknown,
  requestId: string,
  now: Date,
): Promise<{ readonly contact: number; readonly status: string }> {
  const { claims } = await openDeviceCheckInReceipt(text, {
    now,
    trust,
    fingerprint: device.fingerprint,
    licenseId: installed.view.license.licenseId,
    answers: requestId,
    clockSkewTolerance: installed.view.toleranceMs,
  });
  return { contact: claims.iat * 1000, status: claims.status };
}

/** The state with the device's last contact moved to a verified receipt's time (never the latest time seen back). */
export function contactMade(state: StoreState & { readonly activation: Activation }, contact: number): StoreState {
  return { ...state, activation: { ...state.activation, lastContact: contact }, latestSeen: Math.max(state.latestSeen, contact) };
}

/** A usage report of everything unreported, numbered one above the previous report. */
export async function makeUsageReport(
  device: Device,
  trust: TrustAnchor,
  state: StoreState & { readonly activation: Activation },
  installed: VerifiedLicense,
  authorityEncryptionKey: string,
  now: Date,
): Promise<{ readonly state: StoreState; readonly text: string; readonly id: string }> {
  const { activation } = state;
  const consumption = unreportedConsumption(activation);
  const sequence = activation.reportSequence + 1;
  const { text, claims } = await issueDeviceUsageReport(
    {
      license: installed.file,
      activationId: activation.activationId ?? undefined,
      licenseRevision: installed.view.license.revision,
      sequence,
      consumption,
      authorityEncryptionKey,
    },
    { now, random: device.random, signer: device.signingKey, trust },
  );
  const reports = [
    ...(activation.reports ?? []),
    { sequence, totals: mergeAmounts([...reportedThrough(activation, activation.reportSequence), ...consumption]) },
  ].slice(-MAX_REPORTS_KEPT);
  return {
    text,
    id: claims.jti,
    state: { ...state, activation: { ...activation, reportSequence: sequence, pendingReport: { file: text, consumption }, reports } },
  };
}

/** How many recent reports the device remembers the amounts of. */
const MAX_REPORTS_KEPT = 32;

/** Amounts summed per meter, in the order the meters first appear. */
export function mergeAmounts(amounts: readonly { meter: string; amount: number }[]): { meter: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const { meter, amount } of amounts) totals.set(meter, (totals.get(meter) ?? 0) + amount);
  return [...totals].map(([meter, amount]) => ({ meter, amount }));
}

/**
 * The consumption the device's reports carried through the given sequence, per meter: what a
 * file with that `reportedThrough` already counts. A report the device no longer remembers
 * counts as carrying nothing, so that the device never takes more than its allotment.
 */
function reportedThrough(activation: Activation, sequence: number): { meter: string; amount: number }[] {
  if (sequence <= 0) return [];
  const known = (activation.reports ?? []).filter((report) => report.sequence <= sequence).at(-1);
  return known ? known.totals.map(({ meter, amount }) => ({ meter, amount })) : [];
}

/**
 * What the file in force counts of this device's consumption: as worked out when it was
 * applied, or from the reports remembered.
 */
export function coveredBy(activation: Activation, sequence: number): { meter: string; amount: number }[] {
  if (activation.covered?.reportedThrough === sequence) return activation.covered.totals.map(({ meter, amount }) => ({ meter, amount }));
  return reportedThrough(activation, sequence);
}

/** The authority counted the pending report: what it carried is no longer unreported. */
export function reportAcknowledged(activation: Activation): Activation {
  const reported = new Map((activation.pendingReport?.consumption ?? []).map(({ meter, amount }) => [meter, amount]));
  return {
    ...activation,
    pendingReport: null,
    consumption: activation.consumption.map((usage) => ({ ...usage, unreported: Math.max(0, usage.unreported - (reported.get(usage.meter) ?? 0)) })),
  };
}
