import { generateKeyPair, type KeyPair } from '../crypto/keys.ts';
import { dearmor } from '../encoding/armor.ts';
import type { DocumentKind } from '../documents/document-kind.ts';
import { activatedLicenseKind, issueActivatedLicense, openActivatedLicense } from '../documents/activated-license.ts';
import { deactivationFileKind, issueDeactivationFile, openDeactivationFile } from '../documents/deactivation-file.ts';
import { deviceCheckInReceiptKind, issueDeviceCheckInReceipt, openDeviceCheckInReceipt } from '../documents/device-check-in-receipt.ts';
import {
  deviceActivationRequestKind,
  issueDeviceActivationRequest,
  openDeviceActivationRequest,
  type DeviceActivationInput,
} from '../documents/device-activation-request.ts';
import { deviceLicenseFileKind, issueDeviceLicenseFile, openDeviceLicenseFile } from '../documents/device-license-file.ts';
import { deviceRefreshFileKind, issueDeviceRefreshFile, openDeviceRefreshFile } from '../documents/device-refresh-file.ts';
import { deviceUsageReportKind, issueDeviceUsageReport, openDeviceUsageReport } from '../documents/device-usage-report.ts';
import { issueSiteBorrow, issueSiteLease, openSiteBorrow, openSiteLease, siteBorrowKind, siteLeaseKind } from '../documents/floating-seat.ts';
import { enablementTokenKind, issueEnablementToken, openEnablementToken, type EnablementTokenRequest } from '../documents/enablement-token.ts';
import { issueLicenseFileRequest, licenseFileRequestKind, openLicenseFileRequest, type LicenseFileRequestInput } from '../documents/license-file-request.ts';
import { issueOfflineLicenseFile, offlineLicenseFileKind, openOfflineLicenseFile } from '../documents/offline-license-file.ts';
import { generateLrn, issueOrderLicense, openOrderLicense, orderLicenseKind } from '../documents/order-license.ts';
import { deriveRegistrationKey } from '../documents/registration-key.ts';
import { issueSiteExchangeRequest, openSiteExchangeRequest, siteExchangeRequestKind } from '../documents/site-exchange-request.ts';
import { days, hours, minutes } from '../time/duration.ts';
import { seededRandom } from './seeded-random.ts';
import { createTestAuthority, createTestParty, type TestAuthority, type TestParty } from './test-parties.ts';

/**
 * One document of every kind, made along the flows of docs/design.md (F1, F2, F4, F5) by test parties
 * built from a fixed seed, with a way to open each as its receiver would. It feeds the test
 * vectors, the robustness tests and the demo.
 */
export type SampleKeyName =
  | 'authorityRoot'
  | 'authoritySigning'
  | 'authorityEncryption'
  | 'siteSigning'
  | 'siteEncryption'
  | 'deviceSigning'
  | 'deviceEncryption'
  /** The device's one-time X25519 key of the sample lease (its heartbeat key comes from it and `siteEncryption`). */
  | 'deviceLease';

export interface SampleDocument {
  /** The vector's name when the kind has more than one sample (the kind's name otherwise). */
  readonly name?: string;
  readonly kind: DocumentKind;
  readonly text: string;
  readonly claims: object;
  /** The key the document is encrypted to, or null. */
  readonly encryptedTo: SampleKeyName | null;
  /** Opens a text as this document's receiver, with every check on. */
  open(text: unknown): Promise<unknown>;
}

export interface SampleScenario {
  readonly now: Date;
  readonly authority: TestAuthority;
  readonly site: TestParty & { readonly tenant: string; readonly registrationKey: string };
  readonly device: TestParty & { readonly fingerprint: string };
  readonly keys: Readonly<Record<SampleKeyName, KeyPair>>;
  readonly documents: readonly SampleDocument[];
}

export const SAMPLE_NOW = new Date('2026-11-23T10:00:00Z');

