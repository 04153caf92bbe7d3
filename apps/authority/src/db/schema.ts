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
  enablement_tokens: EnablementTokenTable;
  license_file_requests: LicenseFileRequestTable;
  offline_license_files: OfflineLicenseFileTable;
  held_entitlements: HeldEntitlementTable;
  authority_keys: AuthorityKeyTable;
  revocation_lists: RevocationListTable;
  audit_events: AuditEventTable;
}

export interface AdminTable {
  id: string;
  email: string;
  password_hash: string;
  must_change_password: boolean;
  created_at: Timestamp;
}

export interface CustomerUserTable {
  id: string;
  customer_id: string;
  email: string;
  password_hash: string;
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
