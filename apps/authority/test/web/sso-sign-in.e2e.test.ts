import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MINUTE } from '@airlock/core';
import { launchBrowser, viewports, type TestBrowser } from '@airlock/web/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretSealer } from '../../src/features/sso/secret-sealer.ts';
import type { TestAccount } from '../../src/features/sso/testing/test-identity-provider.ts';
import { seedCustomer } from '../../src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { expectStatus, startWebAuthority, type WebAuthority } from './web-harness.ts';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;

/**
 * Single sign-on in a real browser against a real OpenID Connect provider running as a process
 * of its own (oidc-provider, PKCE required): an administrator signs in to the console through
 * the IdP's sign-in form and lands signed in as an administrator; an address of another domain
 * and a person whose group was revoked at the IdP are sent back to the sign-in page with the
 * refusal explained; a customer's portal user signs in through that customer's IdP.
 */
describe('single sign-on in the browser', () => {
  let authority: WebAuthority;
  let browser: TestBrowser;
  let idp: ChildProcess;
  let issuer = '';
  let dir = '';
  let adminPage: Page | undefined;
  const accounts: Record<string, TestAccount> = {
    alice: { email: 'alice@vendor.example', groups: ['airlock-admins'] },
    mallory: { email: 'mallory@elsewhere.example', groups: ['airlock-admins'] },
    carol: { email: 'carol@acme.example', groups: ['buyers'] },
  };
  const writeAccounts = () => writeFile(join(dir, 'accounts.json'), JSON.stringify(accounts));

  const ready = async (page: Page) => {
    await page.locator('html[data-airlock-ready="true"]').waitFor();
  };
  /** Signs in at the test IdP's own page, as a person does. */
  const signInAtIdp = async (page: Page, login: string) => {
    await page.waitForURL((url) => url.href.startsWith(issuer));
    await page.getByLabel('Login').fill(login);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const startAtConsole = async (login: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: viewports.laptop });
    await page.goto(`${authority.url}/console/customers`);
    await page.waitForURL(/\/console\/sign-in/);
    await ready(page);
    await page.getByRole('link', { name: 'sign in with single sign-on' }).click();
    await signInAtIdp(page, login);
    return page;
  };
  const me = async (page: Page) => {
    const session = (await page.context().cookies()).find((cookie) => cookie.name === 'airlock_session');
    if (!session) return null;
    return (await authority.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { cookie: `airlock_session=${session.value}` } })).json<{
      principal: { kind: string; customerId?: string };
      email: string;
    }>();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-sso-'));
    authority = await startWebAuthority(undefined, {
      sso: { sealer: createSecretSealer('browser test passphrase', { bytes: (n) => crypto.getRandomValues(new Uint8Array(n)) }) },
    });
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ clientId: 'airlock-console', clientSecret: 'browser idp secret', redirectUris: [`${authority.url}/v1/sso/callback`] }),
    );
    await writeAccounts();
    idp = spawn(
      join(repositoryRoot, 'node_modules/.bin/tsx'),
      [
        '--conditions=airlock-source',
        'apps/authority/src/features/sso/testing/test-identity-provider-main.ts',
        join(dir, 'settings.json'),
        join(dir, 'accounts.json'),
      ],
      {
        cwd: repositoryRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = await Promise.race([
      (async () => {
        for await (const text of createInterface({ input: idp.stdout! })) return [text];
        throw new Error('the identity provider ended before it listened');
      })(),
      new Promise<never>((_resolve, reject) => idp.once('exit', (code) => reject(new Error(`the identity provider exited with ${code}`)))),
    ]);
    issuer = (JSON.parse(line!) as { issuer: string }).issuer;
    const common = {
      issuer,
      clientId: 'airlock-console',
      clientSecret: 'browser idp secret',
      groupClaim: 'groups',
      provisioning: 'just-in-time',
      passwordSignIn: true,
    };
    await expectStatus(
      200,
      authority.request({
        method: 'PUT',
        url: '/v1/sso/console',
        payload: { ...common, allowedDomains: ['vendor.example'], groupRoles: [{ group: 'airlock-admins', role: 'admin' }] },
      }),
    );
    await seedCustomer(authority.database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: {} }, authority.clock.now());
    await expectStatus(
      200,
      authority.request({ method: 'PUT', url: '/v1/sso/customers/acme', payload: { ...common, allowedDomains: ['acme.example'], allowedGroups: ['buyers'] } }),
    );
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (idp && idp.exitCode === null) {
      const exited = new Promise((resolve) => idp.once('exit', resolve));
      idp.kill('SIGTERM');
      await exited;
    }
    await authority?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Sign-ins are limited per address and minute, and every browser here is 127.0.0.1.
  beforeEach(() => {
    authority.clock.advance(MINUTE);
  });

  it('signs an administrator in through the IdP, onto the page they asked for, with the mapped role', async () => {
    const page = await startAtConsole('alice');
    await page.waitForURL(`${authority.url}/console/customers`);
    await ready(page);
    expect(await page.locator('h1').textContent()).toContain('Customers');
    expect(await me(page)).toMatchObject({ principal: { kind: 'admin' }, email: 'alice@vendor.example' });
    const login = await authority.database.db.selectFrom('audit_events').select('after').where('action', '=', 'auth.sso-login').executeTakeFirstOrThrow();
    expect(login.after).toMatchObject({ provider: 'console', role: 'admin', subject: 'alice' });
    await page.goto(`${authority.url}/console/sso`);
    await ready(page);
    expect(await page.locator('#console-provider').textContent()).toContain(issuer);
    expect(await page.content()).not.toContain('browser idp secret');
    browser.assertNoErrors();
    adminPage = page;
  });

  it('lets that administrator make the console single sign-on only from its Single sign-on page, keeping the secret', async () => {
    const page = adminPage!;
    await page.getByLabel('These accounts may still sign in with a password').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.flash', { hasText: 'Single sign-on settings saved.' }).waitFor();
    expect(await page.locator('#console-provider').textContent()).toContain('refused: single sign-on only');
    const settings = (await expectStatus(200, authority.request({ method: 'GET', url: '/v1/sso/console' }))).json<{
      passwordSignIn: boolean;
      groupRoles: unknown[];
    }>();
    expect(settings).toMatchObject({ passwordSignIn: false, groupRoles: [{ group: 'airlock-admins', role: 'admin' }] });
    const password = await authority.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: authority.firstAdmin.email, password: authority.firstAdmin.password },
    });
    expect(password.json()).toMatchObject({ status: 403, code: 'PASSWORD_SIGN_IN_DISABLED' });
    // The secret was kept: signing in through the IdP still works.
    const again = await startAtConsole('alice');
    await again.waitForURL(`${authority.url}/console/customers`);
    browser.assertNoErrors();
  });

  it('sends an address of another domain back to the sign-in page, saying why, signed out', async () => {
    const page = await startAtConsole('mallory');
    await page.waitForURL(/\/console\/sign-in\?sso_error=SSO_DOMAIN_NOT_ALLOWED$/);
    await ready(page);
    expect(await page.getByRole('alert').textContent()).toContain("The e-mail address's domain is not one this sign-in accepts.");
    expect(await me(page)).toBeNull();
    browser.assertNoErrors();
  });

  it('refuses an administrator whose group was revoked at the IdP at their next sign-in', async () => {
    accounts.alice = { ...accounts.alice!, groups: ['former-staff'] };
    await writeAccounts();
    const page = await startAtConsole('alice');
    await page.waitForURL(/\/console\/sign-in\?sso_error=SSO_GROUP_NOT_ALLOWED$/);
    await ready(page);
    expect(await page.getByRole('alert').textContent()).toContain('None of your groups at the identity provider is allowed to sign in here.');
    expect(await me(page)).toBeNull();
    browser.assertNoErrors();
  });

  it("signs a customer's portal user in through that customer's IdP", async () => {
    const page = await browser.newPage({ viewport: viewports.laptop });
    await page.goto(`${authority.url}/portal/sign-in`);
    await ready(page);
    await page.getByLabel('Work email').fill('carol@acme.example');
    await page.getByRole('button', { name: 'Continue with single sign-on' }).click();
    await ready(page);
    await page.getByRole('link', { name: /Continue to your organisation’s sign-in/ }).click();
    await signInAtIdp(page, 'carol');
    await page.waitForURL(`${authority.url}/portal/sites`);
    await ready(page);
    expect(await me(page)).toMatchObject({ principal: { kind: 'customer-user', customerId: 'acme' }, email: 'carol@acme.example' });
    browser.assertNoErrors();
  });
});
