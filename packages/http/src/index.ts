/**
 * @airlock/http — what the authority and the site share at their HTTP edge: TLS, the listening
 * policy, security headers and the one mapping of error codes to problem+json answers.
 */
export * from './tls.ts';
export * from './listen-policy.ts';
export * from './security-headers.ts';
export * from './problem.ts';
export * from './trusted-proxies.ts';
export * from './serving.ts';
export * from './health.ts';
