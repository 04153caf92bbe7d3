import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSite, openSiteIdentity, SITE_DATA_FORMAT, siteFileOf } from '../src/identity/site-identity.ts';
import { openLedger } from '../src/ledger/index.ts';
import { runSite, systemRandom } from '../src/main.ts';
import { START, TestAuthorityDesk, TestClock, testPasswords } from '../src/testing/site-fixtures.ts';

/**
 * A site of an older release started on a data directory that a newer release wrote refuses
 * it before reading its ledger or writing anything (`SITE_DATA_TOO_NEW`, exit code 2); the
 * directory stays byte for byte as it was. A directory of an earlier format (1: before the
 * ledger held floating seats, docs/floating.md) is read, and raised to this release's format
 * once its keys are open, so that the earlier release then refuses it.
 */
const PASSPHRASE = 'a site passphrase for tests';

/** Every file under a directory with the SHA-256 of its bytes and its mode. */
async function fingerprint(directory: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found[relative(directory, path)] = `${createHash('sha256')
      .update(await readFile(path))
      .digest('hex')} ${(await stat(path)).mode.toString(8)}`;
  }
  return found;
}

describe('a site data directory from a newer release', () => {
  let root = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-downgrade-'));
    env = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
    };
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    await initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
  });
  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it("is read by this release while its format is this release's own", async () => {
    const file = JSON.parse(await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8')) as { format: number };
    expect(file.format).toBe(SITE_DATA_FORMAT);
    await expect(openSiteIdentity(env.AIRLOCK_SITE_DATA_DIR!, PASSPHRASE)).resolves.toMatchObject({ guid: expect.any(String) });
  });

  it('is refused with SITE_DATA_TOO_NEW and exit code 2, and left byte for byte as it was', async () => {
    const path = siteFileOf(env.AIRLOCK_SITE_DATA_DIR!);
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, `${JSON.stringify({ ...file, format: SITE_DATA_FORMAT + 1 }, null, 2)}\n`, { mode: 0o600 });
    const before = { data: await fingerprint(env.AIRLOCK_SITE_DATA_DIR!), witness: await fingerprint(env.AIRLOCK_SITE_WITNESS_DIR!) };

    await expect(openSiteIdentity(env.AIRLOCK_SITE_DATA_DIR!, PASSPHRASE)).rejects.toMatchObject({
      code: 'SITE_DATA_TOO_NEW',
      detail: { format: SITE_DATA_FORMAT + 1, supported: SITE_DATA_FORMAT },
    });
    const said: string[] = [];
    const exitCode = await runSite(env, (line) => said.push(line));
    expect({ exitCode, said: said.join('\n') }).toEqual({ exitCode: 2, said: expect.stringContaining('SITE_DATA_TOO_NEW') });
    // Initialising over it is refused too, by the same code.
    await expect(
      initSite({
        dataDir: env.AIRLOCK_SITE_DATA_DIR!,
        passphrase: PASSPHRASE,
        rootPublicKey: (file as { rootKey: never }).rootKey,
        witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
        siteVersion: '0.1.0',
        clock: new TestClock(START),
        random: systemRandom,
        openLedger,
        passwords: testPasswords,
      }),
    ).rejects.toMatchObject({ code: 'SITE_DATA_TOO_NEW' });

    expect({ data: await fingerprint(env.AIRLOCK_SITE_DATA_DIR!), witness: await fingerprint(env.AIRLOCK_SITE_WITNESS_DIR!) }).toEqual(before);
  });
});

describe('a site data directory of the release before floating seats (format 1)', () => {
  let root = '';
  let dataDir = '';
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-format-'));
    dataDir = join(root, 'data');
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    await initSite({
      dataDir,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      witnessDir: join(root, 'witness'),
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
  });
  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  const siteFile = async () => JSON.parse(await readFile(siteFileOf(dataDir), 'utf8')) as Record<string, unknown>;
  const writeSiteFile = (file: Record<string, unknown>) => writeFile(siteFileOf(dataDir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });

  it("is this release's format 4, read from formats 1 to 3 and raised to 4 at the first open of its keys, and nothing else in it changes", async () => {
    expect(SITE_DATA_FORMAT).toBe(4);
    const { format, ...rest } = await siteFile();
    expect(format).toBe(4);
    for (const earlier of [1, 2, 3]) {
      await writeSiteFile({ format: earlier, ...rest });

      // A passphrase that does not open the keys raises nothing.
      await expect(openSiteIdentity(dataDir, 'not the passphrase of this site')).rejects.toMatchObject({ code: 'SITE_PASSPHRASE_WRONG' });
      expect((await siteFile()).format).toBe(earlier);

      const identity = await openSiteIdentity(dataDir, PASSPHRASE);
      expect(identity.guid).toBe(rest.guid);
      expect(await siteFile()).toEqual({ format: 4, ...rest });
      expect((await stat(siteFileOf(dataDir))).mode & 0o777).toBe(0o600);
      expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await expect(openSiteIdentity(dataDir, PASSPHRASE)).resolves.toMatchObject({ guid: rest.guid });
      expect((await siteFile()).format).toBe(4);
    }
  });

  it('refuses format 5 with SITE_DATA_TOO_NEW, and a format it never wrote as not a site file', async () => {
    const file = await siteFile();
    await writeSiteFile({ ...file, format: 5 });
    await expect(openSiteIdentity(dataDir, PASSPHRASE)).rejects.toMatchObject({ code: 'SITE_DATA_TOO_NEW', detail: { format: 5, supported: 4 } });
    expect((await siteFile()).format).toBe(5);
    for (const format of [0, '2', '3', '4', null]) {
      await writeSiteFile({ ...file, format });
      await expect(openSiteIdentity(dataDir, PASSPHRASE)).rejects.toThrow(/is not a site file this version reads/);
    }
    await writeSiteFile(file);
  });
});
