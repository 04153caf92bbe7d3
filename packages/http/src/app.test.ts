import { AirlockError } from '@airlock/core';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { accessRuleOf, declaredRoutes, MissingAccessRuleError, type AccessModel } from './access.ts';
import { compileRouteSchemas, createHttpApp } from './app.ts';
import { SMALL_BODY_LIMIT } from './body-limits.ts';
import { registerOpenApi } from './openapi.ts';
import { Problem } from './problem.ts';

type Rule = 'anyone' | 'staff';

/** A server's rules, as data: who may call is its business; that every route says so is the shared model's. */
const model: AccessModel<Rule> = {
  server: 'test',
  configKey: 'testAccess',
  isRule: (value): value is Rule => value === 'anyone' || value === 'staff',
  publicRule: 'anyone',
  openApi: (rule) => (rule === 'anyone' ? { security: [] } : { who: 'For staff.', security: [{ bearer: [] }] }),
};

async function appWith(routes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = createHttpApp({ bodyLimit: SMALL_BODY_LIMIT, access: model });
  app.addHook('preValidation', async (request) => {
    if (!request.is404 && accessRuleOf(model, request) === 'staff' && request.headers.authorization !== 'Bearer staff') {
      throw new AirlockError('UNAUTHENTICATED', {});
    }
  });
  await registerOpenApi(app, {
    title: 'Test',
    version: '1.2.3',
    description: 'A server.',
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    access: model,
  });
  await app.register(async (scope) => routes(scope));
  await app.ready();
  return app;
}

