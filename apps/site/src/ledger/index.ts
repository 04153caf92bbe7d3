/** The site's ledger (docs/design.md, F3): see ledger.ts for the interface, ledger-format.ts for the bytes. */
export { openLedger } from './open-ledger.ts';
export { LedgerLockedError } from './directory-lock.ts';
export type { LedgerOptions, LedgerStorage } from './ledger.ts';
