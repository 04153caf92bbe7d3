import {
  ApiRefusal,
  apiForm,
  code,
  dataTable,
  definitionList,
  formFields,
  formRow,
  html,
  linkButton,
  path,
  section,
  submitButton,
  type ApiReader,
  type SafeHtml,
} from '@airlock/web';
import type { PageContent, PageContext } from '../pages.ts';

/**
 * The console's single sign-on settings (README, "Single sign-on (OpenID Connect)"): the
 * console's identity provider for administrators, and each customer's for its portal users.
 * Client secrets are write-only: the API never returns them, so the forms leave them empty and
 * an empty field keeps the stored one.
 */

interface SsoProviderAnswer {
  readonly id: string;
  readonly customerId: string | null;
  readonly issuer: string;
  readonly clientId: string;
  readonly allowedDomains: readonly string[];
  readonly groupClaim: string;
  readonly groupRoles: readonly { readonly group: string; readonly role: string }[];
  readonly provisioning: 'just-in-time' | 'existing-accounts';
  readonly passwordSignIn: boolean;
  readonly updatedAt: string;
  readonly redirectUri: string;
}

/** Rows offered for group → role mappings; rows left empty (no group, no role) are not sent. */
const MAPPING_ROWS = 4;

async function providerOrNull(api: ApiReader, url: string): Promise<SsoProviderAnswer | null> {
  try {
    return await api.get<SsoProviderAnswer>(url);
  } catch (error) {
    if (error instanceof ApiRefusal && error.problem.status === 404) return null;
    throw error;
  }
}

function summary(provider: SsoProviderAnswer | null, redirectUri: string): SafeHtml {
  if (!provider)
    return html`<p>Not set up: everyone signs in with a password. Register Airlock at the identity provider with the redirect URI ${code(redirectUri)}, then fill in the form below.</p>`;
  return definitionList([
    ['Issuer', code(provider.issuer)],
    ['Client id', code(provider.clientId)],
    ['Redirect URI to register', code(provider.redirectUri)],
    ['Allowed domains', provider.allowedDomains.join(', ')],
    ['Groups', provider.groupRoles.length === 0 ? 'any group' : provider.groupRoles.map((mapping) => `${mapping.group} → ${mapping.role}`).join(', ')],
    ['Group claim', code(provider.groupClaim)],
    ['Unknown people', provider.provisioning === 'just-in-time' ? 'get an account at first sign-in' : 'are refused (accounts must exist)'],
    ['Password sign-in', provider.passwordSignIn ? 'still allowed' : 'refused: single sign-on only'],
  ]);
}

function commonFields(f: ReturnType<typeof formFields>, provider: SsoProviderAnswer | null): SafeHtml {
  return html`<div class="form-grid">
${f.text({ name: 'issuer', label: 'Issuer URL', type: 'url', required: true, value: provider?.issuer ?? '', spellcheck: false, hint: 'e.g. https://login.example.com/realms/staff; its /.well-known/openid-configuration is read.' })}
${f.text({ name: 'clientId', label: 'Client id', required: true, value: provider?.clientId ?? '', spellcheck: false })}
${f.text({ name: 'clientSecret', label: 'Client secret', type: 'password', autocomplete: 'off', required: provider === null, optional: provider !== null, hint: provider ? 'Leave empty to keep the stored secret (it is never shown).' : 'Stored sealed; never shown again.' })}
${f.text({ name: 'groupClaim', label: 'Group claim', required: true, value: provider?.groupClaim ?? 'groups', spellcheck: false })}
${f.select({
  name: 'provisioning',
  label: 'People without an account',
  value: provider?.provisioning ?? 'just-in-time',
  options: [
    { value: 'just-in-time', label: 'Create their account at first sign-in' },
    { value: 'existing-accounts', label: 'Refuse them' },
  ],
})}
</div>
${f.textarea({ name: 'allowedDomains', label: 'Allowed e-mail domains', required: true, valueType: 'lines', rows: 3, value: provider?.allowedDomains.join('\n') ?? '', hint: 'One a line, e.g. example.com.' })}
${f.checkbox({ name: 'passwordSignIn', label: 'These accounts may still sign in with a password', checked: provider?.passwordSignIn ?? true })}`;
}

