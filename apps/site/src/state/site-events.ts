import type { LedgerRestore, RevocationList, SiteEntitlement, SiteLicensing } from '@airlock/core';
import type { AccountEvent } from './account-events.ts';
import type { Actor } from './actor.ts';
import type { InstalledActivatedLicense } from './activated-license-state.ts';

/**
 * Every fact the site records, as one event in its ledger. The site's state is nothing but these
 * events applied in order (`applyEvent`), so the ledger is its one source of truth: there is no
 * second store that could disagree with it, the ledger is verified at every start anyway, and
 * one fdatasync per batch makes every kind of change durable at once.
 *
 * Events are small, JSON-safe and carry no derived data: a de-provisioning names the user, and
 * replaying it frees whatever that user held at that point. Times that rules compare (when an
 * LFR was made, when a token was issued) are in the event, in ms since the epoch; the ledger's
 * own stamp on each record says when it was written, for the audit.
 */
export type SiteEvent =
  | SiteInitialised
  | TenantCreated
  | TenantRemoved
  | TokenInstalled
  | LfrGenerated
  | OlfInstalled
  | ActivatedLicenseInstalled
  | DocumentRefused
  | RevocationsUpdated
  | SeatAssigned
  | SeatReleased
  | SeatReassigned
  | UserDeprovisioned
  | MeterConsumed
  | LeaseGranted
  | SeatBorrowed
  | LeaseEnded
  | FloatingSettingsSet
  | LedgerRestored
  | TenantRebaselined
  | SiteBackedUp
  | LicensingModeSet
  | LinkExchanged
  | AccountEvent;

export type { Actor } from './actor.ts';

export interface SiteInitialised {
  readonly t: 'site-initialised';
  readonly guid: string;
  readonly siteVersion: string;
  /** Thumbprint of the pinned authority root key. */
  readonly rootKid: string;
}

export interface TenantCreated {
  readonly t: 'tenant-created';
  readonly tenant: string;
  /** The tenant's Registration Key, derived from the GUID, the tenant and the site key. */
  readonly rk: string;
  readonly by: Actor;
}

/**
 * A tenant that never held a token, a license or a seat, removed by a site administrator. Its
 * application keys are revoked and its tenant administrators disabled with it, so that a tenant
 * added again under the same id inherits no one's access.
 */
export interface TenantRemoved {
  readonly t: 'tenant-removed';
  readonly tenant: string;
  readonly by: Actor;
}

/** The enablement token as the tenant keeps it: what its LFRs and rules need. */
export interface InstalledToken {
  readonly id: string;
  readonly customerId: string;
  readonly issuedAt: number;
  readonly installedAt: number;
  readonly minimumSiteVersion: string | null;
  /** Root-signed certificate of the authority's X25519 key: LFRs are encrypted to it. */
  readonly authorityEncryptionKey: string;
  /** The customer's policy windows, in ms. */
  readonly cycleWindows: { readonly fromFirstLfr: number; readonly fromLatestLfr: number };
  /**
   * The modes the customer's policy allows, as the token says (formats.md §6.1, docs/connected.md).
   * Absent from tokens of authorities older than connected mode, and from tokens installed
   * before: read through `siteLicensingOf`, that is files only.
   */
  readonly siteLicensing?: SiteLicensing;
}

export interface TokenInstalled {
  readonly t: 'token-installed';
  readonly tenant: string;
  readonly token: InstalledToken;
  readonly by: Actor;
}

/** An `LfrCycleState` as JSON: instants in ms since the epoch. */
export interface StoredCycle {
  readonly cycle: number;
  readonly open: {
    readonly firstLfrAt: number;
    readonly latestLfrAt: number;
    readonly latestLfrId: string;
    readonly sequence: number;
  } | null;
  readonly lockedSince: number | null;
}

/** The tenant made an LFR: the event holds the cycle state `recordLfr` decided, so replaying needs no policy. */
export interface LfrGenerated {
  readonly t: 'lfr-generated';
  readonly tenant: string;
  readonly lfrId: string;
  readonly cycle: StoredCycle;
  readonly by: Actor;
}

/** The installed OLF as the tenant keeps it: its terms and what it answered. */
export interface InstalledLicense {
  readonly olfId: string;
  readonly lfrId: string;
  readonly customerId: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly start: string;
  readonly end: string;
  readonly entitlements: readonly SiteEntitlement[];
  readonly installedAt: number;
  /** The OLF's signed layer, as the authority signed it: it certifies the site key to devices (docs/floating.md). Absent in OLFs installed before. */
  readonly certificate?: string;
}

export interface OlfInstalled {
  readonly t: 'olf-installed';
  readonly tenant: string;
  readonly license: InstalledLicense;
  readonly by: Actor;
}

/**
 * An activated license (docs/design.md, F5) became the tenant's license: it replaces the tenant's OLF or
 * earlier activated license, and closes any open cycle (nothing is left for its LFR to answer).
 */
export interface ActivatedLicenseInstalled {
  readonly t: 'activated-license-installed';
  readonly tenant: string;
  readonly license: InstalledActivatedLicense;
  readonly by: Actor;
}

/**
 * An authentic document (its signature verified) that the rules refused: kept for the audit, so
 * an admin can see that an OLF was refused and why. Unreadable or unauthentic input is never
 * recorded: it changes nothing, not even the ledger.
 */
export interface DocumentRefused {
  readonly t: 'document-refused';
  readonly tenant: string;
  readonly document: 'enablement-token' | 'offline-license-file' | 'activated-license';
  readonly documentId: string;
  readonly code: string;
  readonly by: Actor;
}

