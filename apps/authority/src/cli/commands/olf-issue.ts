import type { AuthorityAnswer } from '@airlock/client';
import { type Command, flag, list, option, required, segment, UsageError, withoutText, writeDocument } from '@airlock/cli-kit';

type Olf = AuthorityAnswer<'/v1/customers/{customerId}/lfrs/{lfrId}/olf', 'post'>;

/** `bot-runner=10` → `{ type: 'bot-runner', quantity: 10 }`. */
function entitlementOf(text: string): { type: string; quantity: number } {
  const match = /^([^=]+)=(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--entitlement takes <type>=<quantity>, not "${text}"`);
  return { type: match[1]!, quantity: Number(match[2]) };
}

/** Configures the offline license file that answers an LFR and writes it to a file for the site. */
export const olfIssue: Command = {
  name: 'olf issue',
  summary: 'Issue the offline license file (OLF) answering an LFR and write it to a file',
  usage:
    '--customer <customerId> --lfr <lfrId> --end <YYYY-MM-DD> --entitlement <type>=<quantity>... [--start <YYYY-MM-DD>] [--accept-below-use] [--out <file>]',
  options: {
    customer: { type: 'string' },
    lfr: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    entitlement: { type: 'string', multiple: true },
    'accept-below-use': { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(context) {
    const [customer, lfr] = [required(context, 'customer'), required(context, 'lfr')];
    const body = {
      // An OLF starts today (UTC) at the authority; the default says so.
      start: option(context, 'start') ?? new Date().toISOString().slice(0, 10),
      end: required(context, 'end'),
      entitlements: list(context, 'entitlement').map(entitlementOf),
      ...(flag(context, 'accept-below-use') ? { acceptBelowUse: true } : {}),
    };
    const olf = await context.api().request<Olf>('POST', `/v1/customers/${segment(customer)}/lfrs/${segment(lfr)}/olf`, body);
    const file = await writeDocument(context.io, option(context, 'out') ?? `offline-license-${olf.id}.txt`, olf.text);
    const warnings = olf.warnings.map((warning) => ` Warning: ${warning.type} ${warning.requested} is below the ${warning.used} in use.`).join('');
    return { result: { ...withoutText(olf), file }, text: `Wrote offline license file ${olf.id} to ${file}.${warnings}` };
  },
};
