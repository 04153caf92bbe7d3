import { describe, expect, it } from 'vitest';
import { decideListen, isLoopback, ListenPolicyError } from './listen-policy.ts';

const variables = { host: 'AIRLOCK_HOST', cert: 'AIRLOCK_TLS_CERT', key: 'AIRLOCK_TLS_KEY', allowPlainHttp: 'AIRLOCK_ALLOW_PLAIN_HTTP' };

describe('decideListen', () => {
  it('listens on loopback over plain HTTP by default, and says how to serve HTTPS', () => {
    const decision = decideListen({ host: undefined, tls: false, allowPlainHttp: false, variables });
    expect(decision).toMatchObject({ host: '127.0.0.1', scheme: 'http' });
    expect(decision.notice).toContain('loopback interface only');
    expect(decision.notice).toContain('AIRLOCK_TLS_CERT');
  });

  it('serves HTTPS on the host asked for when a certificate is configured', () => {
    expect(decideListen({ host: '0.0.0.0', tls: true, allowPlainHttp: false, variables })).toMatchObject({ host: '0.0.0.0', scheme: 'https' });
    expect(decideListen({ host: undefined, tls: true, allowPlainHttp: false, variables })).toMatchObject({ host: '127.0.0.1', scheme: 'https' });
  });

  it('refuses plain HTTP beyond loopback unless the operator allowed it in so many words', () => {
    expect(() => decideListen({ host: '0.0.0.0', tls: false, allowPlainHttp: false, variables })).toThrow(ListenPolicyError);
    expect(() => decideListen({ host: '10.1.2.3', tls: false, allowPlainHttp: false, variables })).toThrow(/AIRLOCK_ALLOW_PLAIN_HTTP=true/);
    const allowed = decideListen({ host: '0.0.0.0', tls: false, allowPlainHttp: true, variables });
    expect(allowed).toMatchObject({ host: '0.0.0.0', scheme: 'http' });
    expect(allowed.notice).toContain('TLS-terminating proxy');
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost']) expect(isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.org']) expect(isLoopback(host)).toBe(false);
  });
});
