import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyPluginOptions, FastifyInstance, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorityDeps } from '../deps.ts';

/** A feature is a Fastify plugin given the authority's dependencies (it may register synchronously). */
export type Feature = FastifyPluginAsync<FastifyPluginOptions & { deps: AuthorityDeps }, RawServerDefault, TypeBoxTypeProvider>;

export type TypedApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
