import { randomBytes } from 'node:crypto';
import type { Clock, Random } from '@airlock/core';
import { createTestAuthority, createTestParty } from '@airlock/core/testing';
import { createApp } from '../../src/app.ts';
import type { AuthorityDeps } from '../../src/deps.ts';
import { createApiToken, findTokenPrincipal } from '../../src/features/accounts/api-tokens.ts';
import { issueOfflineLicense } from '../../src/features/offline-licenses/issue-offline-license.ts';
import { getOfflineLicenseFile } from '../../src/features/offline-licenses/offline-license-reads.ts';
import { seedCustomer } from '../../src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { createAuthenticator } from '../../src/http/authenticate.ts';
import { inMemoryAuthorityKeys } from '../../src/keys/authority-keys.ts';
import { openBenchStore } from '../bench-store.ts';
import { seedSites } from '../bench-seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const clock: Clock = { now: () => new Date(NOW) };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const store = await openBenchStore(process.env);
const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
const keys = inMemoryAuthorityKeys({ root: authority.root, signer: authority.signer, encryptionKey: authority.encryptionKey, encryptionCertificate: authority.encryptionCertificate });
const { db } = store.database;
const deps: AuthorityDeps = { db, clock, random, keys, authenticate: createAuthenticator(db, clock) };
const app = await createApp(deps);
try {
  const { token } = await createApiToken(db, { name: 'b', scopes: ['licenses:read'] }, { actor: 'admin:b', now: NOW, random, principal: { kind: 'admin', id: 'b' } });
  await seedCustomer(db, { id: 'renewal', accountEndsOn: '2028-12-31', purchased: { 'bot-runner': 20 } }, NOW);
  const sites = await seedSites(deps, authority, { customerId: 'renewal', count: 20, siteKeys: createTestParty('s'), now: NOW, stored: true });
  let olfId = '';
  for (const s of sites) olfId = (await issueOfflineLicense(deps, 'renewal', s.opened!.claims.jti, { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 1 }] }, { actor: 'a', now: NOW })).id;
  const N = 3000;
  const time = async (label: string, f: () => Promise<unknown>) => {
    for (let i = 0; i < 300; i++) await f();
    const t = performance.now();
    for (let i = 0; i < N; i++) await f();
    console.log(label.padEnd(40), (((performance.now() - t) / N) * 1000).toFixed(0), 'µs');
  };
  const url = `/v1/customers/renewal/olfs/${olfId}`;
  const r = await app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  console.log('status', r.statusCode, 'bytes', r.body.length);
  await time('SELECT 1', () => db.selectNoFrom((eb) => eb.lit(1).as('x')).execute());
  await time('findTokenPrincipal', () => findTokenPrincipal(db, token));
  await time('getOfflineLicenseFile', () => getOfflineLicenseFile(db, 'renewal', olfId));
  await time('inject /healthz', () => app.inject({ url: '/healthz' }));
  await time('inject OLF', () => app.inject({ url, headers: { authorization: `Bearer ${token}` } }));
} finally {
  await app.close();
  await store.dispose();
}
