import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's own schema compilers (Ajv for requests, fast-json-stringify for responses), each
 * route's schema compiled when the route is first used instead of while the app starts
 * (docs/building.md, "Start-up"). Compiling every schema of a server up front was a third of
 * its start-up CPU, and an app made in a test compiled two hundred routes to call five of them.
 *
 * The compiled function is the same, with the same options, so validation and serialization do
 * not change; only when a schema's compile error would show does: at the route's first request
 * instead of at start. Every route's schemas are compiled by the route walks of both servers'
 * tests, so such an error cannot reach a release. One difference of Fastify's: with a compiler
 * of our own it no longer lower-cases the names in a `headers` schema, so such a schema names
 * its headers in lower case (none of the servers' routes has one).
 */
type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;
type SerializerFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;
type Compiled = ((data: unknown) => unknown) & { errors?: unknown };
/** What Fastify says of the schema it asks to compile. */
interface RouteSchema {
  readonly method: string;
  readonly url: string;
  readonly httpPart?: string;
  readonly httpStatus?: string;
}

/** Wraps a compiler so that each route definition is compiled at its first call, once; `pending` gets a way to compile it now. */
function compiledOnFirstUse<Definition extends RouteSchema>(
  compile: (definition: Definition) => Compiled,
  pending: Map<() => void, string>,
): (definition: Definition) => Compiled {
  return (definition) => {
    let compiled: Compiled | undefined;
    const compiledNow = () => {
      compiled ??= compile(definition);
      pending.delete(compiledNow);
      return compiled;
    };
    pending.set(compiledNow, `the ${definition.httpPart ?? `${definition.httpStatus ?? ''} response`.trim()} schema of ${definition.method} ${definition.url}`);
    const lazy = ((data: unknown) => (compiled ?? compiledNow())(data)) as Compiled;
    // Fastify reads a failed validation's reasons from the validator's `errors`, as Ajv leaves them.
    Object.defineProperty(lazy, 'errors', { get: () => compiled?.errors, enumerable: true });
    return lazy;
  };
}

/**
 * The `schemaController` option of a server that compiles its route schemas on first use, and
 * `compileAll`, which compiles now every schema not compiled yet (of the routes added so far)
 * and says how many: the tests use it to prove that every route's schemas compile.
 */
export function lazySchemaController(): { option: NonNullable<FastifyServerOptions['schemaController']>; compileAll(): number } {
  const buildValidator = AjvCompiler();
  const buildSerializer = SerializerSelector();
  const pending = new Map<() => void, string>();
  // Fastify's types name Ajv's own function types; ours is a plain function with `errors`.
  const validators = ((externalSchemas: Parameters<typeof buildValidator>[0], options: Parameters<typeof buildValidator>[1]) =>
    compiledOnFirstUse(buildValidator(externalSchemas, options) as (definition: RouteSchema) => Compiled, pending)) as unknown as ValidatorFactory;
  const serializers = ((externalSchemas: Parameters<typeof buildSerializer>[0], options: Parameters<typeof buildSerializer>[1]) =>
    compiledOnFirstUse(buildSerializer(externalSchemas, options) as (definition: RouteSchema) => Compiled, pending)) as unknown as SerializerFactory;
  return {
    option: { compilersFactory: { buildValidator: validators, buildSerializer: serializers } },
    compileAll() {
      const count = pending.size;
      for (const [compile, what] of [...pending]) {
        try {
          compile();
        } catch (error) {
          throw new Error(`${what} does not compile: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
      return count;
    },
  };
}
