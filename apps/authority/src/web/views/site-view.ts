import {
  apiForm,
  code,
  countdown,
  dataTable,
  dateTime,
  definitionList,
  html,
  listState,
  notice,
  pagerLinks,
  path,
  section,
  statusBadge,
  submitButton,
  type ListPage,
  type ListState,
  type SafeHtml,
  type Tone,
} from '@airlock/web';
import type { Customer, ModeAllowance, Policy, Site, SiteCycles } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { customerCrumbs, type CustomerPaths } from '../paths.ts';
import { rebaselineSection, type SiteRebaseline } from './rebaseline-view.ts';

/** The status of one LFR in its cycle's history. */
function lfrStatus(lfr: SiteCycles['tenants'][number]['cycles'][number]['lfrs'][number]): SafeHtml {
  if (lfr.olf) return statusBadge('answered', 'ok');
  if (lfr.superseded) return statusBadge('superseded', 'neutral');
  return statusBadge('awaiting OLF', 'warn');
}

type SiteCycle = SiteCycles['tenants'][number]['cycles'][number];

/** Cycles per page of each tenant's history on the site page. */
const CYCLES_PER_PAGE = 10;

/** One tenant's page of cycles, newest first, and the list state its pager links keep. */
interface TenantCycles {
  readonly tenant: string;
  readonly state: ListState;
  readonly page: ListPage<SiteCycle>;
}

/** One cycle's LFRs and the OLF answering them, as a table. */
function cycleTable(tenant: string, cycle: SiteCycle, paths: CustomerPaths): SafeHtml {
  return dataTable({
    caption: `Tenant ${tenant}, cycle ${cycle.cycle} (opened ${cycle.openedAt.slice(0, 16).replace('T', ' ')} UTC)`,
    rows: cycle.lfrs,
    empty: 'No request in this cycle.',
    columns: [
      { header: 'Sequence', cell: (lfr) => lfr.sequence, numeric: true },
      { header: 'LFR', cell: (lfr) => (lfr.superseded || lfr.olf ? code(lfr.id) : html`<a href="${paths.lfr(lfr.id)}">${code(lfr.id)}</a>`) },
      { header: 'Made', cell: (lfr) => dateTime(lfr.issuedAt) },
      { header: 'Received', cell: (lfr) => dateTime(lfr.receivedAt) },
      { header: 'Status', cell: lfrStatus },
      { header: 'OLF', cell: (lfr) => (lfr.olf ? html`<a href="${paths.olf(lfr.olf.id)}">${lfr.olf.start} to ${lfr.olf.end}</a>` : '–') },
    ],
  });
}

/**
 * The history of a site's cycles: per tenant, a page of its cycles newest first (each with its
 * LFRs and the OLF answering them) and previous / next links that page that tenant alone.
 */
function cycleHistory(tenants: readonly TenantCycles[], paths: CustomerPaths): SafeHtml {
  if (tenants.every((tenant) => tenant.page.items.length === 0))
    return html`<p class="empty">No license file request has been received from this site yet.</p>`;
  return html`${tenants.map(({ tenant, state, page }) => html`${page.items.map((cycle) => cycleTable(tenant, cycle, paths))}${pagerLinks(state, page.next)}`)}`;
}

/**
 * Each tenant's page of cycles from the paged API: the tenant named by `?tenant=` at the page
 * its `after` asks, the others at their newest.
 */
async function tenantCycles(context: PageContext, paths: CustomerPaths, site: Site): Promise<TenantCycles[]> {
  const base = paths.site(site.guid);
  const names = site.tenants.filter((tenant) => tenant.latestLfrAt !== null).map((tenant) => tenant.tenant);
  return Promise.all(
    names.map(async (tenant) => {
      const own = context.query.tenant === tenant;
      const state = listState(base, { tenant, after: own ? context.query.after : undefined, back: own ? context.query.back : undefined }, ['tenant']);
      const query = new URLSearchParams({ tenant, limit: String(CYCLES_PER_PAGE) });
      if (state.after !== undefined) query.set('after', state.after);
      const page = await context.api.get<ListPage<SiteCycle>>(`${paths.api}${path`/sites/${site.guid}/cycles`}?${query.toString()}`);
      return { tenant, state, page };
    }),
  );
}

