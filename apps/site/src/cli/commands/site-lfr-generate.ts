import type { SiteAnswer } from '@airlock/client';
import { type Command, option, withoutText, writeDocument } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type GeneratedLfr = SiteAnswer<'/v1/tenants/{tenant}/lfr', 'post'>;

/** Generates a license file request on a running site and writes it to a file for the authority. */
export const siteLfrGenerate: Command = {
  name: 'site lfr generate',
  summary: 'Generate a license file request (LFR) on the running site and write it to a file',
  usage: `[--out <file>] ${SITE_USAGE}`,
  options: { ...siteOptions, out: { type: 'string' } },
  async run(context) {
    const site = siteClient(context);
    const lfr = await site.request<GeneratedLfr>('POST', site.tenantPath('/lfr'));
    const file = await writeDocument(context.io, option(context, 'out') ?? `license-file-request-${lfr.id}.txt`, lfr.text);
    const superseded = lfr.supersedes ? ` It replaces LFR ${lfr.supersedes}, which can no longer be answered.` : '';
    return {
      result: { ...withoutText(lfr), file },
      text: `Wrote license file request ${lfr.id} (tenant ${lfr.tenant}, cycle ${lfr.cycle}, sequence ${lfr.sequence}) to ${file}.${superseded} Carry it to the authority; \`airlock site status\` shows the deadlines.`,
    };
  },
};