/** A newer authority key revocation list arrived inside a document: kept so no later document can undo it. */
export interface RevocationsUpdated {
  readonly t: 'revocations-updated';
  readonly revocations: RevocationList;
}

export interface SeatAssigned {
  readonly t: 'seat-assigned';
  readonly tenant: string;
  readonly type: string;
  readonly user: string;
}

export interface SeatReleased {
  readonly t: 'seat-released';
  readonly tenant: string;
  readonly type: string;
  readonly user: string;
}

export interface SeatReassigned {
  readonly t: 'seat-reassigned';
  readonly tenant: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly by: Actor;
}

/** The user leaves: every seat it holds in the tenant is freed. */
export interface UserDeprovisioned {
  readonly t: 'user-deprovisioned';
  readonly tenant: string;
  readonly user: string;
  readonly by: Actor;
}

export interface MeterConsumed {
  readonly t: 'meter-consumed';
  readonly tenant: string;
  readonly meter: string;
  readonly amount: number;
}

/**
 * A device on the customer's network leased a floating seat of a type (docs/floating.md): one
 * seat of the type is held, counted with the named seats against the license's quantity, until
 * the lease ends. Heartbeats are not recorded: a lease's end is kept in memory and, after a
 * restart, every lease recorded as held runs a full `ttl` from the start.
 */
export interface LeaseGranted {
  readonly t: 'lease-granted';
  readonly tenant: string;
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  /** How long each heartbeat extends the lease (ms). */
  readonly ttl: number;
  /** The device's one-time X25519 public key (`x`, base64url): with the site's key, the lease's heartbeat key. */
  readonly deviceKey: string;
}

/**
 * A device took a floating seat away until `until` (ms): a new hold, or its lease (`leaseId`
 * names one it holds) turned into a borrow — one seat either way.
 */
export interface SeatBorrowed {
  readonly t: 'seat-borrowed';
  readonly tenant: string;
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  readonly until: number;
}

/** Why a lease or borrow ended. */
export type LeaseEnd = 'released' | 'expired' | 'returned' | 'ended' | 'revoked';

/**
 * A lease or borrow ended and its seat is free: `released` by its application, `expired` when
 * its heartbeats stopped (culled), `returned` early (a borrow), `ended` at a borrow's end,
 * `revoked` by an administrator (`by`).
 */
export interface LeaseEnded {
  readonly t: 'lease-ended';
  readonly tenant: string;
  readonly leaseId: string;
  readonly reason: LeaseEnd;
  readonly by?: Actor;
}

/** An administrator set the tenant's lease period and longest borrow (ms; a borrow of 0 turns borrowing off). */
export interface FloatingSettingsSet {
  readonly t: 'floating-settings-set';
  readonly tenant: string;
  readonly leaseTtl: number;
  readonly borrowMax: number;
  readonly by: Actor;
}

/**
 * The site started on a ledger put back from a backup (`airlock site restore`) that its witness
 * had seen go further: the records from `restored` to `reached` are lost. Every tenant listed
 * (those the backup holds) awaits the vendor's re-baseline (`REBASELINE_REQUIRED`).
 */
export interface LedgerRestored {
  readonly t: 'ledger-restored';
  readonly reached: LedgerRestore['reached'];
  readonly restored: LedgerRestore['restored'];
  readonly tenants: readonly string[];
}

/** The tenant installed an OLF whose `rebaseline` matches its restore: the vendor accepted the gap. */
export interface TenantRebaselined {
  readonly t: 'tenant-rebaselined';
  readonly tenant: string;
  readonly olfId: string;
  readonly lfrId: string;
  readonly by: Actor;
}

/** A site administrator took a backup of the running site (`POST /v1/backup`) when its ledger stood at `head`: the backup holds this record too. */
export interface SiteBackedUp {
  readonly t: 'site-backed-up';
  readonly head: { readonly sequence: number; readonly head: string };
  readonly by: Actor;
}

/** How a tenant's files reach the authority (docs/connected.md): carried by hand, or over the link. */
export type LicensingMode = 'files' | 'connected';

/**
 * An administrator moved the tenant between files and connected mode (docs/connected.md, "Moving
 * between modes"). `authorityUrl` is the authority the link reaches (kept, for a move to files,
 * as the one to reach when the tenant is connected again), or null when none was ever given.
 */
export interface LicensingModeSet {
  readonly t: 'licensing-mode-set';
  readonly tenant: string;
  readonly mode: LicensingMode;
  readonly authorityUrl: string | null;
  readonly by: Actor;
}

/** What the authority's answer to an exchange was, as the site keeps it. */
export type ExchangeOutcome = 'pending' | 'answered' | 'refused';

/**
 * The link exchanged an LFR with the authority and the answer changed something worth keeping
 * across a restart (docs/connected.md, "The site's schedule"): the first `pending` of an LFR,
 * an `answered` (its OLF, installed or not, by `olfId`), a `refused` (the problem's code). Polls
 * that change nothing are not recorded: the status after a restart still says when the last
 * exchange that mattered was, and what it gave.
 */
export interface LinkExchanged {
  readonly t: 'link-exchanged';
  readonly tenant: string;
  readonly lfrId: string;
  readonly outcome: ExchangeOutcome;
  /** `pending`: the authority's reason (`approval` or a code); `refused`: the problem's code; `answered`: the code the site refused its OLF with, or null when installed. */
  readonly code: string | null;
  /** `answered`: the OLF the answer carried; else null. */
  readonly olfId: string | null;
}
