import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';

/**
 * Who may call a route, the same way on both servers: every route declares an access rule beside
 * its handler, in `config[configKey]`, and a route that declares none (or a value that is not one
 * of the server's rules) is a start-up error naming the route — the app refuses to build. A
 * forgotten declaration can neither open a route nor close it by accident.
 *
 * What the rules are, and what they admit, is each server's own (its roles, its permissions):
 * it passes them as an `AccessModel`. See docs/design.md ("Who may call what").
 */
export interface AccessModel<Rule> {
  /** The server, as the start-up error names it: `authority`, `site`. */
  readonly server: string;
  /** The key of the route's `config` that holds its rule (`access` on the authority, `siteAccess` on the site). */
  readonly configKey: string;
  /** Whether a declared value is one of the server's rules. */
  readonly isRule: (value: unknown) => value is Rule;
  /** The rule of a route anyone may call, as the routes this package adds (`/openapi.json`, `/metrics`) declare it. */
  readonly publicRule: Rule;
  /**
   * What the OpenAPI document says of an operation with this rule: who may call it (a sentence
   * added to its description) and its security requirements. A field left out is left unsaid.
   */
  readonly openApi: (rule: Rule) => { readonly who?: string; readonly security?: readonly Readonly<Record<string, readonly string[]>>[] };
}

/** A route as declared, for tests that walk every route: its method, pattern, access rule and schema. */
export interface DeclaredRoute<Rule> {
  readonly method: string;
  readonly url: string;
  readonly access: Rule;
  readonly schema: { readonly params?: unknown; readonly body?: unknown; readonly querystring?: unknown } | undefined;
}

/** Thrown while the app is built when a route declares no access rule of the server's. */
export class MissingAccessRuleError extends Error {
  override readonly name = 'MissingAccessRuleError';
}

const declarations = new WeakMap<FastifyInstance, DeclaredRoute<unknown>[]>();

/** The route config that declares `rule` under the model's key, e.g. `{ access: 'public' }`. */
export function accessConfig<Rule>(model: AccessModel<Rule>, rule: Rule): Record<string, unknown> {
  return { [model.configKey]: rule };
}

/** The rule a route declared (undefined when it declared none, or something else). */
export function declaredRule<Rule>(model: AccessModel<Rule>, config: unknown): Rule | undefined {
  const value = typeof config === 'object' && config !== null ? (config as Record<string, unknown>)[model.configKey] : undefined;
  return model.isRule(value) ? value : undefined;
}

/**
 * Holds every route of `app` added from now on to the model: one without a rule throws
 * `MissingAccessRuleError` as it is added, which fails the app's build. Call it before any route.
 */
export function requireAccessRules<Rule>(app: FastifyInstance, model: AccessModel<Rule>): void {
  const declared: DeclaredRoute<Rule>[] = [];
  declarations.set(app, declared);
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    const rule = declaredRule(model, route.config);
    if (rule === undefined) {
      throw new MissingAccessRuleError(
        `the ${model.server} route ${methods.join(',')} ${route.url} declares no access rule: give it config.${model.configKey} (docs/design.md, "Who may call what")`,
      );
    }
    for (const method of methods) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, access: rule, schema: route.schema });
    }
  });
}

/** Every route `app` declared, with its rule (HEAD routes, Fastify's copies of GET, left out). */
export function declaredRoutes<Rule>(app: FastifyInstance): readonly DeclaredRoute<Rule>[] {
  return (declarations.get(app) ?? []) as DeclaredRoute<Rule>[];
}

/** The rule of the route a request matched; the app was only built because every route has one. */
export function accessRuleOf<Rule>(model: AccessModel<Rule>, request: FastifyRequest): Rule {
  const rule = declaredRule(model, request.routeOptions.config);
  if (rule === undefined) throw new MissingAccessRuleError(`the ${model.server} route ${request.routeOptions.url ?? request.url} declares no access rule`);
  return rule;
}
