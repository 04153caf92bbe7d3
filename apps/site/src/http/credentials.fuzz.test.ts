import { allErrorCodes, MINUTE } from '@airlock/core';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_KEY_PREFIX } from '../accounts/credentials.ts';
import { OPERATOR_TOKEN_PREFIX } from '../accounts/operator-token.ts';
import { asApplication, createTestSiteApp, TEST_OPERATOR_TOKEN } from '../testing/site-callers.ts';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';

/**
 * The credentials the site reads from outside — the Authorization header, the session cookie,
 * the sign-in body — fed random and near-miss values: each is refused with a registered code,
 * never with a 500, and never let through.
 */
describe('credentials, fed malformed input', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    test = await createTestSite();
    app = await createTestSiteApp(test);
    key = (await asApplication(test.site, 'default')).authorization!.slice('Bearer '.length);
    await test.site.accounts.createAccount({ account: 'ana', role: 'site-admin', tenant: null }, 'test');
  });

  const nearMisses = (genuine: string) =>
    fc
      .tuple(fc.nat(), fc.constantFrom(...'ABCxyz019_-.'))
      .map(([at, to]) => {
        const chars = [...genuine];
        chars[at % chars.length] = to;
        return chars.join('');
      })
      .filter((candidate) => candidate !== genuine);

  it('refuses any Authorization header that is not a live credential', async () => {
    const header = fc.oneof(
      fc.string({ maxLength: 300 }).map((text) => text.replace(/[\r\n]/g, '')),
      fc.string({ maxLength: 100 }).map((text) => `Bearer ${text.replace(/[\r\n]/g, '')}`),
      fc.string({ maxLength: 80 }).map((text) => `Bearer ${APP_KEY_PREFIX}${text.replace(/[\r\n]/g, '')}`),
      fc.string({ maxLength: 80 }).map((text) => `Bearer ${OPERATOR_TOKEN_PREFIX}${text.replace(/[\r\n]/g, '')}`),
      nearMisses(key).map((text) => `Bearer ${text}`),
      nearMisses(TEST_OPERATOR_TOKEN).map((text) => `Bearer ${text}`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        const admin = await app.inject({ method: 'GET', url: '/v1/tenants/default/status', headers: { authorization } });
        const enforcement = await app.inject({ method: 'POST', url: '/v1/tenants/default/features/x/check', headers: { authorization } });
        for (const response of [admin, enforcement]) {
          expect(response.statusCode).toBe(401);
          expect(response.json<{ code: string }>().code).toBe('UNAUTHENTICATED');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any session cookie it did not give out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 120 }).map((text) => text.replace(/[\r\n;]/g, '')),
        async (secret) => {
          const response = await app.inject({ method: 'GET', url: '/v1/audit', headers: { cookie: `other=1; airlock_site_session=${secret}` } });
          expect(response.statusCode).toBe(401);
          expect(response.json<{ code: string }>().code).toBe('UNAUTHENTICATED');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers any sign-in body with a registered refusal, and opens no session', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 50 }), async (body, password) => {
        test.clock.advance(MINUTE);
        for (const payload of [body, { account: 'ana', password }]) {
          const response = await app.inject({
            method: 'POST',
            url: '/v1/auth/sign-in',
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(payload),
          });
          expect([400, 401, 429]).toContain(response.statusCode);
          expect(allErrorCodes).toContain(response.json<{ code: string }>().code);
          expect(response.headers['set-cookie']).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });
});
