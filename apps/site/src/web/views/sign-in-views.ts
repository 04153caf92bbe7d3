import { apiForm, formFields, html, notice, submitButton, type SafeHtml } from '@airlock/web';
import { MIN_PASSWORD_LENGTH } from '@airlock/http';
import type { PageContent } from '../site-pages.ts';

/** Signing in to the site's admin pages (`POST /v1/auth/sign-in`): the account and its password. */
export function signInPage(next: string): PageContent {
  const f = formFields('sign-in');
  return {
    title: 'Sign in to the site',
    main: html`<div class="panel sign-in">${apiForm({
      id: 'sign-in',
      api: '/v1/auth/sign-in',
      then: { navigate: next },
      secondStep: 'sign-in-code-step',
      fields: html`${f.text({ name: 'account', label: 'Account', required: true, autocomplete: 'username', spellcheck: false })}${f.text({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' })}`,
      buttons: submitButton('Sign in'),
    })}${secondStepForm(next)}<p class="hint">The first administrator’s one-time password was printed by <code>airlock site init</code>; a site administrator gives other accounts theirs.</p></div>`,
  };
}

/**
 * The second step of an account with two-factor sign-in (README, "Two-factor sign-in"): hidden
 * until the password step answers a challenge, which the client script puts in it.
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

/** Changing one's password; a one-time password must be changed before anything else. */
export function passwordPage(mustChange: boolean): PageContent {
  const f = formFields('change-password');
  return {
    title: 'Change your password',
    main: html`<div class="panel sign-in">${mustChange ? notice(html`<p>You signed in with a one-time password: choose your own before anything else.</p>`, { tone: 'warn' }) : ''}${apiForm(
      {
        id: 'change-password',
        api: '/v1/auth/password',
        then: { navigate: '/admin', message: 'Your password is changed; your other sessions were signed out.' },
        fields: html`${f.text({ name: 'currentPassword', label: 'Current password', type: 'password', required: true, autocomplete: 'current-password' })}${f.text({ name: 'newPassword', label: 'New password', type: 'password', required: true, minLength: MIN_PASSWORD_LENGTH, autocomplete: 'new-password', hint: `${MIN_PASSWORD_LENGTH} characters or more.` })}`,
        buttons: submitButton('Change the password'),
      },
    )}</div>`,
  };
}
