import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AirlockError,
  issueDeviceCheckInReceipt,
  issueDeviceLicenseFile,
  issueDeviceRefreshFile,
  minutes,
  openDeactivationFile,
  openDeviceActivationRequest,
  openDeviceUsageReport,
  type CheckInFacts,
  type DeviceLicenseFile,
  type DeviceLicenseTerms,
  type OpenedDeviceActivationRequest,
} from '@airlock/core';
import { createTestAuthority, type TestAuthority } from '@airlock/core/testing';
import { expect } from 'vitest';
import { Airlock, type AirlockOptions } from '../src/index.ts';

/**
 * A vendor for the SDK's tests: a test authority that answers the SDK's activation requests
 * with real device license files and refresh files, and reads what the device sends back.
 */
export const START = new Date('2026-11-23T10:00:00Z');
const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

/** The terms a test license starts with: a term license with one feature and two meters. */
export const defaultTerms: DeviceLicenseTerms = {
  licenseKind: 'term',
  revision: 1,
  validUntil: new Date('2027-11-23T00:00:00Z'),
  entitlements: {
    features: ['export'],
    meters: [
      { meter: 'renders', limit: 10 },
      { meter: 'previews', limit: null },
    ],
  },
  metadata: [{ name: 'edition', value: 'pro' }],
  checks: { allowOffline: true, clockSkewTolerance: minutes(5) },
};

export interface Issued {
  readonly text: string;
  readonly claims: DeviceLicenseFile;
  readonly request: OpenedDeviceActivationRequest;
}

export class TestClock {
  constructor(private current: Date = START) {}
  readonly now = (): Date => new Date(this.current);
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestVendor {
  readonly authority: TestAuthority;
  readonly clock: TestClock;
  /** Options for `Airlock.open` on a device of this vendor (a fresh store per call unless given). */
  options(overrides?: Partial<AirlockOptions>): Promise<AirlockOptions>;
  /** The device license file answering an activation request. */
  answer(request: string, terms?: Partial<DeviceLicenseTerms>): Promise<Issued>;
  /** A refresh file for an issued license with the given terms (revision 2 unless told). */
  refresh(issued: Issued, terms?: Partial<DeviceLicenseTerms>): Promise<string>;
  /** A check-in receipt answering the request (or report) with this id, for device `device-a` on `lic-1` unless told. */
  receipt(answers: string, facts?: Partial<CheckInFacts>): Promise<string>;
  openDeactivation(text: string): ReturnType<typeof openDeactivationFile>;
  openUsageReport(text: string): ReturnType<typeof openDeviceUsageReport>;
  dispose(): Promise<void>;
}

export async function testVendor(): Promise<TestVendor> {
  const authority = await createTestAuthority('sdk-vendor');
  const clock = new TestClock();
  const directories: string[] = [];
  const authorityContext = () => ({ now: clock.now(), rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
  return {
    authority,
    clock,
    async options(overrides = {}) {
      const directory = await mkdtemp(join(tmpdir(), 'airlock-sdk-'));
      directories.push(directory);
      return {
        product: 'studio',
        rootKey: authority.root.publicJwk,
        authorityEncryptionKey: authority.encryptionCertificate,
        storePath: join(directory, 'studio.license'),
        fingerprint: 'device-a',
        now: clock.now,
        ...overrides,
      };
    },
    async answer(request, terms = {}) {
      const opened = await openDeviceActivationRequest(request, authorityContext());
      const issued = await issueDeviceLicenseFile(
        opened,
        { licenseId: 'lic-1', ...defaultTerms, ...terms },
        { now: clock.now(), random, signer: authority.signer },
      );
      return { text: issued.text, claims: issued.claims, request: opened };
    },
    async refresh(issued, terms = {}) {
      const refreshed = await issueDeviceRefreshFile(
        { license: issued.claims, deviceEncryptionKey: issued.request.claims.deviceEncryptionKey },
        { ...defaultTerms, revision: 2, ...terms },
        { now: clock.now(), random, signer: authority.signer },
      );
      return refreshed.text;
    },
    async receipt(answers, facts = {}) {
      const base: CheckInFacts = { answers, licenseId: 'lic-1', fingerprint: 'device-a', activationId: 'act-1', status: 'active', revision: 1 };
      return (await issueDeviceCheckInReceipt({ ...base, ...facts }, { now: clock.now(), random, signer: authority.signer })).text;
    },
    openDeactivation: (text) => openDeactivationFile(text, authorityContext()),
    openUsageReport: (text) => openDeviceUsageReport(text, authorityContext()),
    async dispose() {
      await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
    },
  };
}

/** Opens a device and activates it offline with a license of the given terms. */
export async function activatedDevice(vendor: TestVendor, terms: Partial<DeviceLicenseTerms> = {}, overrides: Partial<AirlockOptions> = {}) {
  const options = await vendor.options(overrides);
  const airlock = await Airlock.open(options);
  const issued = await vendor.answer(await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }), terms);
  await airlock.installLicenseFile(issued.text);
  return { airlock, options, issued };
}

/** The refusal a promise ends with: an AirlockError with this code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirlockError);
  expect((error as AirlockError).code).toBe(code);
  return error as AirlockError;
}

/** The store file's bytes, to prove a refusal left it as it was. */
export const storeBytes = (options: AirlockOptions): Promise<Buffer> => readFile(options.storePath);
