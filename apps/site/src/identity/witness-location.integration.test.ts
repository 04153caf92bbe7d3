import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteOperatorHeaders } from '../accounts/operator-token.ts';
import { readSiteConfig } from '../config.ts';
import { openLedger } from '../ledger/index.ts';
import { explainStartFailure, startSite, systemRandom, type RunningSite } from '../main.ts';
import { START, TestAuthorityDesk, TestClock, testPasswords } from '../testing/site-fixtures.ts';
import { initSite, siteFileOf } from './site-identity.ts';

/**
 * The witness stays where `site init` put it: every start uses the recorded directory, refuses
 * (exit 2, with a code) another one or a missing witness, and moves or starts anew only when told.
 */
const PASSPHRASE = 'a site passphrase for tests';

describe('where the ledger witness is', () => {
  let root: string;
  let env: Record<string, string>;
  let guid: string;
  let running: RunningSite | null = null;
  const said: string[] = [];
  const say = (line: string) => said.push(line);
  const witnessAt = (directory: string) => join(root, directory, `${guid}.witness`);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-witness-'));
    await writeFile(join(root, 'clock'), START.toISOString());
    // No AIRLOCK_SITE_WITNESS_DIR: what `airlock site start` runs with after `site init --witness-dir`.
    env = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(root, 'clock'),
    };
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    ({ guid } = await initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants: ['default'],
      witnessDir: join(root, 'first'),
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    }));
    said.length = 0;
  });
  afterEach(async () => {
    await running?.close();
    running = null;
    await rm(root, { recursive: true, force: true });
  });

  const config = (extra: Record<string, string> = {}) => readSiteConfig({ ...env, ...extra }, root, join(root, 'home'));
  const start = async (extra: Record<string, string> = {}) => (running = await startSite(config(extra), say));
  const stop = async () => {
    await running?.close();
    running = null;
  };
  /** Starts and expects the refusal: its exit code and its line. */
  const refusedStart = async (extra: Record<string, string>) => {
    const error = await startSite(config(extra), say).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).not.toBeNull();
    return { exit: explainStartFailure(error, say), line: said.at(-1)! };
  };
  const addTenant = async (tenant: string) => {
    const response = await fetch(`${running!.url}/v1/tenants`, {
      method: 'POST',
      headers: { ...(await siteOperatorHeaders(env.AIRLOCK_SITE_DATA_DIR!)), 'content-type': 'application/json' },
      body: JSON.stringify({ tenant }),
    });
    expect(response.status).toBe(201);
  };
  const ledgerLock = async () => (await readdir(join(env.AIRLOCK_SITE_DATA_DIR!, 'ledger'))).filter((name) => name.startsWith('LOCK'));

  it('is recorded at init and used at every start, so a put-back copy of the data directory is still seen', async () => {
    expect(JSON.parse(await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8'))).toMatchObject({ witnessDir: join(root, 'first') });
    await start();
    await stop();
    await cp(env.AIRLOCK_SITE_DATA_DIR!, join(root, 'copy'), { recursive: true });
    await start();
    await addTenant('blue');
    await stop();
    await expect(stat(join(root, 'home'))).rejects.toMatchObject({ code: 'ENOENT' });
    await rm(env.AIRLOCK_SITE_DATA_DIR!, { recursive: true });
    await cp(join(root, 'copy'), env.AIRLOCK_SITE_DATA_DIR!, { recursive: true });
    await start();
    expect(said.some((line) => line.startsWith('Warning: the ledger did not verify (LEDGER_ROLLED_BACK'))).toBe(true);
  });

  it('refuses another directory than the recorded one, unless told the witness moved there; then records it', async () => {
    expect(await refusedStart({ AIRLOCK_SITE_WITNESS_DIR: join(root, 'second') })).toEqual({
      exit: 2,
      line: expect.stringMatching(/^airlock: this site's witness is in .*first \(recorded at init\), not in .*second: .*\(WITNESS_ELSEWHERE\)$/),
    });
    expect(await ledgerLock()).toEqual([]);
    await expect(stat(join(root, 'second'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The same directory as recorded is fine.
    await start({ AIRLOCK_SITE_WITNESS_DIR: join(root, 'first') });
    await stop();

    await mkdir(join(root, 'second'));
    await rename(witnessAt('first'), witnessAt('second'));
    await start({ AIRLOCK_SITE_WITNESS_DIR: join(root, 'second'), AIRLOCK_SITE_WITNESS_MOVED: 'true' });
    expect(said).toContain(`The ledger's witness is now in ${join(root, 'second')} (it was in ${join(root, 'first')}); site.json records the new place.`);
    await stop();
    expect(JSON.parse(await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8'))).toMatchObject({ witnessDir: join(root, 'second') });
    await start();
    expect(running!.site.info().ledger.problem).toBeNull();
  });

  it('refuses to start when the witness is missing, and starts a new one only when told it is lost', async () => {
    await rm(witnessAt('first'));
    expect(await refusedStart({})).toEqual({
      exit: 2,
      line: expect.stringMatching(/^airlock: the ledger's witness .*first.* is missing, .*\(WITNESS_MISSING\)$/),
    });
    await expect(stat(witnessAt('first'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await ledgerLock()).toEqual([]);
    await start({ AIRLOCK_SITE_NEW_WITNESS: 'true' });
    expect(said.some((line) => line.startsWith('Warning: AIRLOCK_SITE_NEW_WITNESS is set: a new witness'))).toBe(true);
    await stop();
    await stat(witnessAt('first'));
    await start();
    expect(running!.site.info().ledger.problem).toBeNull();
  });

  it('uses, and then records, the configured directory for a site made before the place was recorded', async () => {
    const file = JSON.parse(await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8')) as Record<string, unknown>;
    delete file.witnessDir;
    await writeFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), JSON.stringify(file));
    await start({ AIRLOCK_SITE_WITNESS_DIR: join(root, 'first') });
    await stop();
    expect(JSON.parse(await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8'))).toMatchObject({ witnessDir: join(root, 'first') });
  });
});
