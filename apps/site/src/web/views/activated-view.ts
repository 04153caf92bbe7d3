import { code, definitionList, html, section } from '@airlock/web';
import { mayChange } from '../permissions.ts';
import { tenantPaths, type PageContent, type PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { documentUploadForm } from './document-forms.ts';
import { readStatus } from './licenses-view.ts';
import { registrationKey, stateBadge } from './words.ts';

/**
 * Installing an activated license (docs/design.md, F5): the tenant's Registration Key, to type at the
 * authority beside an order's LRN, next to the form that takes the license it gives back.
 */
export async function activatedPage(context: PageContext, tenant: string): Promise<PageContent> {
  const status = await readStatus(context, tenant);
  const paths = tenantPaths(tenant);
  const changes = context.me !== null && mayChange(context.me, tenant);
  const current = status.activatedLicense
    ? html`${definitionList([
        ['Activated license', code(status.activatedLicense.licenseId)],
        ['Revision', String(status.activatedLicense.revision)],
        ['LRNs merged into it', status.activatedLicense.lrns.join(', ')],
        ['Ends', status.activatedLicense.endsOn ?? 'never (a permanent item keeps it in force)'],
      ])}<p><a href="${paths.licenses}">See its items by kind and their expiries</a>.</p>`
    : html`<p class="empty">None installed.${status.license ? ' The tenant is licensed by an offline license file: an activated license would replace it.' : ''}</p>`;
  const form = changes
    ? documentUploadForm({
        id: 'install-activated',
        api: `${paths.actions}/activated-license`,
        then: { navigate: `${paths.activated}/installs/{attempt}` },
        document: 'Activated license',
        fileHint: 'The file the authority gave for an LRN and this Registration Key.',
        submitLabel: 'Install the activated license',
      })
    : '';
  return {
    title: `Activated license of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    readsQrCodes: changes,
    lead: html`Status ${stateBadge(status.status)}. Each order's license letter carries an LRN: at the authority, the LRN and this tenant's Registration Key give a signed license for this tenant. Install it here; it merges every order activated so far.`,
    main: html`<div class="columns">${section({ id: 'registration-key', title: 'Registration Key' }, html`<p>Type this at the authority's activation page, beside the LRN:</p><p class="rk-display">${registrationKey(status.registrationKey, 'rk')}</p>`)}${section({ id: 'current', title: 'Installed now' }, current)}</div>
${changes ? section({ id: 'upload', title: 'Install an activated license' }, form) : ''}`,
  };
}
