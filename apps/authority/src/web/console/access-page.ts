import type { AuthorityAnswer, ItemOf } from '@airlock/client';
import { apiForm, code, dataTable, dateTime, formFields, html, path, section, statusBadge, submitButton, type HtmlValue } from '@airlock/web';
import { permissions } from '../../http/permissions.ts';
import type { PageContent, PageContext } from '../pages.ts';

/** The scopes a new token is given unless the administrator changes them: what licensing automation needs. */
const DEFAULT_SCOPES = ['customers:read', 'licenses:read', 'licenses:write'];

/**
 * Who may use the authority, in the console: API tokens — created with the scopes they need, the
 * secret shown once in the answer, revoked at once — and the vendor's administrators, added with
 * a one-time password they change at their first sign-in, disabled and enabled again, or given
 * a new generated one-time password (shown once in the page). The signed-in administrator's own
 * row offers neither: the API refuses disabling oneself, and one's own password is changed on
 * the password page. Administrators only (the API refuses others, and the page says so).
 */
export async function accessPage(context: PageContext): Promise<PageContent> {
  const [tokens, admins, enrolled, policy] = await Promise.all([
    context.client.get('/v1/api-tokens'),
    context.client.get('/v1/admins'),
    context.client.get('/v1/admins/mfa'),
    context.client.get('/v1/settings/mfa'),
  ]);
  const withMfa = new Set(enrolled.map((entry) => entry.adminId));
  const mfaPolicy = formFields('mfa-policy');
  const token = formFields('create-token');
  const admin = formFields('add-admin');
  const active = tokens.filter((candidate) => candidate.revokedAt === null);
  const selfId = context.me?.principal.kind === 'admin' ? context.me.principal.id : null;
  return {
    title: 'Access',
    lead: 'API tokens for scripts and integrations, and the administrators of this console.',
    main: html`${section(
      { id: 'api-tokens', title: `API tokens (${active.length} active)` },
      html`${dataTable({
        caption: 'API tokens',
        captionHidden: true,
        rows: tokens,
        empty: 'No API token yet.',
        columns: [
          { header: 'Name', cell: (row) => row.name, rowHeader: true },
          { header: 'Scopes', cell: (row) => html`${row.scopes.map((scope) => html`${code(scope)} `)}` },
          { header: 'Created', cell: (row) => html`${dateTime(row.createdAt)} by ${row.createdBy}` },
          {
            header: 'State',
            cell: (row) => (row.revokedAt === null ? statusBadge('active', 'ok') : html`${statusBadge('revoked', 'neutral')} ${dateTime(row.revokedAt)}`),
          },
          {
            header: '',
            cell: (row) =>
              row.revokedAt === null
                ? apiForm({
                    id: `revoke-${row.id}`,
                    api: path`/v1/api-tokens/${row.id}`,
                    method: 'DELETE',
                    then: { reload: true, message: 'Token revoked.' },
                    confirm: `Revoke the token ${row.name}? Whatever uses it is refused at once.`,
                    fields: '',
                    buttons: submitButton('Revoke', { variant: 'danger' }),
                    className: 'inline-form',
                  })
                : '',
          },
        ],
      })}
${apiForm({
  id: 'create-token',
  api: '/v1/api-tokens',
  title: 'New API token',
  submitLabel: 'Create the token',
  description: html`<p>The token's secret is shown once, in this form's answer: copy it into the script's configuration (<code>AIRLOCK_TOKEN</code>) then. Give it only the scopes it needs.</p>`,
  then: { message: 'Token {name} created. Its secret, shown only now: {token}' },
  fields: html`<div class="form-grid">${token.text({ name: 'name', label: 'Name', required: true, maxLength: 200, hint: 'What uses it, e.g. “ERP order sync”.' })}${token.textarea(
    {
      name: 'scopes',
      label: 'Scopes, one per line',
      required: true,
      rows: 4,
      valueType: 'lines',
      value: DEFAULT_SCOPES.join('\n'),
      hint: html`Among ${permissions.map((scope) => html`${code(scope)} `)}.`,
    },
  )}</div>`,
})}`,
    )}
${section(
  { id: 'administrators', title: `Administrators (${admins.length})` },
  html`${dataTable({
    caption: 'Administrators',
    captionHidden: true,
    rows: admins,
    empty: 'No administrator.',
    columns: [
      { header: 'E-mail', cell: (row) => (row.id === selfId ? html`${row.email} (you)` : row.email), rowHeader: true },
      {
        header: 'Password',
        cell: (row) => (row.mustChangePassword ? statusBadge('one-time: changed at first sign-in', 'warn') : statusBadge('their own', 'ok')),
      },
      { header: 'Added', cell: (row) => dateTime(row.createdAt) },
      {
        header: 'Two-factor',
        cell: (row) =>
          withMfa.has(row.id)
            ? statusBadge('on', 'ok')
            : statusBadge(policy.requireForAdmins ? 'off: must enrol' : 'off', policy.requireForAdmins ? 'warn' : 'neutral'),
      },
      {
        header: 'State',
        cell: (row) => (row.disabledAt === null ? statusBadge('enabled', 'ok') : html`${statusBadge('disabled', 'neutral')} ${dateTime(row.disabledAt)}`),
      },
      { header: '', cell: (row) => (row.id === selfId ? '' : adminActions(row, withMfa.has(row.id))) },
    ],
  })}
${apiForm({
  id: 'mfa-policy',
  api: '/v1/settings/mfa',
  method: 'PUT',
  title: 'Two-factor sign-in policy',
  submitLabel: 'Save the policy',
  description: html`<p>When required, an administrator without two-factor sign-in must set it up (on the Two-factor page) before doing anything else. API tokens are not affected.</p>`,
  then: { reload: true, message: 'Policy saved.' },
  fields: mfaPolicy.checkbox({ name: 'requireForAdmins', label: 'Require two-factor sign-in of every administrator', checked: policy.requireForAdmins }),
})}
${apiForm({
  id: 'add-admin',
  api: '/v1/admins',
  title: 'Add an administrator',
  submitLabel: 'Add the administrator',
  description: html`<p>Give them the one-time password by another channel than their e-mail address; they choose their own at their first sign-in.</p>`,
  then: { reload: true, message: 'Administrator {email} added.' },
  fields: html`<div class="form-grid">${admin.text({ name: 'email', label: 'E-mail', type: 'email', required: true, autocomplete: 'off' })}${admin.text({ name: 'password', label: 'One-time password', type: 'password', required: true, minLength: 12, autocomplete: 'new-password' })}</div>`,
})}`,
)}`,
  };
}

