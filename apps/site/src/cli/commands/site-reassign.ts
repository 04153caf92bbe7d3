import type { SiteAnswer } from '@airlock/client';
import { type Command, required, segment } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type Reassignment = SiteAnswer<'/v1/tenants/{tenant}/seats/{type}/reassign', 'post'>;

/** Moves a user's seat of a type to another user on a running site. */
export const siteReassign: Command = {
  name: 'site reassign',
  summary: "Move a user's seat of a type to another user on the running site",
  usage: `--type <type> --from <user> --to <user> ${SITE_USAGE}`,
  options: { ...siteOptions, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(context) {
    const [type, from, to] = [required(context, 'type'), required(context, 'from'), required(context, 'to')];
    const site = siteClient(context);
    const done = await site.request<Reassignment>('POST', site.tenantPath(`/seats/${segment(type)}/reassign`), { from, to });
    return { result: done, text: `Moved ${done.from}'s ${done.type} seat to ${done.to} on tenant ${done.tenant}.` };
  },
};