/**
 * When the open cycle of each tenant must have its OLF installed (docs/design.md, F2): within the policy's
 * window from the cycle's first LFR and from its latest, whichever ends first; past it, the site
 * locks. Shown where the policy can be read (the console). `newest` is each tenant's newest cycle.
 */
function deadlines(newest: readonly { readonly tenant: string; readonly cycle: SiteCycle | undefined }[], policy: Policy | undefined, now: Date): SafeHtml {
  if (!policy) return html``;
  const open = newest.flatMap(({ tenant, cycle }) => {
    const latest = cycle?.lfrs.at(-1);
    if (!cycle || !latest || latest.olf) return [];
    const first = cycle.lfrs[0]!;
    const by = new Date(
      Math.min(Date.parse(first.issuedAt) + policy.cycleWindowFromFirstLfrMs, Date.parse(latest.issuedAt) + policy.cycleWindowFromLatestLfrMs),
    );
    return [{ tenant, cycle: cycle.cycle, by }];
  });
  return html`${open.map(({ tenant, cycle, by }) => notice(html`<p>Tenant ${tenant}, cycle ${cycle} awaits its OLF: install it on the site by ${dateTime(by)} (${countdown(by, now)}), or the site locks.</p>`, { tone: by.getTime() > now.getTime() ? 'warn' : 'bad' }))}`;
}

const exchangeTones: Record<string, Tone> = { answered: 'ok', pending: 'warn', refused: 'bad' };

/** How the last exchange over a link ended, with the code of a refusal or of what it waits for. */
export function exchangeBadge(status: string, code: string | null): SafeHtml {
  return statusBadge(code === null ? status : `${status}: ${code}`, exchangeTones[status] ?? 'neutral');
}

const modeLabels = { files: 'Files by hand', connected: 'Connected' } as const;

/** Whether a site may use one mode, as a badge: allowed, allowed on a condition, or not. */
function allowanceBadge(mode: keyof typeof modeLabels, allowance: ModeAllowance): SafeHtml {
  const label = `${mode === 'files' ? 'files' : 'connected'}: ${allowance.allowed ? 'allowed' : 'not allowed'}`;
  return statusBadge(label, allowance.allowed ? (allowance.reason === null ? 'ok' : 'info') : 'bad');
}

/**
 * Which modes a site may use, in a table cell (the console's list of a customer's sites).
 *
 * @example
 * ```ts
 * { header: 'Modes', cell: (site) => siteModesCell(site) }
 * ```
 */
export function siteModesCell(site: Pick<Site, 'modes'>): SafeHtml {
  return html`${allowanceBadge('files', site.modes.files)} ${allowanceBadge('connected', site.modes.connected)}`;
}

/**
 * How a site is licensed (docs/connected.md, "Versions"): the modes its customer's policy lets it
 * use at its version, and the mode each of its tenants uses — connected, with its last exchange,
 * or files carried by hand. The same in the console and the portal.
 */
function siteModesSection(site: Site): SafeHtml {
  const links = new Map(site.connected.map((link) => [link.tenant, link]));
  return section(
    { id: 'modes', title: 'Licensing modes' },
    html`${dataTable({
      caption: 'Modes this site may use',
      rows: (['files', 'connected'] as const).map((mode) => ({ mode, allowance: site.modes[mode] })),
      empty: '',
      columns: [
        { header: 'Mode', cell: (row) => modeLabels[row.mode], rowHeader: true },
        { header: 'May use it', cell: (row) => (row.allowance.allowed ? statusBadge('yes', 'ok') : statusBadge('no', 'bad')) },
        { header: 'Why', cell: (row) => row.allowance.reason ?? (row.allowance.allowed ? 'the policy allows it at this version' : '–') },
      ],
    })}${dataTable({
      caption: 'Mode of each tenant',
      rows: site.tenants,
      empty: 'No tenant of this site has sent a license file request yet.',
      columns: [
        { header: 'Tenant', cell: (tenant) => code(tenant.tenant), rowHeader: true },
        { header: 'Mode', cell: (tenant) => (tenant.mode === 'connected' ? statusBadge('connected', 'info') : statusBadge('files', 'neutral')) },
        { header: 'Last exchange', cell: (tenant) => (tenant.lastExchangeAt ? dateTime(tenant.lastExchangeAt) : '–') },
        {
          header: 'Last answer',
          cell: (tenant) => {
            const link = links.get(tenant.tenant);
            return link ? exchangeBadge(link.lastStatus, link.lastCode) : '–';
          },
        },
        { header: 'Latest LFR', cell: (tenant) => (tenant.latestLfrAt ? dateTime(tenant.latestLfrAt) : '–') },
      ],
    })}`,
  );
}

