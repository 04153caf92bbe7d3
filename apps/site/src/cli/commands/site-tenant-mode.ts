import type { SiteAnswer } from '@airlock/client';
import { escapeControlCharacters } from '@airlock/core/text';
import { type Command, option, readDocument, UsageError, withoutText, writeDocument } from '@airlock/cli-kit';
import { SiteClient, siteCredential, DEFAULT_SITE_URL } from '../site-client.ts';

type ModeChange = SiteAnswer<'/v1/tenants/{tenant}/licensing-mode', 'put'>;

/**
 * Moves a tenant between files and connected mode (docs/connected.md, "Moving between modes"):
 * `--token` installs an enablement token first; to connected, `--authority` names the authority
 * (needed the first time); to files, a tenant with no OLF gets its first LFR, written to `--out`.
 * Here `--token` is the enablement token's file, as the design names it: the site's credential
 * comes from `--data-dir`, AIRLOCK_SITE_TOKEN or AIRLOCK_SITE_DATA_DIR.
 */
export const siteTenantMode: Command = {
  name: 'site tenant mode',
  summary: 'Move a tenant between files (carried by hand) and connected mode (exchanged over a link with the authority)',
  usage:
    '<tenant> files|connected [--authority <url>] [--token <enablement token file>] [--out <file for the first LFR>] [--site-url <url>] [--data-dir <dir>]',
  options: {
    'site-url': { type: 'string' },
    'data-dir': { type: 'string' },
    authority: { type: 'string' },
    token: { type: 'string' },
    out: { type: 'string' },
  },
  positionals: ['tenant', 'mode'],
  async run(context) {
    const [tenant = '', mode = ''] = context.positionals;
    if (mode !== 'files' && mode !== 'connected') throw new UsageError('the mode is files or connected');
    const tokenFile = option(context, 'token');
    const token = tokenFile === undefined ? undefined : await readDocument(context.io, tokenFile);
    const authorityUrl = option(context, 'authority');
    // `--token` is the enablement token here: the credential is read as if it had not been given.
    const credential = siteCredential({ ...context, values: { ...context.values, token: undefined } });
    const site = new SiteClient(option(context, 'site-url') ?? context.io.env.AIRLOCK_SITE_URL ?? DEFAULT_SITE_URL, tenant, credential);
    const changed = await site.request<ModeChange>('PUT', site.tenantPath('/licensing-mode'), {
      mode,
      ...(authorityUrl === undefined ? {} : { authorityUrl }),
      ...(token === undefined ? {} : { token }),
    });
    if (changed.lfr) {
      const file = await writeDocument(context.io, option(context, 'out') ?? `license-file-request-${changed.lfr.id}.txt`, changed.lfr.text);
      return {
        result: { ...changed, lfr: { ...withoutText(changed.lfr), file } },
        text: escapeControlCharacters(
          `Tenant ${changed.tenant} is in mode files. Wrote its first license file request ${changed.lfr.id} (cycle ${changed.lfr.cycle}) to ${file}: carry it to the authority.`,
        ),
      };
    }
    const text =
      changed.mode === 'connected'
        ? `Tenant ${changed.tenant} is in connected mode with ${changed.authorityUrl ?? '?'}: an exchange has started. ${changed.link.summary}.`
        : `Tenant ${changed.tenant} is in mode files: its LFRs and OLFs are carried by hand.`;
    return { result: changed, text: escapeControlCharacters(text) };
  },
};
