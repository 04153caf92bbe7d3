import { describe, expect, it } from 'vitest';
import { admissionOf } from './sso-sign-in.ts';
import type { SsoProviderWithSecret } from './sso-providers.ts';

const consoleProvider: SsoProviderWithSecret = {
  id: 'console',
  area: 'console',
  customerId: null,
  issuer: 'https://idp.vendor.example',
  clientId: 'airlock',
  clientSecretSealed: 'v1.sealed',
  allowedDomains: ['vendor.example'],
  groupClaim: 'groups',
  groupRoles: [{ group: 'airlock-admins', role: 'admin' }],
  provisioning: 'just-in-time',
  passwordSignIn: true,
  updatedAt: '2026-11-23T10:00:00.000Z',
};
const customerProvider: SsoProviderWithSecret = {
  ...consoleProvider,
  id: 'customer:acme',
  area: 'portal',
  customerId: 'acme',
  allowedDomains: ['acme.example'],
  groupRoles: [],
};
const claims = (email: string | undefined, groups: string[], emailVerified = true) => ({ subject: 'sub-1', email, emailVerified, groups });

describe('what an identity provider’s claims admit', () => {
  it('admits an allowed domain with a mapped group, with the mapped role and the address normalized', () => {
    expect(admissionOf(consoleProvider, claims(' Alice@VENDOR.example ', ['staff', 'airlock-admins']))).toEqual({
      ok: true,
      email: 'alice@vendor.example',
      role: 'admin',
    });
  });

  it('checks the address first, then its domain, then the groups', () => {
    expect(admissionOf(consoleProvider, claims(undefined, []))).toEqual({ ok: false, code: 'SSO_EMAIL_NOT_VERIFIED', detail: {} });
    expect(admissionOf(consoleProvider, claims('alice@vendor.example', ['airlock-admins'], false))).toEqual({
      ok: false,
      code: 'SSO_EMAIL_NOT_VERIFIED',
      detail: {},
    });
    expect(admissionOf(consoleProvider, claims('alice@vendor.example.evil', []))).toEqual({
      ok: false,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      detail: { domain: 'vendor.example.evil' },
    });
    expect(admissionOf(consoleProvider, claims('alice@sub.vendor.example', ['airlock-admins']))).toEqual({
      ok: false,
      code: 'SSO_DOMAIN_NOT_ALLOWED',
      detail: { domain: 'sub.vendor.example' },
    });
    expect(admissionOf(consoleProvider, claims('bob@vendor.example', ['staff']))).toEqual({
      ok: false,
      code: 'SSO_GROUP_NOT_ALLOWED',
      detail: { groupClaim: 'groups' },
    });
  });

  it("lets any group of a customer's allowed domains in when its provider names no group, and only those named otherwise", () => {
    expect(admissionOf(customerProvider, claims('carol@acme.example', []))).toEqual({ ok: true, email: 'carol@acme.example', role: 'portal-user' });
    const restricted = { ...customerProvider, groupRoles: [{ group: 'buyers', role: 'portal-user' }] };
    expect(admissionOf(restricted, claims('carol@acme.example', ['engineers']))).toMatchObject({ ok: false, code: 'SSO_GROUP_NOT_ALLOWED' });
    expect(admissionOf(restricted, claims('carol@acme.example', ['buyers']))).toEqual({ ok: true, email: 'carol@acme.example', role: 'portal-user' });
  });
});