describe('the HTTP app both servers build', () => {
  it('refuses to build when a route declares no access rule, and names the route', async () => {
    const built = appWith((app) => {
      app.get('/v1/ok', { config: { testAccess: 'anyone' } }, async () => ({}));
      app.post('/v1/forgotten', async () => ({}));
    });
    await expect(built).rejects.toThrow(MissingAccessRuleError);
    await expect(built).rejects.toThrow(/the test route POST \/v1\/forgotten declares no access rule: give it config\.testAccess/);
  });

  it("refuses to build when a route declares a rule that is not one of the server's", async () => {
    await expect(appWith((app) => app.get('/v1/typo', { config: { testAccess: 'staf' } }, async () => ({})))).rejects.toThrow(
      /route GET \/v1\/typo declares no access rule/,
    );
  });

  it('lists every route with its rule, and enforces it', async () => {
    const app = await appWith((app) => {
      app.get('/v1/open', { config: { testAccess: 'anyone' } }, async () => ({ open: true }));
      app.delete('/v1/closed', { config: { testAccess: 'staff' } }, async () => ({ closed: true }));
    });
    expect(declaredRoutes<Rule>(app).map(({ method, url, access }) => `${method} ${url} ${access}`)).toEqual([
      'GET /openapi.json anyone',
      'GET /v1/open anyone',
      'DELETE /v1/closed staff',
    ]);
    expect((await app.inject({ method: 'DELETE', url: '/v1/closed' })).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await app.inject({ method: 'DELETE', url: '/v1/closed', headers: { authorization: 'Bearer staff' } })).json()).toEqual({ closed: true });
    await app.close();
  });

  it('answers an unknown route, an invalid request and an undecodable URL as problem+json with a request id', async () => {
    const app = await appWith((app) => {
      app.post('/v1/things', { config: { testAccess: 'anyone' }, schema: { body: { type: 'object', required: ['name'] } } }, async () => ({}));
    });
    const unknown = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND', requestId: unknown.headers['x-request-id'] });
    expect(unknown.headers['x-content-type-options']).toBe('nosniff');
    const invalid = await app.inject({ method: 'POST', url: '/v1/things', payload: {} });
    expect(invalid.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID', errors: { field: 'body' } });
    const tooLarge = await app.inject({ method: 'POST', url: '/v1/things', payload: { name: 'x'.repeat(SMALL_BODY_LIMIT) } });
    expect(tooLarge.json()).toMatchObject({ status: 413, code: 'DOCUMENT_TOO_LARGE' });
    const undecodable = await app.inject({ method: 'GET', url: '/v1/%ED%A0%80' });
    expect(undecodable.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID', errors: { reason: 'the URL is not valid percent-encoded UTF-8' } });
    await app.close();
  });

  it('documents the problem once, as a component every refusal refers to, and who may call each operation', async () => {
    const app = await appWith((app) => {
      app.get(
        '/v1/closed',
        { config: { testAccess: 'staff' }, schema: { description: 'A thing.', response: { 200: { type: 'object' }, 403: Problem, 404: Problem } } },
        async (request, reply) =>
          reply
            .status(404)
            .type('application/problem+json')
            .send({ ...problemFor(request.id), extra: 'dropped' }),
      );
    });
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      info: { title: string; version: string; description: string };
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
      paths: Record<
        string,
        Record<string, { description?: string; security?: unknown; responses: Record<string, { content: Record<string, { schema: unknown }> }> }>
      >;
    }>();
    expect(document.info).toEqual({ title: 'Test', version: '1.2.3', description: expect.stringMatching(/^A server\. Errors are RFC 9457 problem\+json/) });
    expect(Object.keys(document.components.schemas)).toEqual(['Problem']);
    expect(document.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status', 'code', 'detail', 'instance', 'requestId'],
    });
    const operation = document.paths['/v1/closed']!.get!;
    for (const status of ['403', '404'])
      expect(operation.responses[status]!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(operation).toMatchObject({ description: 'A thing.\n\nFor staff.', security: [{ bearer: [] }] });
    expect(document.paths['/openapi.json']!.get!.security).toEqual([]);
    // The answer is the problem as the schema says, whatever the handler added.
    const answer = await app.inject({ method: 'GET', url: '/v1/closed', headers: { authorization: 'Bearer staff' } });
    expect(answer.json()).toEqual(problemFor(answer.headers['x-request-id'] as string));
    await app.close();
  });

  it("compiles a route's schemas at its first request: a bad schema starts, then fails that route alone", async () => {
    const app = await appWith((app) => {
      const badPattern = { type: 'object', properties: { name: { type: 'string', pattern: '(' } } } as const;
      app.post('/v1/bad', { config: { testAccess: 'anyone' }, schema: { body: badPattern } }, async () => ({}));
      app.post(
        '/v1/good',
        { config: { testAccess: 'anyone' }, schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } },
        async () => ({}),
      );
    });
    expect((await app.inject({ method: 'POST', url: '/v1/bad', payload: { name: 'x' } })).statusCode).toBe(500);
    expect((await app.inject({ method: 'POST', url: '/v1/good', payload: { n: 1 } })).statusCode).toBe(200);
    // What the tests use to prove every schema compiles: it finds the bad one.
    expect(() => compileRouteSchemas(app)).toThrow(/^the body schema of POST \/v1\/bad does not compile: Invalid regular expression/);
    await app.close();
  });

  it('validates and serializes as compiled up front: the reason of a refusal, nothing coerced, unlisted fields left out', async () => {
    const body = { type: 'object', required: ['count'], additionalProperties: false, properties: { count: { type: 'integer', minimum: 1 } } } as const;
    const response = { 200: { type: 'object', properties: { count: { type: 'integer' } } } } as const;
    const app = await appWith((app) => {
      app.post('/v1/count', { config: { testAccess: 'anyone' }, schema: { body, response } }, async (request) => ({
        ...(request.body as object),
        secret: 'kept back',
      }));
    });
    for (let turn = 0; turn < 2; turn++) {
      const refused = await app.inject({ method: 'POST', url: '/v1/count', payload: { count: '2' } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'REQUEST_INVALID', errors: { field: 'body', reason: 'body/count must be integer' } });
      const tooSmall = await app.inject({ method: 'POST', url: '/v1/count', payload: { count: 0 } });
      expect(tooSmall.json()).toMatchObject({ code: 'REQUEST_INVALID', errors: { field: 'body', reason: 'body/count must be >= 1' } });
      const answered = await app.inject({ method: 'POST', url: '/v1/count', payload: { count: 2 } });
      expect(answered.json()).toEqual({ count: 2 });
    }
    await app.close();
  });
});

function problemFor(requestId: string) {
  return { type: 'https://airlock.dev/errors#not_found', title: 'NOT_FOUND', status: 404, code: 'NOT_FOUND', detail: 'x', instance: '/v1/closed', requestId };
}
