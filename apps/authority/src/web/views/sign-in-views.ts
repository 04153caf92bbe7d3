import { apiForm, formFields, html, notice, submitButton, type HtmlValue, type SafeHtml } from '@airlock/web';
import type { PageContent } from '../pages.ts';

/**
 * The sign-in page of the console or the portal: the authority's session sign-in (`POST /v1/auth/sign-in`),
 * with `more` below the form (single sign-on, views/sso-sign-in-views.ts).
 */
export function signInPage(area: 'console' | 'portal', next: string, more: HtmlValue = ''): PageContent {
  const f = formFields('sign-in');
  const other =
    area === 'console'
      ? html`<p>A customer’s user? Sign in to the <a href="/portal/sign-in">customer portal</a>.</p>`
      : html`<p>Activating a device? Use the <a href="/devices">device portal</a>. Vendor staff sign in to the <a href="/console/sign-in">console</a>.</p>`;
  return {
    title: area === 'console' ? 'Sign in to the console' : 'Sign in to the portal',
    main: html`<div class="panel sign-in">${apiForm({
      id: 'sign-in',
      api: '/v1/auth/sign-in',
      then: { navigate: next },
      ...(area === 'console' ? { secondStep: 'sign-in-code-step' } : {}),
      fields: html`${f.text({ name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'username', spellcheck: false })}${f.text({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' })}`,
      buttons: submitButton('Sign in'),
    })}${more}${area === 'console' ? secondStepForm(next) : ''}${other}</div>`,
  };
}

/**
 * The second step of an administrator's sign-in with two-factor sign-in (README, "Two-factor
 * sign-in"): hidden until the password step answers a challenge (airlock.js fills it in).
 */
function secondStepForm(next: string): SafeHtml {
  const f = formFields('sign-in-code');
  return html`<div hidden id="sign-in-code-step">${apiForm({
    id: 'sign-in-code',
    api: '/v1/auth/sign-in/mfa',
    then: { navigate: next },
    description: html`<p>Type the code your authenticator app shows, or one of your recovery codes.</p>`,
    fields: html`<input type="hidden" name="challenge" value="">${f.text({ name: 'code', label: 'Authenticator code', required: true, autocomplete: 'one-time-code', spellcheck: false })}`,
    buttons: submitButton('Verify'),
  })}</div>`;
}

/** Changing the password; a first administrator or a portal user whose password was reset must, before anything else. */
export function passwordPage(area: 'console' | 'portal', mustChange: boolean): PageContent {
  const f = formFields('change-password');
  return {
    title: 'Change your password',
    main: html`<div class="panel sign-in">${mustChange ? notice(html`<p>You signed in with a password you were given: choose your own before anything else.</p>`, { tone: 'warn' }) : ''}${apiForm(
      {
        id: 'change-password',
        api: '/v1/auth/password',
        then: {
          navigate: area === 'console' ? '/console/dashboard' : '/portal/sites',
          message: 'Your password is changed; your other sessions were signed out.',
        },
        fields: html`${f.text({ name: 'currentPassword', label: 'Current password', type: 'password', required: true, autocomplete: 'current-password' })}${f.text({ name: 'newPassword', label: 'New password', type: 'password', required: true, minLength: 12, autocomplete: 'new-password', hint: '12 characters or more.' })}`,
        buttons: submitButton('Change the password'),
      },
    )}</div>`,
  };
}
