// The OpenAPI document is @fastify/swagger's: its additions to Fastify's route schema (`hide`,
// `tags`, …) must be in every program that registers routes through this package, also when it
// compiles against the built declarations.
/// <reference types="@fastify/swagger" preserve="true" />
/**
 * @airlock/http — what the authority and the site share at their HTTP edge: the Fastify app
 * itself (options, refusals, access rules, OpenAPI document), TLS, the listening policy,
 * security headers, the one mapping of error codes to problem+json answers, and the
 * Prometheus endpoint.
 */
export * from './app.ts';
export * from './access.ts';
export * from './openapi.ts';
export * from './body-limits.ts';
export * from './tls.ts';
export * from './listen-policy.ts';
export * from './security-headers.ts';
export * from './problem.ts';
export * from './trusted-proxies.ts';
export * from './serving.ts';
export * from './health.ts';
export * from './text-guard.ts';
export * from './metrics.ts';
export * from './mfa/index.ts';
export * from './accounts/index.ts';
