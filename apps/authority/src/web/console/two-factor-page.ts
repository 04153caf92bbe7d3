import { base32Encode, otpauthQrSvg, otpauthUri } from '@airlock/http';
import { apiForm, code, dateTime, formFields, html, notice, section, submitButton, trustedHtml, type SafeHtml } from '@airlock/web';
import type { AuthorityDeps } from '../../deps.ts';
import { findMfa } from '../../features/mfa/admin-mfa-store.ts';
import { AUTHORITY_TOTP_ISSUER, type MfaStatus } from '../../features/mfa/admin-mfa.ts';
import type { PageContent, PageContext } from '../pages.ts';

/**
 * The signed-in administrator's two-factor sign-in (README, "Two-factor sign-in"): start an
 * enrolment, scan its QR code (drawn on the server: the page's CSP allows no outside image),
 * confirm with a code and read the recovery codes once; or, once on, renew the recovery codes
 * or turn it off. While the policy requires it, an administrator without it is sent here first.
 */
export async function twoFactorPage(context: PageContext, deps: Pick<AuthorityDeps, 'db' | 'keys'>): Promise<PageContent> {
  const status = await context.api.get<MfaStatus>('/v1/auth/mfa');
  const principal = context.me?.principal;
  const adminId = principal?.kind === 'admin' ? principal.id : '';
  const required =
    context.me?.mfaEnrolmentRequired === true
      ? notice(html`<p>This authority requires two-factor sign-in of every administrator: set it up before anything else.</p>`, { tone: 'warn' })
      : '';
  if (status.enrolled) {
    return {
      title: 'Two-factor sign-in',
      lead: 'Signing in takes your password and a code from your authenticator app.',
      main: html`${section({ id: 'two-factor-on', title: 'On' }, html`<p>On since ${dateTime(status.enrolledAt ?? '')}; <span data-recovery-codes-left>${String(status.recoveryCodesLeft)}</span> recovery codes left.</p>`)}${renewForm()}${disableForm()}`,
    };
  }
  const pending = await findMfa(deps.db, deps.keys.sealing, adminId);
  return {
    title: 'Two-factor sign-in',
    lead: 'Add a code from an authenticator app to your password when you sign in.',
    main: html`${required}${pending && pending.confirmedAt === null ? await enrolmentSection(pending.secret, context.me?.email ?? '') : startForm()}`,
  };
}

function startForm(): SafeHtml {
  return apiForm({
    id: 'mfa-start',
    api: '/v1/auth/mfa/enrolment',
    title: 'Set up two-factor sign-in',
    description: html`<p>You will scan a QR code with an authenticator app, then type the code it shows.</p>`,
    then: { reload: true },
    fields: '',
    buttons: submitButton('Start'),
  });
}

async function enrolmentSection(secret: Uint8Array, email: string): Promise<SafeHtml> {
  const uri = otpauthUri({ issuer: AUTHORITY_TOTP_ISSUER, account: email, secret });
  const svg = await otpauthQrSvg(uri);
  const figure = trustedHtml(`<svg role="img" aria-label="QR code for your authenticator app" focusable="false" ${svg.slice('<svg '.length)}`);
  const f = formFields('mfa-confirm');
  return html`${section({ id: 'mfa-enrol', title: 'Scan the code' }, html`<figure class="qr-code">${figure}</figure><p>Or type this key into the app: <span data-totp-secret>${code(base32Encode(secret))}</span></p>`)}${apiForm(
    {
      id: 'mfa-confirm',
      api: '/v1/auth/mfa/enrolment/confirm',
      title: 'Confirm with a code',
      then: {
        message: 'Two-factor sign-in is on. Your recovery codes, shown this once (each opens one sign-in without the app; keep them safe): {recoveryCodes}',
      },
      fields: f.text({ name: 'code', label: 'Code from the app', required: true, autocomplete: 'one-time-code', spellcheck: false }),
      buttons: submitButton('Turn on'),
    },
  )}`;
}

function renewForm(): SafeHtml {
  const f = formFields('mfa-renew');
  return apiForm({
    id: 'mfa-renew',
    api: '/v1/auth/mfa/recovery-codes',
    title: 'New recovery codes',
    description: html`<p>The old ones stop working.</p>`,
    then: { message: 'Your new recovery codes, shown this once: {recoveryCodes}' },
    fields: f.text({ name: 'code', label: 'Code from the app', required: true, autocomplete: 'one-time-code', spellcheck: false }),
    buttons: submitButton('Make new codes', { variant: 'secondary' }),
  });
}

function disableForm(): SafeHtml {
  const f = formFields('mfa-disable');
  return apiForm({
    id: 'mfa-disable',
    api: '/v1/auth/mfa/disable',
    title: 'Turn off',
    then: { reload: true, message: 'Two-factor sign-in is off.' },
    fields: html`${f.text({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' })}${f.text({ name: 'code', label: 'Code from the app or a recovery code', required: true, autocomplete: 'one-time-code', spellcheck: false })}`,
    buttons: submitButton('Turn off', { variant: 'secondary' }),
  });
}
