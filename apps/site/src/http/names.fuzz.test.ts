import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { leaseRequest } from '../testing/floating-devices.ts';
import { asApplication, asOperator, createTestSiteApp } from '../testing/site-callers.ts';
import { createTestSite, feature, licenseTenant, meter, seat, type TestSite } from '../testing/site-fixtures.ts';

/**
 * Every name the site takes from a caller (users, seat types, meters, features, tenants,
 * device fingerprints, lease ids, account and key names, the account at sign-in) refuses control characters at the edge with
 * REQUEST_INVALID, and nothing reaches the ledger: one shared rule, the core's printable text.
 */
const BAD = [
  '\u0000',
  'nul\u0000user',
  '\u001b[31mred',
  '\u0007',
  'a\nb',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b2J',
  '\u202eevil',
  '\u2066x',
  'x\u2069',
  '\ud800',
  'a\udc00',
  '\ud83d',
];
const user = (value: string) => ({ user: value });

/** A path segment as a client would send it; a lone surrogate (which encodeURIComponent refuses) as the WTF-8 bytes some clients send. */
function segment(text: string): string {
  return [...text]
    .map((character) => {
      const unit = character.charCodeAt(0);
      if (character.length === 1 && unit >= 0xd800 && unit <= 0xdfff)
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
      return encodeURIComponent(character);
    })
    .join('');
}