export async function buildSampleScenario(seed = 'airlock-vectors-v1'): Promise<SampleScenario> {
  const now = SAMPLE_NOW;
  const random = seededRandom(seed);
  const authority = await createTestAuthority(`${seed}/authority`);
  const { signer, trust } = authority;
  const rootKid = authority.root.kid;
  const siteParty = createTestParty(`${seed}/site`);
  const tenant = 'default';
  const site = {
    ...siteParty,
    tenant,
    registrationKey: deriveRegistrationKey({ siteGuid: siteParty.guid, tenantId: tenant, siteKeyThumbprint: siteParty.signingKey.kid }),
  };
  const device = { ...createTestParty(`${seed}/device`), fingerprint: 'fp-3f9a1c2b7d' };
  const issuing = { now, random };
  const siteContext = { now, trust, siteEncryptionKey: site.encryptionKey, siteGuid: site.guid, tenant };
  const deviceContext = { now, trust, fingerprint: device.fingerprint, deviceEncryptionKey: device.encryptionKey, deviceSigningKid: device.signingKey.kid };
  const authorityContext = { now, rootKid, encryptionKey: authority.encryptionKey };

  /** An enablement token for the sample site, with the terms given. */
  const enable = (request: Partial<EnablementTokenRequest> = {}) =>
    issueEnablementToken(
      {
        customerId: 'cust-1',
        siteGuid: site.guid,
        lifetime: hours(24),
        minimumSiteVersion: '40',
        authorityEncryptionKey: authority.encryptionCertificate,
        cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
        ...request,
      },
      { ...issuing, signer },
    );
  const token = await enable();
  /** An LFR of the sample site's first cycle, under `token` unless it names another. */
  const requestLicenseFile = (request: Pick<LicenseFileRequestInput, 'sequence' | 'usage'> & Partial<LicenseFileRequestInput>) =>
    issueLicenseFileRequest(
      {
        enablementToken: token.claims,
        tenant,
        siteVersion: '41.2',
        siteEncryptionKey: site.encryptionKey.publicJwk,
        cycle: 1,
        cycleOpenedAt: now,
        installed: null,
        ...request,
      },
      { ...issuing, signer: site.signingKey, trust },
    );
  const lfr = await requestLicenseFile({
    sequence: 1,
    usage: {
      seats: [{ type: 'bot-runner', users: ['ada', 'grace'] }],
      meters: [{ type: 'bot-runs', total: 120 }],
      ledger: { sequence: 3, head: 'a'.repeat(64) },
    },
  });
  const openedLfr = await openLicenseFileRequest(lfr.text, authorityContext);
  const entitlements = [
    { type: 'bot-runner', category: 'seat', quantity: 5 },
    { type: 'bot-runs', category: 'meter', quantity: 10_000 },
  ] as const;
  const olf = await issueOfflineLicenseFile(openedLfr, { start: '2026-11-23', end: '2027-11-22', entitlements: [...entitlements] }, { ...issuing, signer });

  /** An activation request (or validation) from the sample device, with its license key. */
  const requestActivation = (request: Partial<DeviceActivationInput> = {}) =>
    issueDeviceActivationRequest(
      {
        product: 'studio',
        fingerprint: device.fingerprint,
        credential: { method: 'license-key', licenseKey: 'STUDIO-7K3Q-M9XD-2HFA' },
        deviceEncryptionKey: device.encryptionKey.publicJwk,
        sdkVersion: '0.1.0',
        authorityEncryptionKey: authority.encryptionCertificate,
        ...request,
      },
      { ...issuing, signer: device.signingKey, trust },
    );
  const activation = await requestActivation({ deviceName: 'Lab PC 4' });
  const openedActivation = await openDeviceActivationRequest(activation.text, authorityContext);
  const terms = {
    licenseKind: 'term',
    revision: 1,
    validUntil: new Date('2027-11-23T00:00:00Z'),
    entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
    metadata: [{ name: 'seat-name', value: 'Lab 4' }],
    checks: { allowOffline: true, clockSkewTolerance: minutes(5) },
  } as const;
  // Each device gets its share of a meter's limit (docs/devices.md, "Meter limits shared by devices").
  const deviceLicense = await issueDeviceLicenseFile(
    openedActivation,
    {
      licenseId: 'lic-42',
      ...terms,
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000, overage: 0, counted: 0, allotment: 500 }] },
      metadata: [...terms.metadata],
      reportedThrough: 0,
    },
    { ...issuing, signer },
  );
  const deviceRefresh = await issueDeviceRefreshFile(
    { license: deviceLicense.claims, deviceEncryptionKey: device.encryptionKey.publicJwk },
    {
      ...terms,
      revision: 2,
      entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 5000, overage: 250, counted: 17, allotment: 2620 }] },
      metadata: [],
      reportedThrough: 3,
    },
    { ...issuing, signer },
  );
  const deactivation = await issueDeactivationFile(
    {
      license: deviceLicense.claims,
      licenseRevision: 2,
      consumption: [{ meter: 'renders', amount: 17 }],
      variables: [{ name: 'last-project', value: 'turbine-7' }],
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { ...issuing, signer: device.signingKey, trust },
  );

  const lrn = generateLrn(random);
  const items = [
    { product: 'studio', licenseType: 'bot-creator', quantity: 2, kind: 'permanent' },
    { product: 'studio', licenseType: 'bot-runner', quantity: 10, kind: 'term', expiresOn: '2027-12-31' },
  ] as const;
  const order = await issueOrderLicense({ lrn, orderId: 'order-7', customerId: 'cust-1', items: [...items] }, issuing);
  const activated = await issueActivatedLicense(
    { registrationKey: site.registrationKey, customerId: 'cust-1', activatedLrn: lrn, items: [...items], previous: null },
    { ...issuing, signer },
  );
  // Each document draws on `random`: a kind added at the end leaves the earlier samples unchanged.
  const usageReport = await issueDeviceUsageReport(
    {
      license: deviceLicense.claims,
      activationId: 'act-7',
      licenseRevision: 2,
      sequence: 3,
      consumption: [{ meter: 'renders', amount: 5 }],
      authorityEncryptionKey: authority.encryptionCertificate,
    },
    { ...issuing, signer: device.signingKey, trust },
  );

  // A site restored from a backup: its LFR states the gap and the OLF, once the vendor accepted it, re-baselines it.
  const ledgerRestore = { reached: { sequence: 9, head: 'b'.repeat(64) }, restored: { sequence: 3, head: 'a'.repeat(64) } };
  const restoredLfr = await requestLicenseFile({
    sequence: 2,
    usage: { seats: [{ type: 'bot-runner', users: ['ada'] }], meters: [{ type: 'bot-runs', total: 80 }], ledger: { sequence: 4, head: 'c'.repeat(64) } },
    ledgerRestore,
  });
  const rebaselineOlf = await issueOfflineLicenseFile(
    await openLicenseFileRequest(restoredLfr.text, authorityContext),
    { start: '2026-11-23', end: '2027-11-22', entitlements: [...entitlements] },
    { ...issuing, signer },
  );

  // An online activation's file, with the checks only the device API sets, and the receipt of a later validation.
  const onlineActivation = await requestActivation();
  const onlineLicense = await issueDeviceLicenseFile(
    await openDeviceActivationRequest(onlineActivation.text, authorityContext),
    {
      licenseId: 'lic-43',
      ...terms,
      licenseKind: 'subscription',
      entitlements: { features: ['export'], meters: [] },
      metadata: [],
      checks: { ...terms.checks, maxOffline: days(30), offlineGrace: days(3), expiryGrace: days(7) },
    },
    { ...issuing, signer },
  );
  const validation = await requestActivation({ currentRevision: 1 });
  const receipt = await issueDeviceCheckInReceipt(
    { answers: validation.claims.jti, licenseId: 'lic-43', fingerprint: device.fingerprint, activationId: 'act-8', status: 'active', revision: 1 },
    { ...issuing, signer },
  );
  const receiptContext = { now, trust, fingerprint: device.fingerprint, licenseId: 'lic-43', answers: validation.claims.jti };

  // Floating seats (docs/floating.md): a lease certified by the OLF's signed layer, a borrow by the activated license.
  const deviceLease = generateKeyPair('X25519', random);
  const seat = { siteGuid: site.guid, tenant, type: 'bot-runner', user: 'ada', fingerprint: device.fingerprint };
  const lease = await issueSiteLease(
    {
      ...seat,
      leaseId: 'lease-1',
      expiresAt: new Date(now.getTime() + minutes(15)),
      ttlSeconds: 900,
      license: (await openOfflineLicenseFile(olf.text, siteContext)).jws,
      siteKey: site.encryptionKey.publicJwk,
      deviceKey: deviceLease.publicJwk,
    },
    { ...issuing, signer: site.signingKey },
  );
  const borrow = await issueSiteBorrow(
    { ...seat, leaseId: 'lease-2', expiresAt: new Date(now.getTime() + days(7)), license: dearmor(activated.text).body },
    { ...issuing, signer: site.signingKey },
  );
  const seatContext = { now, trust, fingerprint: device.fingerprint, siteGuid: site.guid, tenant };

  // Connected mode (docs/connected.md): a token allowing it, a tenant leaving its activated
  // license, and the signed requests that carry an LFR over the link and ask for its answer.
  const connectedToken = await enable({
    siteLicensing: { files: false, connected: true, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: '41' },
  });
  const migratingLfr = await requestLicenseFile({
    enablementToken: connectedToken.claims,
    sequence: 1,
    usage: { seats: [{ type: 'bot-runner', users: ['ada'] }], meters: [], ledger: { sequence: 12, head: 'd'.repeat(64) } },
    replaces: { kind: 'activated-license', licenseId: activated.claims.jti, revision: 1, registrationKey: site.registrationKey },
  });
  // Large enough to be compressed (`"zip":"DEF"`, docs/formats.md §4): 2,000 named seat holders.
  const crowdedLfr = await requestLicenseFile({
    sequence: 2,
    usage: {
      seats: [{ type: 'bot-runner', users: Array.from({ length: 2_000 }, (_, i) => `operator-${String(i).padStart(5, '0')}@plant-7.example`) }],
      meters: [{ type: 'bot-runs', total: 96_118 }],
      ledger: { sequence: 2_004, head: 'e'.repeat(64) },
    },
  });
  const exchangeSubmit = await issueSiteExchangeRequest(
    { enablementToken: connectedToken.claims, tenant, siteVersion: '41.2', submit: { lfr: migratingLfr.text } },
    { ...issuing, signer: site.signingKey, trust },
  );
  const exchangeAwait = await issueSiteExchangeRequest(
    { enablementToken: connectedToken.claims, tenant, siteVersion: '41.2', awaits: migratingLfr.claims.jti },
    { ...issuing, signer: site.signingKey, trust },
  );

  // How each kind's receiver opens it, with every check on.
  const receivedBy = {
    enablementToken: { kind: enablementTokenKind, encryptedTo: null, open: (text) => openEnablementToken(text, { now, siteGuid: site.guid, trust }) },
    lfr: { kind: licenseFileRequestKind, encryptedTo: 'authorityEncryption', open: (text) => openLicenseFileRequest(text, authorityContext) },
    olf: { kind: offlineLicenseFileKind, encryptedTo: 'siteEncryption', open: (text) => openOfflineLicenseFile(text, siteContext) },
    activation: { kind: deviceActivationRequestKind, encryptedTo: 'authorityEncryption', open: (text) => openDeviceActivationRequest(text, authorityContext) },
    deviceLicense: { kind: deviceLicenseFileKind, encryptedTo: 'deviceEncryption', open: (text) => openDeviceLicenseFile(text, deviceContext) },
    deviceRefresh: { kind: deviceRefreshFileKind, encryptedTo: 'deviceEncryption', open: (text) => openDeviceRefreshFile(text, deviceContext) },
    deactivation: { kind: deactivationFileKind, encryptedTo: 'authorityEncryption', open: (text) => openDeactivationFile(text, authorityContext) },
    usageReport: { kind: deviceUsageReportKind, encryptedTo: 'authorityEncryption', open: (text) => openDeviceUsageReport(text, authorityContext) },
    order: { kind: orderLicenseKind, encryptedTo: null, open: (text) => openOrderLicense(text, { now, customerId: 'cust-1' }) },
    activated: {
      kind: activatedLicenseKind,
      encryptedTo: null,
      open: (text) => openActivatedLicense(text, { now, trust, registrationKey: site.registrationKey }),
    },
    receipt: { kind: deviceCheckInReceiptKind, encryptedTo: null, open: (text) => openDeviceCheckInReceipt(text, receiptContext) },
    lease: { kind: siteLeaseKind, encryptedTo: null, open: (text) => openSiteLease(text, seatContext) },
    borrow: { kind: siteBorrowKind, encryptedTo: null, open: (text) => openSiteBorrow(text, seatContext) },
    exchange: { kind: siteExchangeRequestKind, encryptedTo: 'authorityEncryption', open: (text) => openSiteExchangeRequest(text, authorityContext) },
  } satisfies Record<string, Receiver>;
  const documents: SampleDocument[] = [
    sample(receivedBy.enablementToken, token),
    sample(receivedBy.lfr, lfr),
    sample(receivedBy.olf, olf),
    sample(receivedBy.activation, activation),
    sample(receivedBy.deviceLicense, deviceLicense),
    sample(receivedBy.deviceRefresh, deviceRefresh),
    sample(receivedBy.deactivation, deactivation),
    sample(receivedBy.usageReport, usageReport),
    sample(receivedBy.order, order),
    sample(receivedBy.activated, activated),
    sample(receivedBy.lfr, restoredLfr, 'license-file-request, restored site'),
    sample(receivedBy.olf, rebaselineOlf, 'offline-license-file, re-baseline'),
    sample(receivedBy.deviceLicense, onlineLicense, 'device-license-file, online with a check-in deadline'),
    sample(receivedBy.receipt, receipt),
    sample(receivedBy.lease, lease),
    sample(receivedBy.borrow, borrow),
    sample(receivedBy.enablementToken, connectedToken, 'enablement-token, connected mode required'),
    sample(receivedBy.lfr, migratingLfr, 'license-file-request, leaving an activated license'),
    sample(receivedBy.lfr, crowdedLfr, 'license-file-request, 2,000 seat holders (compressed)'),
    sample(receivedBy.exchange, exchangeSubmit, 'site-exchange-request, submitting an LFR'),
    sample(receivedBy.exchange, exchangeAwait, 'site-exchange-request, awaiting an answer'),
  ];
  const keys = {
    authorityRoot: authority.root,
    authoritySigning: authority.signingKey,
    authorityEncryption: authority.encryptionKey,
    siteSigning: site.signingKey,
    siteEncryption: site.encryptionKey,
    deviceSigning: device.signingKey,
    deviceEncryption: device.encryptionKey,
    deviceLease,
  };
  return { now, authority, site, device, keys, documents };
}

/** A kind's receiver: the key it is encrypted to and how it opens it. */
type Receiver = Pick<SampleDocument, 'kind' | 'encryptedTo' | 'open'>;

/** An issued document as a sample its receiver opens; `name` where its kind has more than one. */
function sample(receiver: Receiver, { text, claims }: { readonly text: string; readonly claims: object }, name?: string): SampleDocument {
  return { ...(name === undefined ? {} : { name }), kind: receiver.kind, text, claims, encryptedTo: receiver.encryptedTo, open: receiver.open };
}
