import { Problem } from '@airlock/http';
import { AirlockError, importPublicJwk, keyId, verifyKeyCertificate } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { AuthorityKeys, KeyManagement } from '../../keys/authority-keys.ts';
import { actorOf } from '../../http/permissions.ts';
import { OneLine } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';

const Jwk = Type.Object({ kty: Type.Literal('OKP'), crv: Type.Union([Type.Literal('Ed25519'), Type.Literal('X25519')]), x: Type.String() });
const Kid = Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' });
const KeyInfo = Type.Object({
  kid: Type.String(),
  purpose: Type.Union([Type.Literal('root'), Type.Literal('sig'), Type.Literal('enc')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('retired'), Type.Literal('revoked')]),
  publicJwk: Jwk,
  certificate: Type.Union([Type.String(), Type.Null()]),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const RevocationList = Type.Object({ serial: Type.Integer(), compact: Type.String() });
const RootKey = Type.Object({
  kid: Type.String(),
  jwk: Jwk,
  pem: Type.String({ description: 'The same Ed25519 public key as SPKI PEM, for tools that read PEM.' }),
});

/** Key management needs the database-backed keys; the in-memory ones of some tests have none. */
function managementOf(keys: AuthorityKeys): KeyManagement {
  if (!keys.management) throw new AirlockError('NOT_FOUND', { reason: 'these authority keys are not managed here' });
  return keys.management;
}

export const keysRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Parameters<typeof actorOf>[0]; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
    now: deps.clock.now(),
  });

  app.get(
    '/v1/keys/root',
    {
      config: { access: 'public' },
      schema: {
        tags: ['keys'],
        summary: 'The root public key that sites and apps pin',
        description: 'Pin `jwk` (or its `kid`, the RFC 7638 thumbprint, to check it by eye): every authority document chains to it.',
        response: { 200: RootKey },
      },
    },
    async () => {
      const jwk = await deps.keys.root();
      return { kid: keyId(jwk), jwk, pem: importPublicJwk(jwk).export({ type: 'spki', format: 'pem' }).toString() };
    },
  );

  app.get(
    '/v1/keys/encryption',
    {
      config: { access: 'public' },
      schema: {
        tags: ['keys'],
        summary: "The authority's encryption-key certificate, that apps ship to encrypt their requests to it",
        description:
          'Signed by the root key: an app that pins the root checks it before use (the SDK does, in `Airlock.open`), so it may be fetched over any channel. A new one is published when the encryption key is rotated or renewed.',
        response: { 200: Type.Object({ kid: Kid, certificate: Type.String(), notAfter: Type.String({ format: 'date-time' }) }) },
      },
    },
    async () => {
      const compact = await deps.keys.encryptionCertificate();
      const certificate = await verifyKeyCertificate(compact, await deps.keys.root(), 'enc');
      return { kid: certificate.kid, certificate: compact, notAfter: new Date(certificate.exp * 1000).toISOString() };
    },
  );

  app.get(
    '/v1/keys',
    {
      config: { access: { permission: 'keys:write' } },
      schema: {
        tags: ['keys'],
        summary: 'List the authority keys (public parts only) and the newest revocation list',
        response: { 200: Type.Object({ keys: Type.Array(KeyInfo), revocationList: Type.Union([RevocationList, Type.Null()]) }) },
      },
    },
    async () => {
      const keys = await managementOf(deps.keys).list();
      const { revocations } = await deps.keys.trust();
      return { keys: [...keys], revocationList: revocations ? { serial: revocations.serial, compact: revocations.compact } : null };
    },
  );

  app.post(
    '/v1/keys/rotate',
    {
      config: { access: { permission: 'keys:write' } },
      schema: {
        tags: ['keys'],
        summary: 'Rotate the signing or the encryption key',
        description:
          'A new key, certified by the root, becomes active; the old one is retired (what it signed stays valid, and a retired encryption key still decrypts).',
        body: Type.Object({ purpose: Type.Union([Type.Literal('sig'), Type.Literal('enc')]) }, { additionalProperties: false }),
        response: { 201: Type.Object({ active: KeyInfo, retired: KeyInfo }), 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await managementOf(deps.keys).rotate(request.body.purpose, by(request))),
  );

  app.post(
    '/v1/keys/:kid/revoke',
    {
      config: { access: { permission: 'keys:write' } },
      schema: {
        tags: ['keys'],
        summary: 'Revoke a signing or encryption key',
        description:
          'The root signs a new revocation list naming the key; every document signed from then on carries it, and sites refuse what the key signed once they have seen it. An active key is replaced in the same step.',
        params: Type.Object({ kid: Kid }),
        body: Type.Object({ reason: OneLine({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ revoked: KeyInfo, replacement: Type.Union([KeyInfo, Type.Null()]), revocationList: RevocationList }),
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request) => managementOf(deps.keys).revoke(request.params.kid, request.body.reason, by(request)),
  );
};
