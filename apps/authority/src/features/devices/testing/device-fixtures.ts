import {
  days,
  issueDeactivationFile,
  issueDeviceActivationRequest,
  issueDeviceUsageReport,
  openDeviceLicenseFile,
  openDeviceRefreshFile,
  type DeviceCredential,
  type DeviceLicenseFile,
  type DeviceRefreshFile,
  type KeyPair,
  type LicensingPolicy,
  type Random,
} from '@airlock/core';
import { createTestParty, type TestAuthority, type TestParty } from '@airlock/core/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../http/permissions.ts';

/**
 * Test support for device licensing: a catalogue, policies and customers written straight into
 * the tables (so the tests depend on no other feature's routes), devices made by the core as
 * the SDK makes them, and counts of every table a device exchange writes. Never for production.
 */

export const PRODUCT = 'studio';

/** Policies by id: what each test needs of a policy's settings. */
const testPolicies: Readonly<Record<string, Partial<LicensingPolicy>>> = {
  standard: { kind: 'term', allowOffline: true, maxActivations: 1 },
  'online-only': { kind: 'term', allowOffline: false, maxActivations: 2 },
  subscription: { kind: 'subscription', allowOffline: true, maxActivations: 2 },
  perpetual: { kind: 'permanent', allowOffline: true, maxActivations: null },
};

/** The product, the policies above and two customers (acme and globex) on `standard`. */
export async function seedDeviceCatalogue(db: Db, now: Date): Promise<void> {
  await db.insertInto('products').values({ id: PRODUCT, name: 'Studio', created_at: now }).execute();
  await db.insertInto('products').values({ id: 'viewer', name: 'Viewer', created_at: now }).execute();
  for (const [id, policy] of Object.entries(testPolicies)) {
    await db
      .insertInto('policies')
      .values({
        id,
        name: id,
        kind: policy.kind ?? 'term',
        allow_offline: policy.allowOffline ?? true,
        max_activations: policy.maxActivations === undefined ? 1 : policy.maxActivations,
        enablement_token_ttl_ms: days(1),
        cycle_window_from_first_lfr_ms: days(7),
        cycle_window_from_latest_lfr_ms: days(2),
        clock_skew_tolerance_ms: 300_000,
        expiring_soon_window_ms: days(30),
        minimum_site_version: null,
        created_at: now,
      })
      .execute();
  }
  for (const id of ['acme', 'globex']) {
    await db
      .insertInto('customers')
      .values({ id, name: id, contact_email: `it@${id}.test`, account_ends_on: '2028-12-31', policy_id: 'standard', offline_approval: null, created_at: now })
      .execute();
  }
}

/** A device as the SDK sees itself: its keys and its fingerprint. */
export interface TestDevice extends TestParty {
  readonly fingerprint: string;
}

export function testDevice(seed: string): TestDevice {
  return { ...createTestParty(`devices/${seed}`), fingerprint: `fp-${seed}` };
}

export interface RequestOptions {
  readonly product?: string;
  readonly currentRevision?: number;
  /** Signs with this key instead of the device's own. */
  readonly signer?: KeyPair;
  /** What the device says of where it runs; left out, as an SDK from before the claim does. */
  readonly environment?: { readonly virtualMachine: boolean; readonly container: boolean };
}