/** Disable or Enable, Reset password and, when they have it, Reset two-factor, for another administrator's row. */
function adminActions(row: ItemOf<AuthorityAnswer<'/v1/admins'>>, hasMfa: boolean): HtmlValue {
  const toggle =
    row.disabledAt === null
      ? apiForm({
          id: `disable-${row.id}`,
          api: path`/v1/admins/${row.id}/disable`,
          then: { reload: true, message: `Administrator ${row.email} disabled.` },
          confirm: `Disable ${row.email}? They are signed out at once and cannot sign in, and the API tokens they created are revoked for good.`,
          fields: '',
          buttons: submitButton('Disable', { variant: 'danger' }),
          className: 'inline-form',
        })
      : apiForm({
          id: `enable-${row.id}`,
          api: path`/v1/admins/${row.id}/enable`,
          then: { reload: true, message: `Administrator ${row.email} enabled.` },
          fields: '',
          buttons: submitButton('Enable'),
          className: 'inline-form',
        });
  const reset = apiForm({
    id: `reset-${row.id}`,
    api: path`/v1/admins/${row.id}/password`,
    then: { message: 'New one-time password for {email}, shown only now: {password}' },
    confirm: `Give ${row.email} a new one-time password? Their current password stops working and they are signed out at once.`,
    fields: '',
    buttons: submitButton('Reset password'),
    className: 'inline-form',
  });
  const resetMfa = hasMfa
    ? apiForm({
        id: `reset-mfa-${row.id}`,
        api: path`/v1/admins/${row.id}/mfa/reset`,
        then: { reload: true, message: `Two-factor sign-in of ${row.email} removed: they sign in with their password and set it up again.` },
        confirm: `Remove the two-factor sign-in of ${row.email}, e.g. after a lost phone? They sign in with their password alone until they set it up again.`,
        fields: '',
        buttons: submitButton('Reset two-factor'),
        className: 'inline-form',
      })
    : '';
  return html`${toggle}${reset}${resetMfa}`;
}
