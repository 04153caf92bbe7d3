import type { AuthorityAnswer } from '@airlock/client';
import { hostname } from 'node:os';
import {
  ApiRefusal,
  CliFailure,
  DEFAULT_URL,
  flag,
  list,
  option,
  readCredentials,
  UsageError,
  writeCredentials,
  type Command,
  type CommandContext,
  type Problem,
} from '@airlock/cli-kit';
import { ApiClient } from '@airlock/cli-kit';
import { permissions, type Permission } from '../../http/permission-names.ts';

/** The first administrator `npm start` makes, the account `airlock login` signs in as by default. */
const FIRST_ADMIN = 'admin@localhost';

/** A signed-in session of the authority, as the console holds one: its cookie and the CSRF header. */
interface Session {
  readonly url: string;
  readonly cookie: string;
}

/**
 * One call made as the signed-in person (cookie and `x-airlock-csrf: 1`); refusals are raised as
 * the CLI raises the API's, an unreachable authority as a failure.
 */
async function call<T>(
  session: Session | { readonly url: string; readonly cookie?: undefined },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ readonly body: T; readonly cookie: string | undefined }> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-airlock-csrf': '1' };
  if (session.cookie !== undefined) headers.cookie = session.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${session.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new CliFailure(`cannot reach the authority at ${session.url}: ${reason}`);
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const problem = json as Problem | undefined;
    if (problem && typeof problem.code === 'string') throw new ApiRefusal(problem);
    throw new CliFailure(`the authority at ${session.url} answered ${response.status} without a problem document`);
  }
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  return { body: json as T, cookie };
}

/** A JSON answer, or undefined for an empty or non-JSON one (a proxy's error page). */
function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** The password, and the new one when the account must change it: piped lines, or asked on the terminal. */
interface Secrets {
  readonly password: string;
  /** Only asked for when the authority says the password must change. */
  newPassword(): Promise<string>;
  /** Only asked for when the account signs in with two factors: the app's code or a recovery code. */
  mfaCode(): Promise<string>;
}

/**
 * Where the passwords come from: `--password-stdin` reads the first line of stdin, then
 * `--mfa-code-stdin` the next one (the authenticator code of an account with two-factor
 * sign-in), then `--new-password-stdin` the next (for an account that must change its
 * password); otherwise a person at a terminal is asked, with no echo. Never from the command
 * line, where `ps` shows it.
 */
async function secretsOf(context: CommandContext): Promise<Secrets> {
  const input = context.io.input;
  if (flag(context, 'password-stdin')) {
    if (!input) throw new UsageError('--password-stdin: no standard input');
    const lines = await input.lines();
    const password = lines[0] ?? '';
    if (password === '') throw new UsageError('--password-stdin: the first line of standard input is empty');
    const codeLine = flag(context, 'mfa-code-stdin') ? 1 : null;
    return {
      password,
      async newPassword() {
        if (!flag(context, 'new-password-stdin')) throw passwordChangeRequired();
        const next = lines[codeLine === null ? 1 : 2] ?? '';
        if (next === '') throw new UsageError('--new-password-stdin: the line of standard input after the password (and code) is empty');
        return next;
      },
      async mfaCode() {
        if (codeLine === null) throw mfaCodeRequired();
        const code = (lines[codeLine] ?? '').trim();
        if (code === '') throw new UsageError('--mfa-code-stdin: the second line of standard input is empty');
        return code;
      },
    };
  }
  if (!input?.isTTY) throw new UsageError('no terminal to ask the password on: pipe it with --password-stdin');
  const password = await input.secret('Password: ');
  return {
    password,
    async newPassword() {
      context.io.err('This account still has the one-time password it was given: choose a new one now (12 characters or more).');
      const next = await input.secret('New password: ');
      if ((await input.secret('New password again: ')) !== next) throw new UsageError('the two new passwords differ: nothing was changed');
      return next;
    },
    mfaCode: () => input.secret('Authenticator code (or a recovery code): '),
  };
}

/** The stable refusal when the account signs in with two factors and nobody can be asked for the code. */
function mfaCodeRequired(): ApiRefusal {
  return new ApiRefusal({
    status: 401,
    code: 'MFA_REQUIRED',
    detail: 'this account signs in with two factors: run airlock login at a terminal to type the code, or pipe it as the second line with --mfa-code-stdin',
  });
}

/** The stable refusal when a one-time password must change and nobody can be asked for a new one. */
function passwordChangeRequired(): ApiRefusal {
  return new ApiRefusal({
    status: 403,
    code: 'PASSWORD_CHANGE_REQUIRED',
    detail:
      'this account still has its one-time password: run airlock login at a terminal to choose a new one, or pipe it as the second line with --new-password-stdin',
  });
}

