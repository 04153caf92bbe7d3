import type { AuthorityAnswer } from '@airlock/client';
import { type Command, type CommandContext, type Options, option, required, UsageError } from '@airlock/cli-kit';

/** How a policy setting is written on the command line: `int` and `text` may be `none` where the API takes null. */
type Kind = 'int' | 'int-or-none' | 'bool' | 'text' | 'text-or-none';

/** Every setting of a policy the vendor may give (the API's PolicyInput), by its option name. */
const settings: Readonly<Record<string, { readonly field: string; readonly kind: Kind; readonly hint: string }>> = {
  kind: { field: 'kind', kind: 'text', hint: 'permanent|term|pilot|temporary' },
  'allow-offline': { field: 'allowOffline', kind: 'bool', hint: 'true|false' },
  'max-activations': { field: 'maxActivations', kind: 'int-or-none', hint: 'n|none' },
  'enablement-token-ttl-ms': { field: 'enablementTokenTtlMs', kind: 'int', hint: 'ms' },
  'cycle-window-from-first-lfr-ms': { field: 'cycleWindowFromFirstLfrMs', kind: 'int', hint: 'ms' },
  'cycle-window-from-latest-lfr-ms': { field: 'cycleWindowFromLatestLfrMs', kind: 'int', hint: 'ms' },
  'clock-skew-tolerance-ms': { field: 'clockSkewToleranceMs', kind: 'int', hint: 'ms' },
  'expiring-soon-window-ms': { field: 'expiringSoonWindowMs', kind: 'int', hint: 'ms' },
  'minimum-site-version': { field: 'minimumSiteVersion', kind: 'text-or-none', hint: 'version|none' },
  'max-offline-ms': { field: 'maxOfflineMs', kind: 'int-or-none', hint: 'ms|none' },
  'offline-grace-ms': { field: 'offlineGraceMs', kind: 'int', hint: 'ms' },
  'expiry-grace-ms': { field: 'expiryGraceMs', kind: 'int', hint: 'ms' },
  'meter-allotment': { field: 'meterAllotment', kind: 'int-or-none', hint: 'n|none' },
  'meter-overage-percent': { field: 'meterOveragePercent', kind: 'int', hint: 'n' },
  'allow-virtual-machines': { field: 'allowVirtualMachines', kind: 'bool', hint: 'true|false' },
  'site-licensing': { field: 'siteLicensing', kind: 'text', hint: 'files|files-or-connected|connected' },
  'connected-approval': { field: 'connectedApproval', kind: 'text', hint: 'automatic|manual' },
  'exchange-interval-ms': { field: 'exchangeIntervalMs', kind: 'int', hint: 'ms' },
  'minimum-connected-site-version': { field: 'minimumConnectedSiteVersion', kind: 'text-or-none', hint: 'version|none' },
};

/** One setting's value as the API takes it; the authority checks the ranges and the words. */
function valueOf(name: string, kind: Kind, text: string): string | number | boolean | null {
  if ((kind === 'int-or-none' || kind === 'text-or-none') && text === 'none') return null;
  if (kind === 'bool') {
    if (text === 'true' || text === 'false') return text === 'true';
    throw new UsageError(`--${name} takes true or false, not "${text}"`);
  }
  if (kind === 'int' || kind === 'int-or-none') {
    if (!/^\d{1,15}$/.test(text)) throw new UsageError(`--${name} takes a whole number${kind === 'int-or-none' ? ' or none' : ''}, not "${text}"`);
    return Number(text);
  }
  return text;
}

/** The body of `POST /v1/policies`: id, name and the settings given; the others take the authority's defaults. */
function policyBody(context: CommandContext): Record<string, unknown> {
  const body: Record<string, unknown> = { id: required(context, 'id'), name: required(context, 'name') };
  for (const [name, setting] of Object.entries(settings)) {
    const text = option(context, name);
    if (text !== undefined) body[setting.field] = valueOf(name, setting.kind, text);
  }
  return body;
}

const options: Options = {
  id: { type: 'string' },
  name: { type: 'string' },
  ...Object.fromEntries(Object.keys(settings).map((name) => [name, { type: 'string' as const }])),
};

/** Creates a licensing policy; every setting left out takes the authority's default (see `policy list`). */
export const policyCreate: Command = {
  name: 'policy create',
  summary: 'Create a licensing policy (settings left out take the defaults)',
  usage: `--id <policyId> --name <name> ${Object.entries(settings)
    .map(([name, setting]) => `[--${name} ${setting.hint}]`)
    .join(' ')}`,
  options,
  async run(context) {
    const policy = await context.api().request<AuthorityAnswer<'/v1/policies', 'post'>>('POST', '/v1/policies', policyBody(context));
    return {
      result: policy,
      text: `Created policy ${policy.id} (${policy.name}): ${policy.kind}, offline ${policy.allowOffline ? 'allowed' : 'not allowed'}, sites by ${policy.siteLicensing}.`,
    };
  },
};
