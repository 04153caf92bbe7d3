/**
 * What the pages read from the authority's JSON API: the parts of each answer a page shows.
 * The API's schemas serialize every answer, so these are views of them, not new shapes.
 */

export type SessionPrincipal = { readonly kind: 'admin'; readonly id: string } | { readonly kind: 'customer-user'; readonly id: string; readonly customerId: string };

export interface Me {
  readonly principal: SessionPrincipal | { readonly kind: 'token'; readonly id: string };
  readonly email?: string;
  readonly mustChangePassword?: boolean;
  /** The policy requires two-factor sign-in and this administrator has none. */
  readonly mfaEnrolmentRequired?: boolean;
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
  readonly siteLicensing: 'files' | 'files-or-connected' | 'connected';
  readonly connectedApproval: 'automatic' | 'manual';
  readonly exchangeIntervalMs: number;
  readonly minimumConnectedSiteVersion: string | null;
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
  /** Who asked, in words (their e-mail). */
  readonly requestedByName: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  /** Who decided, in words (their e-mail). */
  readonly decidedByName: string | null;
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
  /** The version its latest LFR or exchange stated; null before either. */
  readonly siteVersion: string | null;
  readonly connected: readonly SiteTenantLink[];
  readonly tenants: readonly SiteTenant[];
  readonly modes: { readonly files: ModeAllowance; readonly connected: ModeAllowance };
}

export interface ModeAllowance {
  readonly allowed: boolean;
  readonly reason: string | null;
}

export interface SiteTenant {
  readonly tenant: string;
  readonly mode: 'files' | 'connected';
  readonly latestLfrAt: string | null;
  readonly lastExchangeAt: string | null;
}

export interface SiteTenantLink {
  readonly tenant: string;
  readonly siteVersion: string;
  readonly firstExchangeAt: string;
  readonly lastExchangeAt: string;
  readonly lastStatus: string;
  readonly lastCode: string | null;
}

/** A connected site tenant, from `GET /v1/site-links`. */
export interface SiteLink {
  readonly customerId: string;
  readonly customerName: string;
  readonly siteGuid: string;
  readonly siteName: string;
  readonly tenant: string;
  readonly siteVersion: string;
  readonly firstExchangeAt: string;
  readonly lastExchangeAt: string;
  readonly lastStatus: string;
  readonly lastCode: string | null;
  readonly lastLfrId: string | null;
  readonly exchangeIntervalMs: number;
  readonly lateAfter: string;
  readonly mode: 'files' | 'connected';
  readonly late: boolean;
}

/** A Registration Key still on static licenses, from `GET /v1/static-licenses`. */
export interface StaticLicense {
  readonly customerId: string;
  readonly customerName: string;
  readonly registrationKey: string;
  readonly licenseId: string;
  readonly revision: number;
  readonly activatedAt: string;
  readonly items: readonly { readonly product: string; readonly licenseType: string; readonly quantity: number; readonly kind: string; readonly expiresOn?: string }[];
  readonly renewUntil: string | null;
  readonly moving: boolean;
}

/** A customer's standing on static licenses, from `GET /v1/customers/{id}/static-licenses`. */
export interface StaticLicenseSummary {
  readonly customerId: string;
  readonly customerName: string;
  readonly renewUntil: string | null;
  readonly ended: boolean;
  readonly licenses: readonly StaticLicense[];
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
  /** Floating seats per type: absent from LFRs of sites that lent none (docs/floating.md, "What the vendor sees"). */
  readonly floating?: readonly FloatingUsage[];
}

export interface FloatingUsage {
  readonly type: string;
  /** Leases and borrows held when the LFR was made. */
  readonly leases: number;
  readonly borrows: number;
  /** Per UTC day since the tenant's previous LFR: the peak of seats in use at once, and the borrows made. */
  readonly days: readonly { readonly day: string; readonly peak: number; readonly borrowed: number }[];
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
  readonly channel: 'offline' | 'online' | 'code';
  readonly revision: number;
  readonly activatedAt: string;
  readonly lastSeenAt: string;
  readonly deactivatedAt: string | null;
  readonly activatedBy: string;
  /** Who freed the slot: the device's key or the vendor's user or token. */
  readonly deactivatedBy: string | null;
  readonly deactivationSource: 'device' | 'vendor' | null;
  readonly deactivationReason: 'deactivated' | 'reset' | 'blocked' | 'user-removed' | null;
  /** The vendor freed the slot of a device activated offline: it may still run. */
  readonly deviceMayStillRun: boolean;
  readonly lastOnlineAt: string | null;
  readonly environment: { readonly virtualMachine: boolean; readonly container: boolean } | null;
}

export interface DeviceLicense {
  readonly id: string;
  readonly productId: string;
  /** null for a trial: it belongs to no customer. */
  readonly customerId: string | null;
  /** null for a trial under the default settings. */
  readonly policyId: string | null;
  readonly credential: 'license-key' | 'user' | 'trial';
  readonly licenseKeyHint: string | null;
  /** The policy settings the license sets itself; the others are inherited. */
  readonly overrides: {
    readonly kind?: string;
    readonly allowOffline?: boolean;
    readonly maxActivations?: number | null;
    readonly maxOfflineMs?: number | null;
    readonly offlineGraceMs?: number;
    readonly expiryGraceMs?: number;
    readonly meterAllotment?: number | null;
    readonly meterOveragePercent?: number;
    readonly allowVirtualMachines?: boolean;
  };
  readonly settings: {
    readonly kind: string;
    readonly allowOffline: boolean;
    readonly allowOnline: boolean;
    readonly maxActivations: number | null;
    readonly maxOfflineMs: number | null;
    readonly offlineGraceMs: number;
    readonly expiryGraceMs: number;
    readonly meterAllotment: number | null;
    readonly meterOveragePercent: number;
    readonly allowVirtualMachines: boolean;
  };
  readonly expiresAt: string | null;
  readonly entitlements: { readonly features: readonly string[]; readonly meters: readonly { readonly meter: string; readonly limit: number | null; readonly overage?: number }[] };
  readonly revision: number;
  readonly createdAt: string;
  readonly users: readonly { readonly id: string; readonly username: string; readonly createdAt: string }[];
  /** Set while the vendor suspends the license. */
  readonly suspension: { readonly at: string; readonly by: string; readonly reason: string | null } | null;
  readonly blockedDevices: readonly { readonly fingerprint: string; readonly reason: string | null; readonly blockedAt: string; readonly blockedBy: string }[];
  readonly activeActivations: number;
  readonly activations: readonly DeviceActivation[];
  readonly usage: readonly { readonly meter: string; readonly total: number }[];
  /** Each meter's totals: counted, limit, overage allowance, reserved by the devices (docs/devices.md). */
  readonly meters: readonly { readonly meter: string; readonly counted: number; readonly limit: number | null; readonly overage: number; readonly reserved: number }[];
}

/** A product's trial offer (docs/devices.md, "Trials"). */
export interface TrialOffer {
  readonly productId: string;
  readonly enabled: boolean;
  readonly days: number | null;
  readonly endsAt: string | null;
  readonly features: readonly string[];
  readonly meters: readonly { readonly meter: string; readonly limit: number | null }[];
  readonly allowOffline: boolean;
  readonly policyId: string | null;
  readonly updatedAt: string;
}

/** A device's trial of a product. */
export interface Trial {
  readonly productId: string;
  readonly fingerprint: string;
  readonly deviceName: string | null;
  readonly licenseId: string;
  readonly startedAt: string;
  readonly endsAt: string | null;
  readonly status: 'running' | 'ended' | 'inactive' | 'converted';
  readonly convertedTo: string | null;
}
