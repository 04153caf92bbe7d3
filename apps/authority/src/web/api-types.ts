/**
 * What the pages read from the authority's JSON API: the parts of each answer a page shows.
 * The API's schemas serialize every answer, so these are views of them, not new shapes.
 */

export type SessionPrincipal = { readonly kind: 'admin'; readonly id: string } | { readonly kind: 'customer-user'; readonly id: string; readonly customerId: string };

export interface Me {
  readonly principal: SessionPrincipal | { readonly kind: 'token'; readonly id: string };
  readonly email?: string;
  readonly mustChangePassword?: boolean;
}

export interface PortalBrandAnswer {
  readonly hostName: string | null;
  readonly name: string;
  readonly logoUrl: string | null;
  readonly logoDataUri: string | null;
  readonly colors: { readonly primary: string; readonly background: string; readonly text: string };
  readonly supportEmail: string | null;
}

export interface LicenseType {
  readonly id: string;
  readonly productId: string;
  readonly name: string;
  readonly category: 'seat' | 'meter' | 'feature';
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly licenseTypes: readonly LicenseType[];
}

export interface Policy {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly allowOffline: boolean;
  readonly maxActivations: number | null;
  readonly enablementTokenTtlMs: number;
  readonly cycleWindowFromFirstLfrMs: number;
  readonly cycleWindowFromLatestLfrMs: number;
  readonly clockSkewToleranceMs: number;
  readonly expiringSoonWindowMs: number;
  readonly minimumSiteVersion: string | null;
  readonly maxOfflineMs: number | null;
  readonly offlineGraceMs: number;
  readonly expiryGraceMs: number;
  readonly meterAllotment: number | null;
  readonly meterOveragePercent: number;
  readonly allowVirtualMachines: boolean;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly contactEmail: string;
  readonly accountEndsOn: string;
  readonly policyId: string;
  readonly offlineApproval: 'pending' | 'approved' | 'denied' | null;
  readonly entitlements: readonly { readonly licenseTypeId: string; readonly quantity: number }[];
}

export interface CustomerUser {
  readonly id: string;
  readonly customerId: string;
  readonly email: string;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
}

export interface OfflineRequest {
  readonly id: string;
  readonly customerId: string;
  readonly reason: string;
  readonly details: string;
  readonly minimumSiteVersion: string | null;
  readonly status: 'pending' | 'approved' | 'denied';
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

export interface Site {
  readonly guid: string;
  readonly customerId: string;
  readonly name: string;
  readonly registeredAt: string;
  readonly siteKeyKnown: boolean;
  readonly latestEnablementTokenAt: string | null;
  readonly latestLfrAt: string | null;
}

export interface SiteEntitlement {
  readonly type: string;
  readonly category: string;
  readonly quantity: number;
}

export interface OlfSummary {
  readonly id: string;
  readonly lfrId: string;
  readonly start: string;
  readonly end: string;
  readonly entitlements: readonly SiteEntitlement[];
  readonly issuedAt: string;
}

export interface Olf extends OlfSummary {
  readonly siteGuid: string;
  readonly tenant: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly text: string;
}

export interface SiteCycles {
  readonly siteGuid: string;
  readonly tenants: readonly {
    readonly tenant: string;
    readonly cycles: readonly {
      readonly cycle: number;
      readonly openedAt: string;
      readonly lfrs: readonly {
        readonly id: string;
        readonly sequence: number;
        readonly issuedAt: string;
        readonly receivedAt: string;
        readonly superseded: boolean;
        readonly olf: OlfSummary | null;
      }[];
    }[];
  }[];
}

export interface LfrUsage {
  readonly seats: readonly { readonly type: string; readonly used: number; readonly users: readonly string[] }[];
  readonly meters: readonly { readonly type: string; readonly total: number }[];
  readonly ledger: { readonly sequence: number; readonly head: string };
}

export interface UsageReport {
  readonly lfrId: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly receivedAt: string;
  readonly usage: LfrUsage;
}

export interface CustomerUsage {
  readonly sites: readonly { readonly siteGuid: string; readonly tenant: string; readonly latest: UsageReport; readonly history: readonly UsageReport[] }[];
}

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
}

export interface KeyInfo {
  readonly kid: string;
  readonly purpose: 'root' | 'sig' | 'enc';
  readonly status: 'active' | 'retired' | 'revoked';
  readonly notBefore: string;
  readonly notAfter: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface KeyList {
  readonly keys: readonly KeyInfo[];
  readonly revocationList: { readonly serial: number } | null;
}

export interface RootKey {
  readonly kid: string;
}

export interface OrderItem {
  readonly product: string;
  readonly licenseType: string;
  readonly quantity: number;
  readonly kind: 'permanent' | 'term' | 'pilot' | 'temporary';
  readonly expiresOn?: string;
}

export interface Order {
  readonly id: string;
  readonly customerId: string;
  readonly lrn: string;
  readonly items: readonly OrderItem[];
  readonly createdAt: string;
  readonly activation: { readonly registrationKey: string; readonly licenseId: string; readonly revision: number; readonly activatedAt: string; readonly activatedBy: string } | null;
  readonly letters: readonly { readonly id: string; readonly to: string; readonly status: 'queued' | 'sent' | 'failed'; readonly queuedAt: string; readonly sentAt: string | null; readonly lastError: string | null; readonly waiting: string | null }[];
}

export interface DeviceActivation {
  readonly id: string;
  readonly status: 'active' | 'deactivated';
  readonly fingerprint: string;
  readonly deviceName: string | null;
  readonly channel: 'offline' | 'online';
  readonly revision: number;
  readonly activatedAt: string;
  readonly lastSeenAt: string;
  readonly deactivatedAt: string | null;
  readonly environment: { readonly virtualMachine: boolean; readonly container: boolean } | null;
}

export interface DeviceLicense {
  readonly id: string;
  readonly productId: string;
  readonly customerId: string;
  readonly policyId: string;
  readonly credential: 'license-key' | 'user';
  readonly licenseKeyHint: string | null;
  /** The policy settings the license sets itself; the others are inherited. */
  readonly overrides: { readonly kind?: string; readonly allowOffline?: boolean; readonly maxActivations?: number | null };
  readonly settings: { readonly kind: string; readonly allowOffline: boolean; readonly allowOnline: boolean; readonly maxActivations: number | null };
  readonly expiresAt: string | null;
  readonly entitlements: { readonly features: readonly string[]; readonly meters: readonly { readonly meter: string; readonly limit: number | null }[] };
  readonly revision: number;
  readonly createdAt: string;
  readonly users: readonly { readonly id: string; readonly username: string; readonly createdAt: string }[];
  readonly activeActivations: number;
  readonly activations: readonly DeviceActivation[];
  readonly usage: readonly { readonly meter: string; readonly total: number }[];
}
