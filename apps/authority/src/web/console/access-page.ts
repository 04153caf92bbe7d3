import { apiForm, code, dataTable, dateTime, formFields, html, path, section, statusBadge, submitButton } from '@airlock/web';
import type { Admin } from '../../features/accounts/admins.ts';
import type { ApiToken } from '../../features/accounts/api-tokens.ts';
import { permissions } from '../../http/permissions.ts';
import type { PageContent, PageContext } from '../pages.ts';

/** The scopes a new token is given unless the administrator changes them: what licensing automation needs. */
const DEFAULT_SCOPES = ['customers:read', 'licenses:read', 'licenses:write'];

/**
 * Who may use the authority, in the console: API tokens — created with the scopes they need, the
 * secret shown once in the answer, revoked at once — and the vendor's administrators, added with
 * a one-time password they change at their first sign-in. Administrators only (the API refuses
 * others, and the page says so).
 */
export async function accessPage(context: PageContext): Promise<PageContent> {
  const [tokens, admins] = await Promise.all([context.api.get<ApiToken[]>('/v1/api-tokens'), context.api.get<Admin[]>('/v1/admins')]);
  const token = formFields('create-token');
  const admin = formFields('add-admin');
  const active = tokens.filter((candidate) => candidate.revokedAt === null);
  return {
    title: 'Access',
    lead: 'API tokens for scripts and integrations, and the administrators of this console.',
    main: html`${section({ id: 'api-tokens', title: `API tokens (${active.length} active)` }, html`${dataTable({
  caption: 'API tokens', captionHidden: true, rows: tokens, empty: 'No API token yet.',
  columns: [
    { header: 'Name', cell: (row) => row.name, rowHeader: true },
    { header: 'Scopes', cell: (row) => html`${row.scopes.map((scope) => html`${code(scope)} `)}` },
    { header: 'Created', cell: (row) => html`${dateTime(row.createdAt)} by ${row.createdBy}` },
    { header: 'State', cell: (row) => (row.revokedAt === null ? statusBadge('active', 'ok') : html`${statusBadge('revoked', 'neutral')} ${dateTime(row.revokedAt)}`) },
    {
      header: '',
      cell: (row) => row.revokedAt === null
        ? apiForm({ id: `revoke-${row.id}`, api: path`/v1/api-tokens/${row.id}`, method: 'DELETE', then: { reload: true, message: 'Token revoked.' }, confirm: `Revoke the token ${row.name}? Whatever uses it is refused at once.`, fields: '', buttons: submitButton('Revoke', { variant: 'danger' }), className: 'inline-form' })
        : '',
    },
  ],
})}
${apiForm({
  id: 'create-token', api: '/v1/api-tokens', title: 'New API token', submitLabel: 'Create the token',
  description: html`<p>The token's secret is shown once, in this form's answer: copy it into the script's configuration (<code>AIRLOCK_TOKEN</code>) then. Give it only the scopes it needs.</p>`,
  then: { message: 'Token {name} created. Its secret, shown only now: {token}' },
  fields: html`<div class="form-grid">${token.text({ name: 'name', label: 'Name', required: true, maxLength: 200, hint: 'What uses it, e.g. “ERP order sync”.' })}${token.textarea({
    name: 'scopes', label: 'Scopes, one per line', required: true, rows: 4, valueType: 'lines', value: DEFAULT_SCOPES.join('\n'),
    hint: html`Among ${permissions.map((scope) => html`${code(scope)} `)}.`,
  })}</div>`,
})}`)}
${section({ id: 'administrators', title: `Administrators (${admins.length})` }, html`${dataTable({
  caption: 'Administrators', captionHidden: true, rows: admins, empty: 'No administrator.',
  columns: [
    { header: 'E-mail', cell: (row) => row.email, rowHeader: true },
    { header: 'Password', cell: (row) => (row.mustChangePassword ? statusBadge('one-time: changed at first sign-in', 'warn') : statusBadge('their own', 'ok')) },
    { header: 'Added', cell: (row) => dateTime(row.createdAt) },
  ],
})}
${apiForm({
  id: 'add-admin', api: '/v1/admins', title: 'Add an administrator', submitLabel: 'Add the administrator',
  description: html`<p>Give them the one-time password by another channel than their e-mail address; they choose their own at their first sign-in.</p>`,
  then: { reload: true, message: 'Administrator {email} added.' },
  fields: html`<div class="form-grid">${admin.text({ name: 'email', label: 'E-mail', type: 'email', required: true, autocomplete: 'off' })}${admin.text({ name: 'password', label: 'One-time password', type: 'password', required: true, minLength: 12, autocomplete: 'new-password' })}</div>`,
})}`)}`,
  };
}