/** The scopes asked for: every `--scope`, or every permission (the administrator's own). */
function scopesOf(context: CommandContext): Permission[] {
  const asked = list(context, 'scope');
  if (asked.length === 0) return [...permissions];
  const unknown = asked.filter((scope) => !(permissions as readonly string[]).includes(scope));
  if (unknown.length > 0) throw new UsageError(`--scope ${unknown[0]} is not one of ${permissions.join(', ')}`);
  return permissions.filter((permission) => asked.includes(permission));
}

/**
 * Signs in with an e-mail address and password, changing a one-time password first when the
 * authority demands it, makes an API token for this user's CLI and stores it (mode 0600) so that
 * later commands need neither AIRLOCK_URL nor AIRLOCK_TOKEN. The session itself is ended: only
 * the token, revocable in the console or by `airlock logout`, is kept.
 */
export const login: Command = {
  name: 'login',
  summary: 'Sign in to the authority and store an API token for the CLI in ~/.config/airlock/credentials.json (mode 0600)',
  usage: `[--email <address> (default ${FIRST_ADMIN})] [--password-stdin [--mfa-code-stdin] [--new-password-stdin]] [--scope <permission>]…`,
  options: {
    email: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'mfa-code-stdin': { type: 'boolean' },
    'new-password-stdin': { type: 'boolean' },
    scope: { type: 'string', multiple: true },
  },
  async run(context) {
    const url = (option(context, 'url') ?? context.io.env.AIRLOCK_URL ?? DEFAULT_URL).replace(/\/+$/, '');
    const email = option(context, 'email') ?? FIRST_ADMIN;
    const scopes = scopesOf(context);
    const secrets = await secretsOf(context);
    const signedIn = await signInWithSecondStep(url, email, secrets);
    if (signedIn.cookie === undefined) throw new CliFailure(`the authority at ${url} signed in without a session cookie`);
    const session: Session = { url, cookie: signedIn.cookie };
    try {
      const changed = signedIn.body.mustChangePassword;
      if (changed) await call(session, 'POST', '/v1/auth/password', { currentPassword: secrets.password, newPassword: await secrets.newPassword() });
      const name = `airlock CLI: ${email} on ${hostname()}`.slice(0, 200);
      const created = await call<AuthorityAnswer<'/v1/api-tokens', 'post'>>(session, 'POST', '/v1/api-tokens', { name, scopes });
      const previous = await readCredentials(context.io.env).catch(() => null);
      const file = await writeCredentials(context.io.env, {
        url,
        token: created.body.token,
        tokenId: created.body.id,
        email,
        createdAt: new Date().toISOString(),
      });
      if (previous && previous.url === url && previous.tokenId !== created.body.id) await revokeQuietly(url, previous.token, previous.tokenId);
      const result = { url, email, tokenId: created.body.id, scopes, passwordChanged: changed, file };
      return {
        result,
        text: `${changed ? 'Changed the one-time password and signed' : 'Signed'} in to ${url} as ${email}. The CLI's API token ${created.body.id} is stored in ${file}.`,
      };
    } finally {
      await call(session, 'POST', '/v1/auth/logout').catch(() => undefined);
    }
  },
};

/**
 * The sign-in: the password, and — when the authority answers that the account signs in with two
 * factors (README, "Two-factor sign-in") — the code, with the challenge it handed out.
 */
async function signInWithSecondStep(
  url: string,
  email: string,
  secrets: Secrets,
): Promise<{ readonly body: { mustChangePassword: boolean }; readonly cookie: string | undefined }> {
  const first = await call<AuthorityAnswer<'/v1/auth/sign-in', 'post'>>({ url }, 'POST', '/v1/auth/sign-in', { email, password: secrets.password });
  if (!('mfaRequired' in first.body)) return { body: first.body, cookie: first.cookie };
  const code = await secrets.mfaCode();
  return call<AuthorityAnswer<'/v1/auth/sign-in/mfa', 'post'>>({ url }, 'POST', '/v1/auth/sign-in/mfa', { challenge: first.body.challenge, code });
}

/** Revokes a token with itself, ignoring every failure: it may be revoked already, or the authority gone. */
async function revokeQuietly(url: string, token: string, tokenId: string): Promise<boolean> {
  try {
    await new ApiClient(url, token).request('DELETE', `/v1/api-tokens/${encodeURIComponent(tokenId)}`);
    return true;
  } catch (error) {
    if (error instanceof ApiRefusal || error instanceof CliFailure) return false;
    throw error;
  }
}
