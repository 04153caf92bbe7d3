import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, RawServerDefault } from 'fastify';
import type { Site } from '../../site/site.ts';

/** A group of the site's routes: a Fastify plugin given the site. */
export type SiteRoutes = FastifyPluginAsync<{ readonly site: Site }, RawServerDefault, TypeBoxTypeProvider>;
