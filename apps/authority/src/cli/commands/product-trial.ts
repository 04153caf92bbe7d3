import type { AuthorityAnswer } from '@airlock/client';
import { type Command, flag, list, option, segment, UsageError } from '@airlock/cli-kit';
import { parseMeter } from './license-create.ts';

type TrialOffer = AuthorityAnswer<'/v1/products/{productId}/trial', 'put'>;

/** One line saying what a device asking for the trial gets. */
function describeOffer(offer: TrialOffer): string {
  const length = offer.days !== null ? `${offer.days} days` : `until ${offer.endsAt ?? ''}`;
  const meters = offer.meters.map((meter) => `${meter.meter}=${meter.limit ?? 'unlimited'}`);
  const grants = [...offer.features, ...meters].join(', ') || 'nothing';
  return `Trial of ${offer.productId}: ${offer.enabled ? 'offered' : 'disabled'}, ${length}, ${grants}, ${offer.allowOffline ? 'online and offline' : 'online only'}.`;
}

/**
 * A product's trial offer (docs/devices.md, "Trials"): set it with a length (`--days` or
 * `--ends`), its features and meters; `--disable` keeps it but stops new trials, `--withdraw`
 * removes it; with none of these, it prints the offer. Trials already started keep their end.
 */
export const productTrial: Command = {
  name: 'product trial',
  summary: "Set, show, disable or withdraw a product's trial offer (no license key needed to start one)",
  usage:
    '<productId> (--days <n> | --ends <ISO 8601 instant>) [--feature <id>]... [--meter <id>=<limit>|unlimited]... [--offline] [--policy <policyId>] | --disable | --withdraw',
  options: {
    days: { type: 'string' },
    ends: { type: 'string' },
    feature: { type: 'string', multiple: true },
    meter: { type: 'string', multiple: true },
    offline: { type: 'boolean' },
    policy: { type: 'string' },
    disable: { type: 'boolean' },
    withdraw: { type: 'boolean' },
  },
  positionals: ['productId'],
  async run(context) {
    const [productId = ''] = context.positionals;
    const url = `/v1/products/${segment(productId)}/trial`;
    const api = context.api();
    const days = option(context, 'days');
    const ends = option(context, 'ends');
    const modes = [days !== undefined || ends !== undefined, flag(context, 'disable'), flag(context, 'withdraw')].filter(Boolean).length;
    if (modes > 1) throw new UsageError('give a length (--days or --ends), or --disable, or --withdraw: one of them');
    if (flag(context, 'withdraw')) {
      await api.request('DELETE', url);
      return { result: { productId, withdrawn: true }, text: `Withdrew the trial offer of ${productId}: trials already started keep their end.` };
    }
    if (flag(context, 'disable')) {
      const current = await api.request<TrialOffer>('GET', url);
      const body = {
        enabled: false,
        ...(current.days === null ? { endsAt: current.endsAt } : { days: current.days }),
        features: current.features,
        meters: current.meters,
        allowOffline: current.allowOffline,
        ...(current.policyId === null ? {} : { policyId: current.policyId }),
      };
      const offer = await api.request<TrialOffer>('PUT', url, body);
      return { result: offer, text: describeOffer(offer) };
    }
    if (modes === 0) {
      const offer = await api.request<TrialOffer>('GET', url);
      return { result: offer, text: describeOffer(offer) };
    }
    if (days !== undefined && ends !== undefined) throw new UsageError('give --days or --ends, not both');
    if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new UsageError(`--days takes a number of days, not "${days}"`);
    const policy = option(context, 'policy');
    const body = {
      enabled: true,
      ...(days === undefined ? { endsAt: ends } : { days: Number(days) }),
      features: list(context, 'feature'),
      meters: list(context, 'meter').map(parseMeter),
      allowOffline: flag(context, 'offline'),
      ...(policy === undefined ? {} : { policyId: policy }),
    };
    const offer = await api.request<TrialOffer>('PUT', url, body);
    return { result: offer, text: describeOffer(offer) };
  },
};
