import { apiForm, code, dataTable, definitionList, formFields, html, section, statusBadge, submitButton, type SafeHtml } from '@airlock/web';
import { homeOf, mayListTenants, mayManageSite } from '../permissions.ts';
import { tenantPaths, type PageAnswer, type PageContext } from '../site-pages.ts';
import { registrationKey, stateBadge } from './words.ts';
import type { SiteInfo, TenantSummary } from '../api-types.ts';

/** The form that adds a tenant, with a Registration Key of its own (site administrators only). */
function addTenantForm(): SafeHtml {
  const f = formFields('add-tenant');
  return apiForm({
    id: 'add-tenant',
    api: '/v1/tenants',
    className: 'inline',
    then: { reload: true, message: 'Tenant {tenant} added, with Registration Key {registrationKey}.' },
    fields: f.text({
      name: 'tenant',
      label: 'Tenant name',
      required: true,
      maxLength: 64,
      pattern: '[A-Za-z0-9_.:\\-]+',
      spellcheck: false,
      hint: 'Letters, digits and . _ : - (as the authority will name it).',
    }),
    buttons: submitButton('Add the tenant'),
  });
}

/**
 * The tenants of the site (docs/design.md, F6): each with its Registration Key — large, grouped, copyable,
 * to be typed at the authority beside an order's LRN — its state, and its pages; and the site
 * itself: its GUID (what the authority registers) and its ledger.
 */
export async function tenantsPage(context: PageContext): Promise<PageAnswer> {
  const me = context.me!;
  if (!mayListTenants(me)) return { redirect: homeOf(me) };
  const [{ tenants }, info] = await Promise.all([context.api.get<{ tenants: TenantSummary[] }>('/v1/tenants'), context.api.get<SiteInfo>('/v1/site')]);
  const table = dataTable({
    caption: 'Tenants',
    captionHidden: true,
    rows: tenants.map((tenant, index) => ({ ...tenant, index })),
    empty: 'No tenant yet.',
    columns: [
      { header: 'Tenant', cell: (tenant) => html`<a href="${tenantPaths(tenant.tenant).licenses}">${tenant.tenant}</a>`, rowHeader: true },
      { header: 'Registration Key', cell: (tenant) => registrationKey(tenant.registrationKey, `rk-${tenant.index}`) },
      { header: 'Status', cell: (tenant) => stateBadge(tenant.status) },
      {
        header: 'Pages',
        cell: (tenant) => {
          const paths = tenantPaths(tenant.tenant);
          return html`<ul class="plain tenant-links"><li><a href="${paths.offline}">Offline licenses</a></li><li><a href="${paths.activated}">Activated license</a></li><li><a href="${paths.seats}">Users and seats</a></li><li><a href="${paths.floating}">Floating seats</a></li><li><a href="${paths.audit}">Usage audit</a></li></ul>`;
        },
      },
    ],
  });
  const problem = info.ledger.problem;
  const facts = definitionList([
    ['Site GUID', code(info.guid)],
    ['Site version', info.siteVersion],
    ['Authority root key', code(info.rootKid)],
    ['Ledger', html`${info.ledger.sequence} records ${problem ? statusBadge(`tampered: ${problem.code}`, 'bad') : statusBadge('verified', 'ok')}`],
  ]);
  return {
    title: 'Tenants',
    lead: 'Each tenant has its own Registration Key, enablement token, cycle, license, seats and meters. Give the authority a tenant’s Registration Key with an order’s LRN to activate that order for it.',
    main: html`${section({ id: 'tenants', title: 'Tenants of this site' }, html`${table}${mayManageSite(me) ? addTenantForm() : ''}`)}
${section({ id: 'site', title: 'This site' }, facts)}`,
  };
}
