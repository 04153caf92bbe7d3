/**
 * Accounts, shared by the authority and the site: session cookies and their CSRF rule, session
 * secrets, password hashing, one-time passwords, the per-address rate limit and the per-name
 * sign-in lockout. Storage (the authority's database, the site's ledger and memory) stays with
 * each server, behind small interfaces.
 */
export * from './session-cookie.ts';
export * from './session-secrets.ts';
export * from './passwords.ts';
export * from './one-time-passwords.ts';
export * from './rate-limiter.ts';
export * from './sign-in-lockout.ts';