describe('names with control characters', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let application: Readonly<Record<string, string>>;
  beforeAll(async () => {
    test = await createTestSite({ tenants: ['default'] });
    app = await createTestSiteApp(test);
    await licenseTenant(test, 'default', [seat('bot-runner', 5), meter('runs', 100), feature('export')]);
    await test.site.checkoutSeat('default', 'bot-runner', 'ana');
    application = await asApplication(test.site, 'default');
  });

  /** Where a name goes: body fields, and path parameters (sent percent-encoded, as clients send them). */
  const places: {
    readonly what: string;
    readonly request: (bad: string) => { method: 'POST' | 'GET' | 'DELETE'; url: string; payload?: object; application?: true };
  }[] = [
    {
      what: 'seat checkout user',
      request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/seats/bot-runner/checkout', payload: user(bad), application: true }),
    },
    {
      what: 'seat release user',
      request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/seats/bot-runner/release', payload: user(bad), application: true }),
    },
    {
      what: 'seat type',
      request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/seats/${segment(bad)}/checkout`, payload: user('bo'), application: true }),
    },
    {
      what: 'meter',
      request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/meters/${segment(bad)}/consume`, payload: { amount: 1 }, application: true }),
    },
    { what: 'feature', request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/features/${segment(bad)}/check`, application: true }) },
    {
      what: 'lease user',
      request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/leases', payload: leaseRequest(bad, 'device-1', 'bot-runner'), application: true }),
    },
    {
      what: 'lease type',
      request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/leases', payload: leaseRequest('bo', 'device-1', bad), application: true }),
    },
    {
      what: 'lease fingerprint',
      request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/leases', payload: leaseRequest('bo', bad, 'bot-runner'), application: true }),
    },
    {
      what: 'heartbeat lease id',
      request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/leases/${segment(bad)}/heartbeat`, payload: { nonce: 'n1' }, application: true }),
    },
    { what: 'released lease id', request: (bad) => ({ method: 'DELETE', url: `/v1/tenants/default/leases/${segment(bad)}`, application: true }) },
    {
      what: 'borrow user',
      request: (bad) => ({
        method: 'POST',
        url: '/v1/tenants/default/borrows',
        payload: { type: 'bot-runner', user: bad, fingerprint: 'device-1', days: 1 },
        application: true,
      }),
    },
    {
      what: 'borrow type',
      request: (bad) => ({
        method: 'POST',
        url: '/v1/tenants/default/borrows',
        payload: { type: bad, user: 'bo', fingerprint: 'device-1', days: 1 },
        application: true,
      }),
    },
    {
      what: 'borrow fingerprint',
      request: (bad) => ({
        method: 'POST',
        url: '/v1/tenants/default/borrows',
        payload: { type: 'bot-runner', user: 'bo', fingerprint: bad, days: 1 },
        application: true,
      }),
    },
    { what: 'returned borrow id', request: (bad) => ({ method: 'DELETE', url: `/v1/tenants/default/borrows/${segment(bad)}`, application: true }) },
    { what: 'revoked lease id', request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/leases/${segment(bad)}/revoke` }) },
    { what: 'tenant in a path', request: (bad) => ({ method: 'GET', url: `/v1/tenants/${segment(bad)}/status` }) },
    { what: 'new tenant', request: (bad) => ({ method: 'POST', url: '/v1/tenants', payload: { tenant: bad } }) },
    { what: 'tenant to remove', request: (bad) => ({ method: 'DELETE', url: `/v1/tenants/${segment(bad)}` }) },
    { what: 'deprovisioned user', request: (bad) => ({ method: 'POST', url: `/v1/tenants/default/users/${segment(bad)}/deprovision` }) },
    { what: 'reassigned from', request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/seats/bot-runner/reassign', payload: { from: bad, to: 'cy' } }) },
    { what: 'reassigned to', request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/seats/bot-runner/reassign', payload: { from: 'ana', to: bad } }) },
    { what: 'key name', request: (bad) => ({ method: 'POST', url: '/v1/tenants/default/keys', payload: { name: bad } }) },
    { what: 'account name', request: (bad) => ({ method: 'POST', url: '/v1/accounts', payload: { account: bad, role: 'auditor' } }) },
    { what: 'account tenant', request: (bad) => ({ method: 'POST', url: '/v1/accounts', payload: { account: 'tim', role: 'tenant-admin', tenant: bad } }) },
    { what: 'sign-in account', request: (bad) => ({ method: 'POST', url: '/v1/auth/sign-in', payload: { account: bad, password: 'whatever it is' } }) },
  ];

  it('are refused with 400 REQUEST_INVALID wherever a name goes, and the ledger does not move', async () => {
    const head = test.site.info().ledger;
    let caller = 0;
    for (const place of places) {
      for (const bad of BAD) {
        const { method, url, payload, application: asApp } = place.request(bad);
        // Each from its own address: sign-in attempts are limited per address, before the body is read.
        const remoteAddress = `10.0.${Math.floor(caller / 250)}.${(caller++ % 250) + 1}`;
        const response = await app.inject({ method, url, remoteAddress, headers: asApp ? application : asOperator, ...(payload ? { payload } : {}) });
        // A path that cannot even be decoded (a lone surrogate percent-encoded) is refused by the router with 400 too.
        const code = response.headers['content-type']?.toString().startsWith('application/problem+json') ? response.json<{ code: string }>().code : null;
        expect({ place: place.what, bad, status: response.statusCode, code }).toEqual({ place: place.what, bad, status: 400, code: 'REQUEST_INVALID' });
      }
    }
    expect(test.site.info().ledger).toEqual(head);
    expect(test.site.usage('default').seats.flatMap((entry) => entry.users.map((holder) => holder.user))).toEqual(['ana']);
    expect(test.site.floating.view('default').leases).toEqual([]);
  });

  it('are taken when printable: accents, other scripts, emoji', async () => {
    for (const name of ['José Núñez', '李小龙', '🙂 bot']) {
      const response = await app.inject({ method: 'POST', url: '/v1/tenants/default/seats/bot-runner/checkout', headers: application, payload: user(name) });
      expect({ name, status: response.statusCode, assigned: response.json<{ assigned: boolean }>().assigned }).toEqual({ name, status: 200, assigned: true });
    }
    const lfr = await test.site.generateLfr('default');
    expect(lfr.text).toMatch(/^-----BEGIN AIRLOCK/);
  });
});