export async function consoleSsoPage(context: PageContext): Promise<PageContent> {
  const provider = await providerOrNull(context.api, '/v1/sso/console');
  const customers = (await context.api.get<{ items: SsoProviderAnswer[] }>('/v1/sso/customers')).items;
  const redirectUri = provider?.redirectUri ?? customers[0]?.redirectUri ?? '/v1/sso/callback';
  const f = formFields('set-console-sso');
  const rows = [...(provider?.groupRoles ?? []), ...Array.from({ length: MAPPING_ROWS }, () => ({ group: '', role: '' }))].slice(
    0,
    Math.max(MAPPING_ROWS, (provider?.groupRoles.length ?? 0) + 1),
  );
  return {
    title: 'Single sign-on',
    lead: 'Administrators and portal users can sign in through their organisation’s OpenID Connect identity provider. The same session, the same checks as a password sign-in.',
    main: html`${section({ id: 'console-provider', title: 'Console (administrators)' }, summary(provider, redirectUri))}${section(
      { id: 'set-console', title: provider ? 'Change the console’s identity provider' : 'Set up the console’s identity provider' },
      apiForm({
        id: 'set-console-sso',
        api: '/v1/sso/console',
        method: 'PUT',
        then: { reload: true, message: 'Single sign-on settings saved.' },
        description: html`<p>Only people in a mapped group may sign in; the group is read at every sign-in, so removing someone from it at the identity provider refuses their next sign-in.</p>`,
        fields: html`${commonFields(f, provider)}${rows.map((mapping, index) =>
          formRow(
            `Group mapping ${index + 1}`,
            html`${f.text({ name: `groupRoles.${index}.group`, label: 'IdP group', value: mapping.group, spellcheck: false })}${f.select({
              name: `groupRoles.${index}.role`,
              label: 'Role',
              value: mapping.role,
              options: [
                { value: '', label: '—' },
                { value: 'admin', label: 'Administrator' },
              ],
            })}`,
          ),
        )}`,
        buttons: submitButton('Save'),
      }),
    )}${section(
      { id: 'customer-providers', title: 'Customers (portal users)' },
      dataTable({
        caption: 'Customers with an identity provider',
        captionHidden: true,
        rows: customers,
        empty: 'No customer has an identity provider. Set one up from the customer’s single sign-on page.',
        columns: [
          {
            header: 'Customer',
            cell: (row) => html`<a href="${path`/console/customers/${row.customerId ?? ''}/sso`}">${row.customerId ?? ''}</a>`,
            rowHeader: true,
          },
          { header: 'Issuer', cell: (row) => code(row.issuer) },
          { header: 'Domains', cell: (row) => row.allowedDomains.join(', ') },
          { header: 'Password sign-in', cell: (row) => (row.passwordSignIn ? 'allowed' : 'refused') },
        ],
      }),
    )}`,
  };
}

export async function customerSsoPage(context: PageContext, customerId: string): Promise<PageContent> {
  const customer = await context.api.get<{ id: string; name: string }>(path`/v1/customers/${customerId}`);
  const provider = await providerOrNull(context.api, path`/v1/sso/customers/${customerId}`);
  const f = formFields('set-customer-sso');
  return {
    title: `Single sign-on for ${customer.name}`,
    breadcrumbs: [
      { href: '/console/customers', label: 'Customers' },
      { href: path`/console/customers/${customerId}`, label: customer.name },
    ],
    lead: 'The customer’s portal users sign in through the customer’s own identity provider, found from the domain of the address they type.',
    main: html`${section({ id: 'provider', title: 'Identity provider' }, summary(provider, '/v1/sso/callback'))}${section(
      { id: 'set', title: provider ? 'Change the identity provider' : 'Set up the identity provider' },
      apiForm({
        id: 'set-customer-sso',
        api: path`/v1/sso/customers/${customerId}`,
        method: 'PUT',
        then: { reload: true, message: 'Single sign-on settings saved.' },
        fields: html`${commonFields(f, provider)}${f.textarea({
          name: 'allowedGroups',
          label: 'Allowed groups',
          valueType: 'lines',
          rows: 3,
          value: provider?.groupRoles.map((mapping) => mapping.group).join('\n') ?? '',
          hint: 'One a line. Empty: anyone of the allowed domains.',
        })}`,
        buttons: submitButton('Save'),
      }),
    )}${
      provider
        ? section(
            { id: 'remove', title: 'Remove' },
            apiForm({
              id: 'remove-customer-sso',
              api: path`/v1/sso/customers/${customerId}`,
              method: 'DELETE',
              then: { reload: true, message: 'Identity provider removed: portal users sign in with a password.' },
              confirm: 'Remove this identity provider? Portal users keep their accounts and sign in with a password.',
              fields: '',
              buttons: submitButton('Remove the identity provider', { variant: 'danger' }),
            }),
          )
        : ''
    }${html`<p>${linkButton('/console/sso', 'All single sign-on settings')}</p>`}`,
  };
}
