import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { readConfig, startAuthority } from '@airlock/authority';
import { readSiteConfig, siteOperatorHeaders, startSite } from '@airlock/site';
import { afterAll, describe, expect, it } from 'vitest';
import { latestMigration } from '../../../apps/authority/src/db/migrate.ts';
import { SITE_DATA_FORMAT } from '../../../apps/site/src/identity/site-identity.ts';
import { leaseRequest } from '../../../apps/site/src/testing/floating-devices.ts';
import { authorityState, siteState, type Call, type FixtureIds } from '../fixtures/fixture-state.ts';
import { AUTHORITY_PASSPHRASE, SITE_PASSPHRASE } from '../fixtures/passphrases.ts';

/**
 * Upgrades: this code started on data that an earlier release wrote — each release's fixtures
 * in tools/release/fixtures/<version>/, made by make-fixtures.ts with that release — runs its
 * migrations and answers exactly what that release answered: the authority the same customer,
 * OLF (byte for byte), order and device license; the site the same GUID, tenant, license,
 * enablement and seats, still enforced.
 */
const exec = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const versions = (await readdir(FIXTURES, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

interface Expected {
  readonly version: string;
  readonly ids: FixtureIds;
  readonly apiToken: string;
  readonly authority: Record<string, unknown>;
  readonly site: Record<string, unknown>;
}

function caller(url: string, headers: Record<string, string>): Call {
  return async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };
}

async function appliedMigrations(pgliteDir: string): Promise<string[]> {
  const pglite = await PGlite.create({ dataDir: pgliteDir });
  try {
    return (await pglite.query<{ name: string }>('select name from kysely_migration order by name')).rows.map((row) => row.name);
  } finally {
    await pglite.close();
  }
}

it('has the fixtures of at least this release', () => {
  expect(versions.length).toBeGreaterThan(0);
});

for (const version of versions) {
  describe(`this code on the data of release ${version}`, () => {
    let work = '';
    let expected: Expected;
    afterAll(async () => {
      if (work !== '') await rm(work, { recursive: true, force: true });
    });

    it('unpacks the fixtures into a scratch directory', async () => {
      expected = JSON.parse(await readFile(join(FIXTURES, version, 'expected.json'), 'utf8')) as Expected;
      expect(expected.version).toBe(version);
      work = await mkdtemp(join(tmpdir(), `airlock-upgrade-${version}-`));
      await exec('tar', ['-xJf', join(FIXTURES, version, 'authority.tar.xz'), '-C', work]);
      await exec('tar', ['-xJf', join(FIXTURES, version, 'site.tar.xz'), '-C', work]);
      expect((await readdir(work)).sort()).toEqual(['data', 'pglite', 'witness']);
    });

    it('the authority migrates it at start and serves the same customer, OLF, order and device license', async () => {
      const before = await appliedMigrations(join(work, 'pglite'));
      expect(before.length).toBeGreaterThan(0);
      const said: string[] = [];
      const authority = await startAuthority(readConfig({ AIRLOCK_DATA_DIR: work, AIRLOCK_KEY_PASSPHRASE: AUTHORITY_PASSPHRASE, AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'silent' }), (line) => said.push(line));
      try {
        // An existing authority: no new keys, no new first administrator.
        expect(said.join('\n')).not.toMatch(/Created the authority keys|First administrator/);
        expect((await fetch(`${authority.url}/readyz`)).status).toBe(200);
        const state = await authorityState(caller(authority.url, { authorization: `Bearer ${expected.apiToken}` }), expected.ids);
        // What the release served, it serves again; its device license also shows the settings
        // added since (migration 0012), each at the value that keeps its behaviour.
        const { deviceLicense, ...rest } = expected.authority as { deviceLicense: { settings: object } } & Record<string, unknown>;
        expect({ ...state, deviceLicense: undefined }).toEqual({ ...rest, deviceLicense: undefined });
        expect(state.deviceLicense).toEqual({
          ...deviceLicense,
          settings: { ...deviceLicense.settings, maxOfflineMs: null, offlineGraceMs: 0, expiryGraceMs: 0, meterAllotment: null, meterOveragePercent: 0, allowVirtualMachines: true },
        });
      } finally {
        await authority.close();
      }
      const after = await appliedMigrations(join(work, 'pglite'));
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.at(-1)).toBe(latestMigration);
    });

    it('the site opens its ledger and serves the same tenant, license and seats, and still enforces them', async () => {
      const env = {
        AIRLOCK_SITE_DATA_DIR: join(work, 'data'), AIRLOCK_SITE_WITNESS_DIR: join(work, 'witness'), AIRLOCK_SITE_PASSPHRASE: SITE_PASSPHRASE,
        // The fixture's data directory and witness were copied here from where they were made:
        // the site is told its witness moved with them, as an operator moving a site would.
        AIRLOCK_SITE_WITNESS_MOVED: 'true',
        AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'silent',
      };
      const said: string[] = [];
      const site = await startSite(readSiteConfig(env), (line) => said.push(line));
      try {
        expect(said.join('\n')).not.toMatch(/Warning: the ledger did not verify/);
        expect((await fetch(`${site.url}/readyz`)).status).toBe(200);
        const operator = caller(site.url, await siteOperatorHeaders(env.AIRLOCK_SITE_DATA_DIR));
        expect(await siteState(operator)).toEqual(expected.site);
        const seats = (expected.site.tenant as { seats: { type: string; used: number; limit: number }[] }).seats[0]!;
        // Its data directory is raised to this release's format, and its OLF, installed before
        // sites lent floating seats, cannot certify a lease until the next one (docs/floating.md).
        expect((JSON.parse(await readFile(join(work, 'data', 'site.json'), 'utf8')) as { format: number }).format).toBe(SITE_DATA_FORMAT);
        expect(await operator('POST', '/v1/tenants/default/leases', leaseRequest('upgraded', 'upgraded-device', seats.type))).toMatchObject({ status: 409, body: { code: 'SITE_LICENSE_NOT_CERTIFIABLE' } });
        const checkout = (user: string) => operator('POST', `/v1/tenants/default/seats/${seats.type}/checkout`, { user });
        for (let user = seats.used; user < seats.limit; user++) expect((await checkout(`upgraded-${user}`)).status).toBe(200);
        expect(await checkout('one-too-many')).toMatchObject({ status: 409, body: { code: 'SEAT_LIMIT_REACHED' } });
      } finally {
        await site.close();
      }
    });
  });
}
