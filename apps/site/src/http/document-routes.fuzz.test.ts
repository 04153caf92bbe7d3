import { allErrorCodes, armor, dearmor } from '@airlock/core';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, seat, type TestSite } from '../testing/site-fixtures.ts';
import { asOperator, createTestSiteApp } from '../testing/site-callers.ts';

/**
 * The routes that take documents from outside (an enablement token, an OLF), fed what a broken
 * USB stick or an attacker produces: random text, random armour, random JSON, truncations and
 * edits of a genuine file. Each must answer a problem with a registered code and change
 * nothing — not the state, not the ledger — and the genuine file must still install after.
 */
describe('the document routes, fed malformed input', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let olfText: string;
  let tokenText: string;

  beforeAll(async () => {
    test = await createTestSite();
    app = await createTestSiteApp(test);
    await test.site.installToken('default', await test.desk.token(test.identity.guid));
    const lfr = await test.site.generateLfr('default');
    olfText = await test.desk.answer(lfr.text, { entitlements: [seat('bot-runner', 3)] });
    tokenText = await test.desk.token(test.identity.guid);
  });
  afterAll(async () => {
    await app.close();
  });

  const snapshot = () => JSON.stringify({ status: test.site.status('default'), ledger: test.site.info().ledger });

  async function expectRefusedAndUnchanged(route: 'token' | 'olf', payload: unknown, contentType = 'application/json'): Promise<void> {
    const before = snapshot();
    const response = await app.inject({
      method: 'POST',
      url: `/v1/tenants/default/${route}`,
      headers: { ...asOperator, 'content-type': contentType },
      payload: typeof payload === 'string' && contentType === 'text/plain' ? payload : JSON.stringify(payload),
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(allErrorCodes).toContain(response.json<{ code: string }>().code);
    expect(snapshot()).toBe(before);
  }

  it('refuses random text and random armour', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 3000 }), fc.constantFrom<'token' | 'olf'>('token', 'olf'), async (noise, route) => {
        await expectRefusedAndUnchanged(route, { text: noise });
        const label = route === 'olf' ? 'OFFLINE LICENSE FILE' : 'ENABLEMENT TOKEN';
        await expectRefusedAndUnchanged(route, `-----BEGIN AIRLOCK ${label}-----\n${noise}\n-----END AIRLOCK ${label}-----\n`, 'text/plain');
      }),
      { numRuns: 80 },
    );
  });

  it('refuses any JSON body that is not a document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (body) => {
        await expectRefusedAndUnchanged('olf', body);
        await expectRefusedAndUnchanged('token', { text: body });
      }),
      { numRuns: 80 },
    );
  });

  it('refuses every truncation and every edit of one to four characters of a genuine file', async () => {
    const olf = dearmor(olfText);
    const token = dearmor(tokenText);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const edit = fc.record({ at: fc.nat(), to: fc.constantFrom(...alphabet) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), async (edits, cut, onOlf) => {
        const { label, body } = onOlf ? olf : token;
        const route = onOlf ? 'olf' : 'token';
        const chars = [...body];
        for (const { at, to } of edits) chars[at % chars.length] = to;
        const changed = chars.join('');
        if (changed !== body) await expectRefusedAndUnchanged(route, { text: armor(label, changed) });
        await expectRefusedAndUnchanged(route, { text: armor(label, body.slice(0, cut % body.length) || 'A') });
      }),
      { numRuns: 120 },
    );
  });

  it('still installs the genuine files afterwards', async () => {
    const token = await app.inject({ method: 'POST', url: '/v1/tenants/default/token', headers: asOperator, payload: { text: tokenText } });
    expect(token.statusCode, token.body).toBe(200);
    const olf = await app.inject({ method: 'POST', url: '/v1/tenants/default/olf', headers: asOperator, payload: { text: olfText } });
    expect(olf.statusCode, olf.body).toBe(200);
    expect(test.site.status('default').status).toBe('active');
  });
});