/** A site: what the authority knows of it, its modes, its enablement token, and every cycle. */
export async function sitePage(context: PageContext, paths: CustomerPaths, guid: string): Promise<PageContent> {
  const [customer, sites] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<Site[]>(`${paths.api}/sites`)]);
  const site = sites.find((candidate) => candidate.guid === guid.toLowerCase());
  if (!site) {
    // The API's own refusal (NOT_FOUND for another customer's site, or none) makes the refusal page, with its status.
    await context.api.get(`${paths.api}${path`/sites/${guid}/cycles`}?${new URLSearchParams({ tenant: 'default', limit: '1' }).toString()}`);
    return { title: 'Not found', main: notice('No such site.', { tone: 'warn' }) };
  }
  const cycles = await tenantCycles(context, paths, site);
  // Each tenant's newest cycle: the first of its page when the page is its first, else read apart.
  const newest = await Promise.all(
    cycles.map(async ({ tenant, state, page }) => ({
      tenant,
      cycle:
        state.after === undefined
          ? page.items[0]
          : (
              await context.api.get<ListPage<SiteCycle>>(
                `${paths.api}${path`/sites/${site.guid}/cycles`}?${new URLSearchParams({ tenant, limit: '1' }).toString()}`,
              )
            ).items[0],
    })),
  );
  const policy =
    paths.area === 'console' ? (await context.api.get<Policy[]>('/v1/policies')).find((candidate) => candidate.id === customer.policyId) : undefined;
  // Restores from backups are the vendor's to decide: the console shows them, the portal does not.
  const rebaselines =
    paths.area === 'console' ? rebaselineSection(site.guid, await context.api.get<SiteRebaseline[]>(path`/v1/sites/${site.guid}/rebaselines`)) : html``;
  const approved = customer.offlineApproval === 'approved';
  const token = apiForm({
    id: 'enablement-token',
    api: `${paths.api}${path`/sites/${site.guid}/enablement-token`}`,
    description: html`<p>Installing it on the site turns offline licensing on. It is signed for this site's GUID only and is valid for 24 hours from now.</p>`,
    then: {
      download: { field: 'text', filename: `enablement-token-${site.guid}.txt` },
      message: 'Enablement token {id} downloaded; valid until {expiresAt}.',
      reload: true,
    },
    fields: approved
      ? ''
      : notice(
          html`<p>Offline licensing is not approved for ${customer.name} yet (${customer.offlineApproval ?? 'not requested'}): the authority refuses to issue a token until it is.</p>`,
          { tone: 'warn' },
        ),
    buttons: submitButton('Download the enablement token'),
  });
  return {
    title: site.name,
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: html`Site ${code(site.guid)} of ${customer.name}.`,
    main: html`${section(
      { id: 'site-facts', title: 'Site' },
      definitionList([
        ['GUID', code(site.guid)],
        ['Version', site.siteVersion ?? 'not known yet'],
        ['Registered', dateTime(site.registeredAt)],
        ['Site key', site.siteKeyKnown ? statusBadge('known', 'ok') : statusBadge('learned from its first LFR', 'neutral')],
        ['Latest enablement token', site.latestEnablementTokenAt ? dateTime(site.latestEnablementTokenAt) : 'none yet'],
        ['Latest LFR', site.latestLfrAt ? dateTime(site.latestLfrAt) : 'none yet'],
      ]),
    )}
${siteModesSection(site)}
${rebaselines}
<div class="columns">${section({ id: 'token', title: 'Turn offline licensing on' }, token)}${section({ id: 'next-lfr', title: 'License file requests' }, html`<p>When the site has made a license file request, upload it to configure its offline license file.</p><p><a class="button button-primary" href="${paths.lfrNew}">Upload a license file request</a></p>`)}</div>
${section({ id: 'cycles', title: 'Cycles' }, html`${deadlines(newest, policy, context.now)}${cycleHistory(cycles, paths)}`)}`,
  };
}
