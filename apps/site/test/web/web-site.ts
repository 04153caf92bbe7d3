import type { PublicJwk } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import { createTestParty, seededRandom } from '@airlock/core/testing';
import type { FastifyInstance } from 'fastify';
import { createSiteApp } from '../../src/http/app.ts';
import { siteCreated, type SiteIdentity } from '../../src/identity/site-identity.ts';
import { ledgerStamp } from '../../src/process/site-clock.ts';
import { Site } from '../../src/site/site.ts';
import type { SiteEvent } from '../../src/state/site-events.ts';
import { MemoryLedgerStore } from '../../src/testing/memory-ledger.ts';
import { testPasswords } from '../../src/testing/site-fixtures.ts';
import { TEST_OPERATOR_TOKEN } from '../../src/testing/site-callers.ts';

/**
 * The site as a browser meets it: its HTTP app (API and web admin) listening on a real port of
 * 127.0.0.1, pinning a real authority's root key, on the clock the test shares with that
 * authority, with a first site administrator holding a one-time password (as `airlock site
 * init` makes one). Its ledger is in memory; everything else is the site's own code.
 */
export interface WebSite {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly site: Site;
  readonly identity: SiteIdentity;
  readonly firstAdmin: { readonly account: string; readonly password: string };
  close(): Promise<void>;
}

export async function startWebSite(options: {
  readonly root: PublicJwk;
  readonly clock: Clock;
  readonly tenants?: readonly string[];
  readonly seed?: string;
}): Promise<WebSite> {
  const seed = options.seed ?? 'site-web/plant-4';
  const party = createTestParty(seed);
  const { clock } = options;
  const identity: SiteIdentity = {
    guid: party.guid.toLowerCase(),
    createdAt: clock.now().toISOString(),
    root: options.root,
    signingKey: party.signingKey,
    encryptionKey: party.encryptionKey,
    ledgerKey: new Uint8Array(32),
  };
  const store = new MemoryLedgerStore<SiteEvent>();
  const first = await store.open({ now: () => clock.now() });
  await first.ledger.append(
    siteCreated({
      guid: identity.guid,
      signingKid: identity.signingKey.kid,
      root: identity.root,
      siteVersion: '41.2.0',
      tenants: options.tenants ?? ['default'],
      by: 'site-init',
    }),
  );
  await first.ledger.close();
  const stamp = ledgerStamp(clock);
  const ledger = await store.open({ now: stamp.now });
  stamp.attach(ledger.ledger);
  const site = await Site.open({ identity, ledger, clock, random: seededRandom(`${seed}/random`), siteVersion: '41.2.0', passwords: testPasswords });
  const created = await site.accounts.createAccount({ account: 'admin', role: 'site-admin', tenant: null }, 'site-init');
  const app = await createSiteApp({ site, operatorToken: TEST_OPERATOR_TOKEN });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    site,
    identity,
    firstAdmin: { account: 'admin', password: created.password },
    async close() {
      await app.close();
      await site.close();
    },
  };
}
