/**
 * Airlock's licensing rules (docs/design.md, F1–F6) as pure functions: time is a parameter, durations
 * come from the policy, and outcomes are data (`Outcome`) with codes from the error registry.
 */
export { checkAllocation, type AllocationLine, type AllocationRequest } from './check-allocation.ts';
export { checkAnswersLatestLfr } from './check-answers-latest-lfr.ts';
export { checkClock } from './check-clock.ts';
export { checkEnablementToken, type EnablementTokenFacts, type EnablementTokenSite } from './check-enablement-token.ts';
export { checkInstallWindow } from './check-install-window.ts';
export { checkLfrAcceptance, type LfrFacts, type LfrHistory } from './check-lfr-acceptance.ts';
export { checkOfflineActivation, checkOfflineRefresh, offlineAllowed, type OfflineLicense } from './check-offline-activation.ts';
export { checkOlfDates, type OlfDates } from './check-olf-dates.ts';
export { checkOlfInstall, type InstallingTenant, type OlfFacts } from './check-olf-install.ts';
export { checkSeatReduction, type SeatAssignments, type SeatReduction } from './check-seat-reduction.ts';
export { checkTokenDownload, type OfflineApproval } from './check-token-download.ts';
export { completeCycle } from './complete-cycle.ts';
export { cycleStatus, type CycleStatus, type CycleStatusReport } from './cycle-status.ts';
export { cycleDeadlines, initialCycleState, isLocked, lockedSince, type CycleDeadlines, type LfrCycleState, type OpenCycle } from './lfr-cycle.ts';
export { mergeOrderItems, type InvalidOrderItem } from './merge-order-items.ts';
export { quantitiesBelowUse, type BelowUseWarning } from './quantities-below-use.ts';
export { isQuantity, quantityOf, type Quantities } from './quantities.ts';
export { recordLfr } from './record-lfr.ts';
export { siteLicenseStatus, type InstalledLicensePeriod, type SiteLicenseFacts, type SiteLicenseState, type SiteLicenseStatus } from './site-license-status.ts';
export { checkSiteVersion, compareVersions, isVersion } from './site-version.ts';
export {
  describeTextFault,
  escapeControlCharacters,
  findTextFault,
  FREE_TEXT_PATTERN,
  isCleanName,
  isCleanText,
  isPrintableText,
  NAME_PATTERN,
  PRINTABLE_TEXT_PATTERN,
  textFault,
  unsafeCharacterFault,
  type TextFault,
  type TextKind,
} from './text.ts';
