import { AirlockError } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/audit.ts';
import type { OlfConfiguration } from './decide-olf-batch.ts';
import { issueOlfBatch, type IssuedOlf, type OlfIssuingDeps } from './issue-olf-batch.ts';
import { rememberIssuedOlf } from './offline-license-reads.ts';

export type { OlfConfiguration } from './decide-olf-batch.ts';
export type { IssuedOlf } from './issue-olf-batch.ts';

/**
 * Configures and issues the Offline License File that answers an LFR (docs/design.md, F2): a batch of one
 * (`issueOlfBatch`), so one OLF and a bulk re-issue follow the very same rules. In this order,
 * first failure wins:
 * 1. the customer (NOT_FOUND) — its row is locked until the end: OLFs of one customer are
 *    issued one at a time, so two replicas racing for the last seats cannot both win;
 * 2. the LFR is the customer's (NOT_FOUND), still acceptable (`checkLfrAcceptance`: site and
 *    key as before, LFR_ALREADY_USED, then LFR_SUPERSEDED by a later LFR of that tenant);
 * 3. the dates (`checkOlfDates`: start today, end by the account's end), the types appear once
 *    (REQUEST_INVALID) and exist (NOT_FOUND);
 * 4. the quantities (`checkAllocation`, counting what the customer's other site tenants hold);
 * 5. the warnings (`quantitiesBelowUse` against the seats the LFR reports in use): refused
 *    with BELOW_USE_NOT_ACCEPTED unless `acceptBelowUse`, so the customer is warned first.
 * The OLF is stored with its audit event; its existence is what marks the LFR used. It becomes
 * what its (site, tenant) holds (`holdLatestOlfsCtes`), which later allocation checks sum.
 * Once committed, it is held in memory for its download (`rememberIssuedOlf`).
 *
 * @example
 * ```ts
 * const olf = await issueOfflineLicense(deps, 'acme', lfrId, { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 10 }] }, by);
 * ```
 */
export async function issueOfflineLicense(
  deps: OlfIssuingDeps & { readonly db: Db },
  customerId: string,
  lfrId: string,
  configuration: OlfConfiguration,
  by: Actor,
): Promise<IssuedOlf> {
  // The signer is read before the transaction: reading it may query the database, whose one
  // embedded connection the transaction holds.
  const signer = await deps.keys.signer();
  const issued = await deps.db.transaction().execute(async (trx) => {
    const [outcome] = await issueOlfBatch(trx, deps, customerId, [{ ...configuration, lfrId }], by, signer);
    if (!outcome) throw new Error('a batch of one answers one outcome');
    if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
    return outcome.value;
  });
  rememberIssuedOlf(customerId, issued);
  return issued;
}