/** A device activation request, encrypted to the test authority. */
export async function activationRequest(
  authority: TestAuthority,
  device: TestDevice,
  credential: DeviceCredential,
  at: { now: Date; random: Random },
  options: RequestOptions = {},
): Promise<string> {
  const { text } = await issueDeviceActivationRequest(
    {
      product: options.product ?? PRODUCT,
      fingerprint: device.fingerprint,
      credential,
      deviceEncryptionKey: device.encryptionKey.publicJwk,
      deviceName: `host of ${device.fingerprint}`,
      sdkVersion: '0.1.0',
      appVersion: '3.2.0',
      currentRevision: options.currentRevision,
      environment: options.environment,
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { now: at.now, random: at.random, signer: options.signer ?? device.signingKey, trust: authority.trust },
  );
  return text;
}

/** Opens a device license file as the device does. */
export async function openOnDevice(authority: TestAuthority, device: TestDevice, text: string, now: Date): Promise<DeviceLicenseFile> {
  const context = {
    now,
    trust: authority.trust,
    fingerprint: device.fingerprint,
    deviceEncryptionKey: device.encryptionKey,
    deviceSigningKid: device.signingKey.kid,
  };
  return (await openDeviceLicenseFile(text, context)).claims;
}

/** Opens a device license refresh file as the device does. */
export async function openRefreshOnDevice(authority: TestAuthority, device: TestDevice, text: string, now: Date): Promise<DeviceRefreshFile> {
  const context = {
    now,
    trust: authority.trust,
    fingerprint: device.fingerprint,
    deviceEncryptionKey: device.encryptionKey,
    deviceSigningKid: device.signingKey.kid,
  };
  return (await openDeviceRefreshFile(text, context)).claims;
}

/** The deactivation file the device writes when it gives its license up. */
export async function deactivationFile(
  authority: TestAuthority,
  device: TestDevice,
  installed: DeviceLicenseFile,
  input: { consumption?: { meter: string; amount: number }[]; variables?: { name: string; value: string }[]; signer?: KeyPair; reportedThrough?: number },
  at: { now: Date; random: Random },
): Promise<string> {
  const { text } = await issueDeactivationFile(
    {
      license: installed,
      licenseRevision: installed.revision,
      consumption: input.consumption ?? [],
      variables: input.variables ?? [],
      ...(input.reportedThrough === undefined ? {} : { reportedThrough: input.reportedThrough }),
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { now: at.now, random: at.random, signer: input.signer ?? device.signingKey, trust: authority.trust },
  );
  return text;
}

/** A usage report of the device. */
export async function usageReport(
  authority: TestAuthority,
  device: TestDevice,
  installed: DeviceLicenseFile,
  input: { sequence: number; consumption: { meter: string; amount: number }[]; activationId?: string; signer?: KeyPair },
  at: { now: Date; random: Random },
): Promise<string> {
  const { text } = await issueDeviceUsageReport(
    {
      license: installed,
      activationId: input.activationId,
      licenseRevision: installed.revision,
      sequence: input.sequence,
      consumption: input.consumption,
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { now: at.now, random: at.random, signer: input.signer ?? device.signingKey, trust: authority.trust },
  );
  return text;
}

/** The tables a device exchange writes to, and their row counts: a refusal leaves them as they were. */
const deviceTables = [
  'device_licenses',
  'device_license_users',
  'device_activations',
  'device_license_files',
  'device_deactivations',
  'device_usage_reports',
  'device_license_usage',
  'device_meter_allotments',
  'device_blocks',
  'portal_brands',
  'audit_events',
] as const;

export async function countDeviceWrites(db: Db): Promise<Record<(typeof deviceTables)[number], number>> {
  const counts = {} as Record<(typeof deviceTables)[number], number>;
  for (const table of deviceTables) {
    counts[table] = Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  return counts;
}

/** A license as `POST /v1/device-licenses` answers it. */
export interface CreatedLicense {
  readonly id: string;
  readonly licenseKey?: string;
  readonly revision: number;
  readonly activeActivations: number;
  readonly activations: { id: string; status: string; revision: number }[];
  readonly usage: { meter: string; total: number }[];
}

type Call = (options: InjectOptions & { as?: Principal }) => Promise<LightMyRequestResponse>;

/** Creates a license through the API, failing the test on any refusal. */
export async function createLicense(request: Call, body: Record<string, unknown>): Promise<CreatedLicense> {
  const response = await request({
    method: 'POST',
    url: '/v1/device-licenses',
    payload: { productId: PRODUCT, customerId: 'acme', credential: 'license-key', expiresAt: '2027-11-23T00:00:00.000Z', ...body },
  });
  if (response.statusCode !== 201) throw new Error(`license not created: ${response.statusCode} ${response.body}`);
  return response.json<CreatedLicense>();
}

/** A client address per test, so that the per-address rate limit of one test never touches another's. */
let addresses = 0;
export function nextAddress(): string {
  addresses += 1;
  return `198.51.100.${addresses % 250}`;
}
