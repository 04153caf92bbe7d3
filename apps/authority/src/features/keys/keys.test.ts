import { randomBytes } from 'node:crypto';
import { keyId, verifyKeyCertificate, type PublicJwk } from '@airlock/core';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { admin, describeEachStore } from '../../../test/harness.ts';
import { createApp } from '../../app.ts';
import type { Principal } from '../../http/permissions.ts';
import { openPersistentAuthorityKeys } from '../../keys/persistent-authority-keys.ts';

describeEachStore('the keys API', (context) => {
  // The harness's app holds in-memory keys; this one holds the database-backed keys.
  let app: FastifyInstance;
  const request = ({ as = admin, ...options }: InjectOptions & { as?: Principal }) =>
    app.inject({ ...options, headers: { 'x-test-principal': JSON.stringify(as) } });
  const keyRows = async () => context().database.db.selectFrom('authority_keys').select(['kid', 'status']).orderBy('kid').execute();

  beforeAll(async () => {
    const { deps, clock } = context();
    const keys = await openPersistentAuthorityKeys(deps.db, {
      clock,
      random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
      passphrase: 'a passphrase for the keys test',
    });
    app = await createApp({ ...deps, keys });
  });
  afterAll(async () => {
    await app.close();
  });

  it('exports the root public key to anyone, as a JWK with its kid and as PEM', async () => {
    const response = await request({ method: 'GET', url: '/v1/keys/root', as: { kind: 'anonymous' } });
    expect(response.statusCode).toBe(200);
    const { kid, jwk, pem } = response.json<{ kid: string; jwk: { kty: string; crv: string; x: string }; pem: string }>();
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/) });
    expect(kid).toBe(keyId({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }));
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
  });

  it('lists the keys with their public parts only', async () => {
    const response = await request({ method: 'GET', url: '/v1/keys' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ keys: Record<string, unknown>[]; revocationList: unknown }>();
    expect(body.revocationList).toBeNull();
    expect(body.keys.map((key) => [key.purpose, key.status]).sort()).toEqual([
      ['enc', 'active'],
      ['root', 'active'],
      ['sig', 'active'],
    ]);
    expect(Object.keys(body.keys[0]!).sort()).toEqual([
      'certificate',
      'createdAt',
      'kid',
      'notAfter',
      'notBefore',
      'publicJwk',
      'purpose',
      'revokedAt',
      'status',
    ]);
    expect(response.body).not.toMatch(/encrypted|"d":/);
  });

  it('lets only keys:write manage keys', async () => {
    const before = await keyRows();
    const reader: Principal = { kind: 'token', id: 't1', scopes: ['audit:read'] };
    const customer: Principal = { kind: 'customer-user', id: 'u1', customerId: 'acme' };
    for (const as of [reader, customer]) {
      expect((await request({ method: 'GET', url: '/v1/keys', as })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await request({ method: 'POST', url: '/v1/keys/rotate', payload: { purpose: 'sig' }, as })).json()).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect((await request({ method: 'POST', url: '/v1/keys/rotate', payload: { purpose: 'sig' }, as: { kind: 'anonymous' } })).json()).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(await keyRows()).toEqual(before);
  });

  it('rotates the signing key, audited with the request id', async () => {
    const response = await request({
      method: 'POST',
      url: '/v1/keys/rotate',
      payload: { purpose: 'sig' },
      as: { kind: 'token', id: 'ops', scopes: ['keys:write'] },
    });
    expect(response.statusCode).toBe(201);
    const { active, retired } = response.json<{ active: { kid: string; status: string }; retired: { kid: string; status: string } }>();
    expect([active.status, retired.status]).toEqual(['active', 'retired']);
    const event = await context().database.db.selectFrom('audit_events').selectAll().where('action', '=', 'authority-key.rotate').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor: 'token:ops', object_type: 'authority-key', object_id: active.kid, request_id: response.headers['x-request-id'] });
  });

  it('refuses to rotate or revoke the root, or an unknown key, and changes nothing', async () => {
    const before = await keyRows();
    const root = (await request({ method: 'GET', url: '/v1/keys/root' })).json<{ kid: string }>().kid;
    expect((await request({ method: 'POST', url: '/v1/keys/rotate', payload: { purpose: 'root' } })).json()).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
    });
    expect((await request({ method: 'POST', url: `/v1/keys/${root}/revoke`, payload: { reason: 'test' } })).json()).toMatchObject({
      status: 422,
      code: 'KEY_NOT_REVOCABLE',
    });
    expect((await request({ method: 'POST', url: `/v1/keys/${'A'.repeat(43)}/revoke`, payload: { reason: 'test' } })).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect((await request({ method: 'POST', url: '/v1/keys/short/revoke', payload: { reason: 'test' } })).json()).toMatchObject({
      status: 400,
      code: 'REQUEST_INVALID',
    });
    expect(await keyRows()).toEqual(before);
  });

  it('revokes the active signing key, replaces it and publishes a new revocation list', async () => {
    const active = (await request({ method: 'GET', url: '/v1/keys' }))
      .json<{ keys: { kid: string; purpose: string; status: string }[] }>()
      .keys.find((key) => key.purpose === 'sig' && key.status === 'active')!;
    const response = await request({ method: 'POST', url: `/v1/keys/${active.kid}/revoke`, payload: { reason: 'laptop stolen' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      revoked: { kid: active.kid, status: 'revoked' },
      replacement: { purpose: 'sig', status: 'active' },
      revocationList: { serial: 1, compact: expect.any(String) },
    });
    const listed = (await request({ method: 'GET', url: '/v1/keys' })).json<{ revocationList: { serial: number } }>();
    expect(listed.revocationList.serial).toBe(1);
  });

  it('publishes the active encryption-key certificate to anyone, and the new one after a rotation', async () => {
    const read = async () => {
      const response = await request({ method: 'GET', url: '/v1/keys/encryption', as: { kind: 'anonymous' } });
      expect(response.statusCode).toBe(200);
      return response.json<{ kid: string; certificate: string; notAfter: string }>();
    };
    const root = (await request({ method: 'GET', url: '/v1/keys/root' })).json<{ jwk: PublicJwk }>().jwk;
    const listed = async () =>
      (await request({ method: 'GET', url: '/v1/keys' }))
        .json<{ keys: { kid: string; purpose: string; status: string; certificate: string; notAfter: string }[] }>()
        .keys.find((key) => key.purpose === 'enc' && key.status === 'active')!;
    const first = await read();
    const active = await listed();
    expect(first).toEqual({ kid: active.kid, certificate: active.certificate, notAfter: active.notAfter });
    expect((await verifyKeyCertificate(first.certificate, root, 'enc')).kid).toBe(first.kid);

    expect((await request({ method: 'POST', url: '/v1/keys/rotate', payload: { purpose: 'enc' } })).statusCode).toBe(201);
    const second = await read();
    expect(second.kid).not.toBe(first.kid);
    expect(second.kid).toBe((await listed()).kid);
  });

  it('answers NOT_FOUND for key management when the keys are not kept in the database', async () => {
    const { request: withMemoryKeys } = context();
    expect((await withMemoryKeys({ method: 'GET', url: '/v1/keys' })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await withMemoryKeys({ method: 'GET', url: '/v1/keys/root' })).statusCode).toBe(200);
  });
});
