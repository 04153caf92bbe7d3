import type { LicenseFileRequest, PublicJwk } from '@airlock/core';
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/**
 * The authority's tables, as Kysely sees them. Timestamps are `timestamptz` (Date in and out),
 * calendar dates are `date` columns read as `YYYY-MM-DD` text, JSON is `jsonb`.
 */
type Timestamp = ColumnType<Date, Date, Date>;
type CalendarDate = ColumnType<string, string, string>;

export interface Database {
  admins: AdminTable;
  admin_mfa: AdminMfaTable;
  admin_recovery_codes: AdminRecoveryCodeTable;
  mfa_challenges: MfaChallengeTable;
  mfa_policy: MfaPolicyTable;
  customer_users: CustomerUserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  products: ProductTable;
  license_types: LicenseTypeTable;
  policies: PolicyTable;
  customers: CustomerTable;
  purchased_entitlements: PurchasedEntitlementTable;
  offline_requests: OfflineRequestTable;
  sites: SiteTable;
  site_links: SiteLinkTable;
  site_exchange_requests: SiteExchangeRequestTable;
  enablement_tokens: EnablementTokenTable;
  license_file_requests: LicenseFileRequestTable;
  offline_license_files: OfflineLicenseFileTable;
  held_entitlements: HeldEntitlementTable;
  authority_keys: AuthorityKeyTable;
  revocation_lists: RevocationListTable;
  audit_events: AuditEventTable;
  device_licenses: DeviceLicenseTable;
  trial_offers: TrialOfferTable;
  trial_starts: TrialStartTable;
  device_license_users: DeviceLicenseUserTable;
  device_activations: DeviceActivationTable;
  device_license_files: DeviceLicenseFileTable;
  device_deactivations: DeviceDeactivationTable;
  device_usage_reports: DeviceUsageReportTable;
  device_license_usage: DeviceLicenseUsageTable;
  device_meter_allotments: DeviceMeterAllotmentTable;
  device_blocks: DeviceBlockTable;
  portal_brands: PortalBrandTable;
  sign_in_failures: SignInFailureTable;
  expiry_reminders: ExpiryReminderTable;
  reminder_opt_outs: ReminderOptOutTable;
  sso_providers: SsoProviderTable;
  sso_flows: SsoFlowTable;
  sso_identities: SsoIdentityTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}

export interface AdminTable {
  id: string;
  email: string;
  password_hash: string;
  must_change_password: boolean;
  created_at: Timestamp;
  /** When the administrator was disabled (no sign-in, no session), or null while they may sign in. */
  disabled_at: Timestamp | null;
}

/** An administrator's TOTP secret (migration 0024); `confirmed_at` null while enrolment waits for a first code. */
export interface AdminMfaTable {
  admin_id: string;
  /** The secret sealed under the key passphrase, with the admin id as its label. */
  sealed_secret: string;
  started_at: Timestamp;
  confirmed_at: Timestamp | null;
  /** The 30-second step of the last accepted code: that code and older ones are refused. */
  last_used_step: number | null;
}

export interface AdminRecoveryCodeTable {
  admin_id: string;
  /** SHA-256 of the code's canonical form, hex. */
  code_hash: string;
  used_at: Timestamp | null;
}

