import { describeError, errorCodes, type ErrorCode } from '@airlock/core';
import { formFields, html, notice, path, type SafeHtml } from '@airlock/web';
import type { Db } from '../../db/database.ts';
import { CONSOLE_PROVIDER_ID } from '../../features/sso/sso-providers.ts';

/**
 * The single sign-on part of the sign-in pages: why the last attempt was refused (the callback
 * sends the browser back with `sso_error=<code>`), and the way in through the identity provider
 * where one is set up. The way in is a link, not a form: the pages' CSP lets forms send only to
 * Airlock itself (`form-action 'self'`), and the start answers with a redirect to the IdP.
 */
export async function ssoSignInPart(
  db: Db,
  area: 'console' | 'portal',
  next: string,
  query: { readonly sso_error?: string | undefined; readonly sso_email?: string | undefined },
): Promise<SafeHtml> {
  const refusal = refusalNotice(query.sso_error);
  if (area === 'console') {
    const configured = (await db.selectFrom('sso_providers').select('id').where('id', '=', CONSOLE_PROVIDER_ID).executeTakeFirst()) !== undefined;
    if (!configured) return refusal;
    return html`${refusal}<p class="sso-sign-in">Or <a class="button button-secondary" id="sso-sign-in" href="${path`/v1/sso/console/sign-in`}?next=${encodeURIComponent(next)}">sign in with single sign-on</a></p>`;
  }
  const any = (await db.selectFrom('sso_providers').select('id').where('area', '=', 'portal').limit(1).executeTakeFirst()) !== undefined;
  if (!any) return refusal;
  const email = query.sso_email?.trim() ?? '';
  if (/^[^\s@]+@[^\s@]+$/.test(email)) {
    return html`${refusal}<p class="sso-sign-in"><a class="button button-primary" id="sso-continue" href="/v1/sso/portal/sign-in?email=${encodeURIComponent(email)}&amp;next=${encodeURIComponent(next)}">Continue to your organisation’s sign-in as ${email}</a></p>`;
  }
  const f = formFields('sso');
  // A plain GET form to this page: it only fills in the link above.
  return html`${refusal}<form class="sso-sign-in" method="get" action="">
<h2>Single sign-on</h2><p>Does your organisation sign you in? Type your work address.</p>
${f.text({ name: 'sso_email', label: 'Work email', type: 'email', required: true, autocomplete: 'username', spellcheck: false })}
${f.hidden({ name: 'next', value: next })}
<button type="submit" class="button button-secondary">Continue with single sign-on</button></form>`;
}

function refusalNotice(code: string | undefined): SafeHtml {
  if (code === undefined || !(code in errorCodes)) return html``;
  return notice(html`<p><strong>Single sign-on refused.</strong> ${describeError(code as ErrorCode)} <span class="hint">(${code})</span></p>`, {
    tone: 'bad',
    role: 'alert',
  });
}
