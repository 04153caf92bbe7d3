import type { AuthorityAnswer } from '@airlock/client';
import { type Command, flag, list, option, required, UsageError } from '@airlock/cli-kit';

type CreatedLicense = AuthorityAnswer<'/v1/device-licenses', 'post'>;

/**
 * `renders=1000` → `{ meter: 'renders', limit: 1000 }`; `renders=unlimited` → `limit: null`;
 * `renders=1000+50` adds an overage of 50 past the limit (docs/devices.md).
 *
 * @example
 * ```ts
 * parseMeter('renders=1000'); // { meter: 'renders', limit: 1000 }
 * parseMeter('renders=1000+50'); // { meter: 'renders', limit: 1000, overage: 50 }
 * ```
 */
export function parseMeter(text: string): { meter: string; limit: number | null; overage?: number } {
  const match = /^([^=]+)=(?:(\d{1,10})(?:\+(\d{1,10}))?|unlimited)$/.exec(text);
  if (!match) throw new UsageError(`--meter takes <meter>=<limit>, <meter>=<limit>+<overage> or <meter>=unlimited, not "${text}"`);
  if (match[2] === undefined) return { meter: match[1]!, limit: null };
  return { meter: match[1]!, limit: Number(match[2]), ...(match[3] === undefined ? {} : { overage: Number(match[3]) }) };
}

/** `seat-name=Lab 4` → `{ name: 'seat-name', value: 'Lab 4' }`. */
function metadataOf(text: string): { name: string; value: string } {
  const at = text.indexOf('=');
  if (at < 1) throw new UsageError(`--meta takes <name>=<value>, not "${text}"`);
  return { name: text.slice(0, at), value: text.slice(at + 1) };
}

/** `5` → 5, `unlimited` → null. */
function maxActivationsOf(text: string | undefined): { maxActivations?: number | null } {
  if (text === undefined) return {};
  if (text === 'unlimited') return { maxActivations: null };
  if (!/^\d{1,7}$/.test(text)) throw new UsageError(`--max-activations takes a number or "unlimited", not "${text}"`);
  return { maxActivations: Number(text) };
}

/** `true` / `false`. */
function booleanOf(name: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw new UsageError(`--${name} takes true or false, not "${text}"`);
  return text === 'true';
}

/**
 * Creates a key-based device license and prints its license key, which the authority shows this
 * once. (User-based licenses carry passwords, which do not belong on a command line: create them
 * through the API.)
 */
export const licenseCreate: Command = {
  name: 'license create',
  summary: 'Create a key-based device license and print its license key (shown this once)',
  usage:
    '--customer <customerId> --product <productId> [--policy <policyId>] [--expires <ISO 8601 instant>] [--kind <kind>] ' +
    '[--allow-offline true|false] [--max-activations <n>|unlimited] [--no-online] [--feature <id>]... [--meter <id>=<limit>[+<overage>]|unlimited]... [--meta <name>=<value>]...',
  options: {
    customer: { type: 'string' },
    product: { type: 'string' },
    policy: { type: 'string' },
    expires: { type: 'string' },
    kind: { type: 'string' },
    'allow-offline': { type: 'string' },
    'max-activations': { type: 'string' },
    'no-online': { type: 'boolean' },
    feature: { type: 'string', multiple: true },
    meter: { type: 'string', multiple: true },
    meta: { type: 'string', multiple: true },
  },
  async run(context) {
    const kind = option(context, 'kind');
    const allowOffline = booleanOf('allow-offline', option(context, 'allow-offline'));
    const overrides = {
      ...(kind === undefined ? {} : { kind }),
      ...(allowOffline === undefined ? {} : { allowOffline }),
      ...maxActivationsOf(option(context, 'max-activations')),
    };
    const expires = option(context, 'expires');
    const body = {
      customerId: required(context, 'customer'),
      productId: required(context, 'product'),
      credential: 'license-key',
      ...(option(context, 'policy') === undefined ? {} : { policyId: option(context, 'policy') }),
      ...(expires === undefined ? {} : { expiresAt: expires }),
      ...(flag(context, 'no-online') ? { allowOnline: false } : {}),
      overrides,
      entitlements: { features: list(context, 'feature'), meters: list(context, 'meter').map(parseMeter) },
      metadata: list(context, 'meta').map(metadataOf),
    };
    const license = await context.api().request<CreatedLicense>('POST', '/v1/device-licenses', body);
    const ends = license.expiresAt === null ? 'no end' : `ends ${license.expiresAt}`;
    return {
      result: license,
      text: `Created ${license.settings.kind} device license ${license.id} for ${license.customerId} (${license.productId}, ${ends}).\nLicense key (shown this once): ${license.licenseKey ?? ''}`,
    };
  },
};