/** A sign-in waiting for its second step, by the SHA-256 of the challenge handed out. */
export interface MfaChallengeTable {
  challenge_hash: string;
  admin_id: string;
  email: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One row: whether every administrator must enrol in two-factor sign-in. */
export interface MfaPolicyTable {
  id: Generated<boolean>;
  require_for_admins: boolean;
  changed_at: Timestamp | null;
  changed_by: string | null;
}

export interface CustomerUserTable {
  id: string;
  customer_id: string;
  email: string;
  password_hash: string;
  /** Set when the vendor reset the password: the next sign-in must choose a new one. */
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
}

export interface SessionTable {
  /** SHA-256 of the session secret: a stolen table grants no session. */
  token_hash: string;
  principal_kind: 'admin' | 'customer-user';
  principal_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Wrong passwords in a row per (normalised) email address, known or not, and its lock. */
export interface SignInFailureTable {
  email: string;
  failures: number;
  last_failed_at: Timestamp;
  locked_until: Timestamp | null;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  scopes: JSONColumnType<string[]>;
  created_by: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ProductTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface LicenseTypeTable {
  id: string;
  product_id: string;
  name: string;
  category: 'seat' | 'meter' | 'feature';
  created_at: Timestamp;
}

export interface PolicyTable {
  id: string;
  name: string;
  kind: 'permanent' | 'term' | 'subscription' | 'pilot' | 'temporary' | 'consumption';
  allow_offline: boolean;
  max_activations: number | null;
  enablement_token_ttl_ms: number;
  cycle_window_from_first_lfr_ms: number;
  cycle_window_from_latest_lfr_ms: number;
  clock_skew_tolerance_ms: number;
  expiring_soon_window_ms: number;
  minimum_site_version: string | null;
  max_offline_ms: number | null;
  offline_grace_ms: Generated<number>;
  expiry_grace_ms: Generated<number>;
  meter_allotment: number | null;
  meter_overage_percent: Generated<number>;
  allow_virtual_machines: Generated<boolean>;
  /** How the customer's sites exchange license files (docs/connected.md): by hand, over a link, or either. */
  site_licensing: Generated<'files' | 'files-or-connected' | 'connected'>;
  /** Whether the answers to LFRs sent over the link are issued at once or wait for a person. */
  connected_approval: Generated<'automatic' | 'manual'>;
  /** How often a connected site exchanges. */
  exchange_interval_ms: Generated<number>;
  /** The lowest site version connected mode needs, beside `minimum_site_version` for every mode. */
  minimum_connected_site_version: Generated<string | null>;
  created_at: Timestamp;
}

export interface CustomerTable {
  id: string;
  name: string;
  contact_email: string;
  account_ends_on: CalendarDate;
  policy_id: string;
  /** null until the customer asks; then pending, approved or denied. */
  offline_approval: 'pending' | 'approved' | 'denied' | null;
  /** Marked for migration off static licenses: the last day an order may be activated for it (docs/connected.md). */
  static_renew_until: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface PurchasedEntitlementTable {
  customer_id: string;
  license_type_id: string;
  quantity: number;
}

export interface OfflineRequestTable {
  id: string;
  customer_id: string;
  reason: string;
  /** The customer's own explanation (migration 0002). */
  details: ColumnType<string, string | undefined, string>;
  minimum_site_version: string | null;
  status: 'pending' | 'approved' | 'denied';
  requested_by: string;
  decided_by: string | null;
  decision_note: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface SiteTable {
  guid: string;
  customer_id: string;
  name: string;
  /** Thumbprint of the key the site signs LFRs with, learned from its first LFR. */
  site_key_thumbprint: string | null;
  registered_at: Timestamp;
}

export interface EnablementTokenTable {
  id: string;
  customer_id: string;
  site_guid: string;
  issued_at: Timestamp;
  expires_at: Timestamp;
  issued_by: string;
}

export interface LicenseFileRequestTable {
  id: string;
  site_guid: string;
  tenant: string;
  customer_id: string;
  cycle: number;
  sequence: number;
  site_key_thumbprint: string;
  site_encryption_key: JSONColumnType<{ kty: 'OKP'; crv: 'X25519'; x: string }>;
  /** The LFR's usage state, as reported. */
  usage: JSONColumnType<object>;
  issued_at: Timestamp;
  received_at: Timestamp;
  received_by: string;
  /** The verified claims, whole: the OLF is issued from them (migration 0003). */
  claims: JSONColumnType<LicenseFileRequest>;
  /** The Ed25519 key that signed the LFR; `site_key_thumbprint` is its thumbprint. */
  signer_key: JSONColumnType<PublicJwk>;
  /** How it came: uploaded as a file, or sent by the site over the link (docs/connected.md). */
  via: Generated<'file' | 'link'>;
  /** The activated license the LFR says it replaces (its `replaces` claim), or null. */
  replaces_license_id: Generated<string | null>;
}

/** The last exchange over the link of each connected site tenant (docs/connected.md). */
export interface SiteLinkTable {
  site_guid: string;
  tenant: string;
  customer_id: string;
  site_version: string;
  first_exchange_at: Timestamp;
  last_exchange_at: Timestamp;
  /** `answered`, `pending` or `refused`. */
  last_status: string;
  last_lfr_id: string | null;
  /** The code of the last refusal or of what the answer waits for, or null. */
  last_code: string | null;
}

/** The ids of the signed exchange requests taken, until they expire: none is taken twice. */
export interface SiteExchangeRequestTable {
  id: string;
  site_guid: string;
  received_at: Timestamp;
  expires_at: Timestamp;
}

export interface OfflineLicenseFileTable {
  id: string;
  lfr_id: string;
  site_guid: string;
  tenant: string;
  customer_id: string;
  starts_on: CalendarDate;
  ends_on: CalendarDate;
  entitlements: JSONColumnType<{ type: string; category: 'seat' | 'meter' | 'feature'; quantity: number }[]>;
  /** The armoured file, so it can be downloaded again. */
  text: string;
  issued_at: Timestamp;
  issued_by: string;
}

/**
 * What each (site, tenant) holds: its latest OLF's entitlements, one row per license type,
 * replaced when a later OLF is issued to it (migration 0005).
 */
export interface HeldEntitlementTable {
  customer_id: string;
  site_guid: string;
  tenant: string;
  license_type_id: string;
  quantity: number;
  /** The OLF the quantity comes from: the latest issued to this (site, tenant). */
  olf_id: string;
  ends_on: CalendarDate;
}

export interface AuthorityKeyTable {
  kid: string;
  purpose: 'root' | 'sig' | 'enc';
  public_jwk: JSONColumnType<{ kty: 'OKP'; crv: 'Ed25519' | 'X25519'; x: string }>;
  /** The private seed, encrypted under the key-encryption key from the environment or a key file. */
  encrypted_private_key: string;
  /** The root's certificate for this key (none for the root itself). */
  certificate: string | null;
  not_before: Timestamp;
  not_after: Timestamp;
  status: 'active' | 'retired' | 'revoked';
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface RevocationListTable {
  serial: number;
  compact: string;
  issued_at: Timestamp;
}

export interface AuditEventTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  before: JSONColumnType<object> | null;
  after: JSONColumnType<object> | null;
  request_id: string | null;
}

/** A license's own settings; each one left out is inherited from its policy (migration 0007). */
export interface DeviceLicenseOverrides {
  kind?: 'permanent' | 'term' | 'subscription' | 'pilot' | 'temporary' | 'consumption';
  allowOffline?: boolean;
  /** null: no limit. */
  maxActivations?: number | null;
  /** The device-license settings of the policy this license sets itself (docs/devices.md). */
  maxOfflineMs?: number | null;
  offlineGraceMs?: number;
  expiryGraceMs?: number;
  meterAllotment?: number | null;
  meterOveragePercent?: number;
  allowVirtualMachines?: boolean;
}

type MeterAmounts = { meter: string; amount: number }[];
type NamedValues = { name: string; value: string }[];

/** A device license (docs/design.md, F4): key-based (only the key's SHA-256 is kept) or user-based. */
export interface DeviceLicenseTable {
  id: string;
  product_id: string;
  /** null for a trial (docs/devices.md, "Trials"): it belongs to no customer. */
  customer_id: string | null;
  /** null for a trial whose offer names no policy: the core's default settings apply. */
  policy_id: string | null;
  /** `trial`: the product's trial for one device, asked for with no key. */
  credential: 'license-key' | 'user' | 'trial';
  /** SHA-256 (hex) of the canonical license key; null for a user-based license. */
  license_key_hash: string | null;
  /** The key's last group, so people can tell keys apart without the key. */
  license_key_hint: string | null;
  overrides: JSONColumnType<DeviceLicenseOverrides>;
  allow_online: boolean;
  expires_at: Timestamp | null;
  entitlements: JSONColumnType<{ features: string[]; meters: { meter: string; limit: number | null; overage?: number }[] }>;
  metadata: JSONColumnType<NamedValues>;
  revision: number;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  /** Set while the vendor suspends the license: devices are refused until it is resumed. */
  suspended_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  suspended_by: ColumnType<string | null, string | null | undefined, string | null>;
  suspension_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A product's trial offer: what a device gets when it asks for a trial with no key. */
export interface TrialOfferTable {
  product_id: string;
  enabled: boolean;
  /** The trial's length in days from its start, or null when it ends at `ends_at`. */
  days: number | null;
  ends_at: Timestamp | null;
  features: JSONColumnType<string[]>;
  meters: JSONColumnType<{ meter: string; limit: number | null }[]>;
  allow_offline: boolean;
  policy_id: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

/** A trial a device (product and fingerprint) started: one ever, whatever its keys. */
export interface TrialStartTable {
  product_id: string;
  fingerprint: string;
  license_id: string;
  started_at: Timestamp;
  /** The license the device activated over its trial, first; null while it has none. */
  converted_to: ColumnType<string | null, string | null | undefined, string | null>;
  converted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DeviceLicenseUserTable {
  id: string;
  license_id: string;
  product_id: string;
  username: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface DeviceActivationTable {
  id: string;
  license_id: string;
  fingerprint: string;
  device_key_thumbprint: string;
  /** null for an activation by typed codes: the device sent no keys. */
  device_signing_key: JSONColumnType<PublicJwk> | null;
  device_encryption_key: JSONColumnType<{ kty: 'OKP'; crv: 'X25519'; x: string }> | null;
  device_name: string | null;
  /** null for an activation by typed codes. */
  sdk_version: string | null;
  app_version: string | null;
  channel: 'offline' | 'online' | 'code';
  /** For channel `code`: the device id of its initialization codes, and the latest one answered. */
  code_device_id: ColumnType<string | null, string | null | undefined, string | null>;
  initialization_code: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * The latest device license file issued to the activation, and its revision; for channel
   * `code`, the id the latest activation code was issued under (no file has it).
   */
  license_file_id: string;
  license_file_revision: number;
  activated_at: Timestamp;
  activated_by: string;
  last_seen_at: Timestamp;
  /** The sequence of the last usage report counted. */
  report_sequence: ColumnType<number, number | undefined, number>;
  deactivated_at: Timestamp | null;
  /** The device variables its deactivation file returned. */
  variables: JSONColumnType<NamedValues> | null;
  /** The usage report the last file issued counted through (its `reportedThrough`). */
  granted_through: ColumnType<number, number | undefined, number>;
  /** Set when the device's own deactivation was counted: its meter allotments reserve nothing more. */
  reservation_released: ColumnType<boolean, boolean | undefined, boolean>;
  /** Who freed the slot: the device (by its key) or the vendor's user or token. */
  deactivated_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The device's own deactivation file, or the vendor. */
  deactivation_source: ColumnType<'device' | 'vendor' | null, 'device' | 'vendor' | null | undefined, 'device' | 'vendor' | null>;
  /** Why the vendor freed it. */
  deactivation_reason: ColumnType<VendorDeactivationReason | null, VendorDeactivationReason | null | undefined, VendorDeactivationReason | null>;
  /** The vendor freed the slot of a device it cannot tell (activated offline): the device may still run. */
  device_may_still_run: Generated<boolean>;
  /** When the device last validated or checked in online; null if it never did. */
  last_online_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** What the device said at its latest activation: in a virtual machine, in a container; null when it did not say. */
  virtual_machine: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  container: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
}

/** Why the vendor freed an activation's slot. */
export type VendorDeactivationReason = 'deactivated' | 'reset' | 'blocked' | 'user-removed';

/** A device fingerprint the vendor blocked on a license: its activations are refused. */
export interface DeviceBlockTable {
  license_id: string;
  fingerprint: string;
  reason: string | null;
  blocked_at: Timestamp;
  blocked_by: string;
}

/** The allotment of a limited meter the last file issued to an activation granted (docs/devices.md). */
export interface DeviceMeterAllotmentTable {
  activation_id: string;
  meter: string;
  allotment: number;
}

export interface DeviceLicenseFileTable {
  id: string;
  activation_id: string;
  license_id: string;
  kind: 'license' | 'refresh';
  revision: number;
  /** For a refresh: the license file it amends. */
  refreshes: string | null;
  issued_at: Timestamp;
  issued_by: string;
}

export interface DeviceDeactivationTable {
  /** The deactivation file's id: a file is applied once. */
  id: string;
  activation_id: string;
  license_id: string;
  consumption: JSONColumnType<MeterAmounts>;
  variables: JSONColumnType<NamedValues>;
  channel: 'offline' | 'online';
  received_at: Timestamp;
}

export interface DeviceUsageReportTable {
  id: string;
  activation_id: string;
  license_id: string;
  sequence: number;
  consumption: JSONColumnType<MeterAmounts>;
  received_at: Timestamp;
}

/** What a license's devices have consumed, per meter: deactivations and usage reports added up. */
export interface DeviceLicenseUsageTable {
  license_id: string;
  meter: string;
  total: number;
}

/** The customer portal's white-label settings for one host name. */
export interface PortalBrandTable {
  host_name: string;
  name: string;
  logo_url: string | null;
  logo_data_uri: string | null;
  primary_color: string;
  background_color: string;
  text_color: string;
  support_email: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

/** What an expiry reminder warns of: an account ending, a device license ending, a site's OLF running out. */
export type ReminderKind = 'account' | 'device-license' | 'olf-due';

/** One expiry reminder decided (migration 0025): unique per kind, object, deadline and threshold. */
export interface ExpiryReminderTable {
  id: string;
  kind: ReminderKind;
  /** The customer's id, the device license's id, or `<site GUID>/<tenant>`. */
  object_id: string;
  customer_id: string;
  /** The instant the thing lapses. */
  due_at: Timestamp;
  threshold_days: number;
  /** Whole days left when it was decided, rounded up. */
  days_left: number;
  /** The letter queued, or null when the customer had unsubscribed from the kind. */
  letter_id: string | null;
  decided_at: Timestamp;
}

/** A kind of reminder a customer unsubscribed from (migration 0025). */
export interface ReminderOptOutTable {
  customer_id: string;
  kind: ReminderKind;
  opted_out_at: Timestamp;
  opted_out_by: string;
}

/** An identity provider trusted for single sign-on: the console's, or one customer's (migration 0023). */
export interface SsoProviderTable {
  /** 'console', or 'customer:<customer id>'. */
  id: string;
  area: 'console' | 'portal';
  customer_id: string | null;
  issuer: string;
  client_id: string;
  /** The client secret sealed under the key passphrase (core `sealSecret`, labelled with the id). */
  client_secret_sealed: string;
  allowed_domains: JSONColumnType<string[]>;
  group_claim: string;
  group_roles: JSONColumnType<{ group: string; role: string }[]>;
  provisioning: 'just-in-time' | 'existing-accounts';
  password_sign_in: boolean;
  updated_at: Timestamp;
}

/** A single sign-on under way: found by the SHA-256 of its browser cookie, used once. */
export interface SsoFlowTable {
  flow_hash: string;
  provider_id: string;
  state: string;
  nonce: string;
  code_verifier: string;
  next: string;
  expires_at: Timestamp;
}

/** Which account an IdP subject signs in as. */
export interface SsoIdentityTable {
  provider_id: string;
  subject: string;
  principal_kind: 'admin' | 'customer-user';
  principal_id: string;
  created_at: Timestamp;
  last_sign_in_at: Timestamp;
}

/** Where the vendor's tools want events (migration 0022); secrets sealed under the key passphrase. */
export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: string;
  /** Exact event types, `prefix.*` or `*`. */
  events: JSONColumnType<string[]>;
  enabled: boolean;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  failing_since: Timestamp | null;
  disabled_reason: string | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
}

export type WebhookDeliveryStatus = 'queued' | 'delivered' | 'failed';

/** The webhook outbox: one event for one endpoint (migration 0022). */
export interface WebhookDeliveryTable {
  /** Also the order of events: a later event of one object waits for the earlier ones. */
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  object_type: string;
  object_id: string;
  /** The exact body POSTed, as signed. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

/** The delivery log: one row per POST (migration 0022). */
export interface WebhookAttemptTable {
  id: Generated<string>;
  delivery_id: string;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
