import { MINUTE } from '@airlock/core';
import { base32Decode, hotp, totpCode, totpStep } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { asOperator, createTestSiteApp, sessionSecretOf, signedIn, type SignedInAccount } from '../testing/site-callers.ts';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';

/**
 * Two-factor sign-in of the site's accounts over HTTP, as a person and their authenticator app
 * go through it, with time moved on the test clock: enrolment, the two-step sign-in, wrong and
 * reused codes counted towards the lock, recovery codes used once (across a restart, since the
 * ledger keeps what was spent), the policy, a reset by a site administrator, turning it off.
 */
describe('two-factor sign-in of site accounts', () => {
  let test: TestSite;
  let app: FastifyInstance;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default'], checkpointEvery: 3 });
    app = await createTestSiteApp(test);
  });

  // Each call from its own address: the per-address limit of attempts a minute is not what these tests are about.
  let addresses = 0;
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Readonly<Record<string, string>>, payload?: object) => {
    const response = await app.inject({ method, url, headers, remoteAddress: `192.0.2.${(addresses++ % 250) + 1}`, ...(payload ? { payload } : {}) });
    const body = response.body === '' ? {} : response.json<Record<string, unknown> & { code?: string }>();
    return { status: response.statusCode, body, headers: response.headers };
  };
  const signIn = (account: string, password: string) => call('POST', '/v1/auth/sign-in', {}, { account, password });
  const secondStep = (challenge: string, code: string) => call('POST', '/v1/auth/sign-in/mfa', {}, { challenge, code });
  const sessionOf = (answer: { headers: Record<string, unknown> }) => ({
    cookie: `airlock_site_session=${sessionSecretOf(answer.headers['set-cookie'] as string)}`,
    'x-airlock-csrf': '1',
  });
  const codeAt = (secret: Uint8Array, offset = 0) => hotp(secret, totpStep(test.clock.now()) + offset);

  /** Enrols a signed-in account through the API; its secret and recovery codes. */
  async function enrol(person: SignedInAccount): Promise<{ secret: Uint8Array; recoveryCodes: string[] }> {
    const started = await call('POST', '/v1/auth/mfa/enrolment', person.headers);
    expect(started.status).toBe(200);
    const secret = base32Decode(started.body.secret as string)!;
    const confirmed = await call('POST', '/v1/auth/mfa/enrolment/confirm', person.headers, { code: totpCode(secret, test.clock.now()) });
    expect(confirmed.status).toBe(200);
    return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  it('enrols with a QR code and a confirming code, then signs in in two steps', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'site-admin' });
    const started = await call('POST', '/v1/auth/mfa/enrolment', ana.headers);
    expect(started.body).toMatchObject({
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Airlock%20site:ana\?secret=[A-Z2-7]{32}&issuer=Airlock%20site&algorithm=SHA1&digits=6&period=30$/),
    });
    expect(started.body.qrSvg).toMatch(/^<svg [^>]*>.*<path/s);
    const secret = base32Decode(started.body.secret as string)!;
    expect(await call('POST', '/v1/auth/mfa/enrolment/confirm', ana.headers, { code: codeAt(secret, 4) })).toMatchObject({
      status: 401,
      body: { code: 'MFA_CODE_INVALID' },
    });
    const confirmed = await call('POST', '/v1/auth/mfa/enrolment/confirm', ana.headers, { code: codeAt(secret) });
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(await call('GET', '/v1/auth/mfa', ana.headers)).toMatchObject({ status: 200, body: { enrolled: true, recoveryCodesLeft: 10, required: false } });
    expect(await call('POST', '/v1/auth/mfa/enrolment', ana.headers)).toMatchObject({ status: 409, body: { code: 'MFA_ALREADY_ENROLLED' } });
    // The ledger holds the secret sealed and the recovery codes hashed; the audit shows neither.
    const ledger = JSON.stringify(test.store.records);
    expect(ledger).not.toContain(started.body.secret as string);
    for (const code of confirmed.body.recoveryCodes as string[]) expect(ledger).not.toContain(code.replace('-', ''));
    const audit = JSON.stringify((await call('GET', '/v1/audit?events=50', asOperator)).body);
    expect(audit).toContain('"t":"mfa-enrolled"');
    expect(audit).not.toContain('sealedSecret');
    expect(audit).not.toContain('recoveryCodeHashes');

    const first = await signIn('ana', ana.password);
    expect(first.status).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.body).toEqual({
      mfaRequired: true,
      challenge: expect.stringMatching(/^[\w-]{43}$/),
      expiresAt: new Date(test.clock.now().getTime() + 5 * MINUTE).toISOString(),
    });
    const challenge = first.body.challenge as string;
    // The confirming code's step is spent.
    expect(await secondStep(challenge, codeAt(secret))).toMatchObject({ status: 401, body: { code: 'MFA_CODE_REUSED' } });
    test.clock.advance(30_000);
    const done = await secondStep(challenge, codeAt(secret));
    expect(done).toMatchObject({ status: 200, body: { account: { account: 'ana' } } });
    expect(await call('GET', '/v1/tenants', sessionOf(done))).toMatchObject({ status: 200 });
    expect(await secondStep(challenge, codeAt(secret, 1))).toMatchObject({ status: 401, body: { code: 'MFA_CHALLENGE_EXPIRED' } });

    const outcomes = ((await call('GET', '/v1/audit?events=10', asOperator)).body.events as { event: { t: string; outcome?: string } }[])
      .filter((entry) => entry.event.t === 'sign-in-attempted')
      .map((entry) => entry.event.outcome);
    expect(outcomes.slice(0, 3)).toEqual(['signed-in', 'reused-code', 'mfa-required']);
  });

  it('counts wrong codes towards the lock, keeps a spent recovery code spent across a restart, and refuses a late challenge', async () => {
    const ana = await signedIn(app, test.site, { account: 'ana', role: 'auditor' });
    const { secret, recoveryCodes } = await enrol(ana);
    const { challenge } = (await signIn('ana', ana.password)).body as { challenge: string };
    for (let attempt = 1; attempt <= 4; attempt++) expect((await secondStep(challenge, codeAt(secret, 5))).body.code).toBe('MFA_CODE_INVALID');
    // The password again does not wipe the count: the fifth wrong code locks the account.
    const again = (await signIn('ana', ana.password)).body as { challenge: string };
    expect((await secondStep(again.challenge, codeAt(secret, 5))).body.code).toBe('MFA_CODE_INVALID');
    expect(await secondStep(again.challenge, recoveryCodes[0]!)).toMatchObject({ status: 429, body: { code: 'ACCOUNT_LOCKED' } });
    test.clock.advance(15 * MINUTE);

    const recovered = await secondStep(again.challenge, recoveryCodes[0]!);
    expect(recovered).toMatchObject({ status: 401, body: { code: 'MFA_CHALLENGE_EXPIRED' } });
    const fresh = (await signIn('ana', ana.password)).body as { challenge: string };
    expect((await secondStep(fresh.challenge, recoveryCodes[0]!)).status).toBe(200);

    await test.restart();
    app = await createTestSiteApp(test);
    const afterRestart = (await signIn('ana', ana.password)).body as { challenge: string };
    expect(await secondStep(afterRestart.challenge, recoveryCodes[0]!)).toMatchObject({ status: 401, body: { code: 'MFA_CODE_INVALID' } });
    expect((await secondStep(afterRestart.challenge, recoveryCodes[1]!.toLowerCase())).status).toBe(200);
    const status = await call(
      'GET',
      '/v1/auth/mfa',
      sessionOf(
        await (async () => {
          const next = (await signIn('ana', ana.password)).body as { challenge: string };
          test.clock.advance(30_000);
          return secondStep(next.challenge, codeAt(secret));
        })(),
      ),
    );
    expect(status.body).toMatchObject({ enrolled: true, recoveryCodesLeft: 8 });
  });

  it('makes every account enrol once the site requires it, lets a site administrator reset it, and turns it off with password and code', async () => {
    const admin = await signedIn(app, test.site, { account: 'root', role: 'site-admin' });
    const bob = await signedIn(app, test.site, { account: 'bob', role: 'tenant-admin', tenant: 'default' });
    expect(await call('PUT', '/v1/settings/mfa', bob.headers, { required: true })).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await call('PUT', '/v1/settings/mfa', admin.headers, { required: true })).toMatchObject({ status: 200, body: { required: true } });

    expect(await call('GET', '/v1/tenants/default/status', bob.headers)).toMatchObject({
      status: 403,
      body: { code: 'MFA_REQUIRED', errors: { account: 'bob' } },
    });
    expect(await call('GET', '/v1/auth/me', bob.headers)).toMatchObject({ status: 200, body: { account: 'bob', mfaEnrolmentRequired: true } });
    const bobs = await enrol(bob);
    expect(await call('GET', '/v1/tenants/default/status', bob.headers)).toMatchObject({ status: 200 });

    const adminMfa = await enrol(admin);
    expect(await call('GET', '/v1/accounts/mfa', admin.headers)).toMatchObject({
      status: 200,
      body: { required: true, accounts: [{ account: 'root' }, { account: 'bob' }] },
    });
    expect(await call('POST', '/v1/accounts/root/mfa/reset', admin.headers)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await call('POST', '/v1/accounts/bob/mfa/reset', admin.headers)).toMatchObject({ status: 204 });
    expect(await call('POST', '/v1/accounts/bob/mfa/reset', admin.headers)).toMatchObject({ status: 409, body: { code: 'MFA_NOT_ENROLLED' } });
    const bobAgain = await signIn('bob', bob.password);
    expect(bobAgain.body).toMatchObject({ account: { account: 'bob' } });
    expect(await call('GET', '/v1/tenants/default/status', sessionOf(bobAgain))).toMatchObject({ status: 403, body: { code: 'MFA_REQUIRED' } });
    expect(bobs.recoveryCodes).toHaveLength(10);

    await call('PUT', '/v1/settings/mfa', admin.headers, { required: false });
    test.clock.advance(30_000);
    expect(await call('POST', '/v1/auth/mfa/disable', admin.headers, { password: 'not the password', code: codeAt(adminMfa.secret) })).toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS' },
    });
    expect(await call('POST', '/v1/auth/mfa/disable', admin.headers, { password: admin.password, code: codeAt(adminMfa.secret, 3) })).toMatchObject({
      status: 401,
      body: { code: 'MFA_CODE_INVALID' },
    });
    expect(await call('POST', '/v1/auth/mfa/disable', admin.headers, { password: admin.password, code: codeAt(adminMfa.secret) })).toMatchObject({
      status: 204,
    });
    expect((await signIn('root', admin.password)).body).toMatchObject({ account: { account: 'root' } });

    // The policy and the removals are in the ledger: a restart keeps them.
    await test.restart();
    expect(test.site.mfa.required()).toBe(false);
    expect(test.site.mfa.enrolledAccounts()).toEqual([]);
  });

  it('is for accounts: the operator token cannot enrol', async () => {
    expect(await call('POST', '/v1/auth/mfa/enrolment', asOperator)).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});
