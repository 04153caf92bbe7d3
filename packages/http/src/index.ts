/**
 * @airlock/http — what the authority and the site share at their HTTP edge.
 */
export * from './tls.ts';
export * from './listen-policy.ts';
export * from './security-headers.ts';
