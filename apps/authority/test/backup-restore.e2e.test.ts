import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { airlock, bearer, HttpCaller, type Answer } from '../../site/test/support/http-caller.ts';
import { startAuthorityProcess, STARTUP_TIMEOUT_MS, type AuthorityProcess } from '../../site/test/support/processes.ts';

/**
 * The embedded authority backed up while it runs (`airlock authority backup`), more data made,
 * then stopped and restored into a fresh data directory (`airlock authority restore`): started
 * there with the same key passphrase, it holds what the backup held — keys included — and
 * nothing made after.
 */
const PASSPHRASE = 'the authority backup test passphrase';

describe('the embedded authority backed up while running and restored', () => {
  let root = '';
  let env: Record<string, string> = {};
  let authority: AuthorityProcess | undefined;
  let vendor: HttpCaller;
  let rootKid = '';

  async function expectAnswer<T>(status: number, answer: Promise<Answer<T>>): Promise<T> {
    const { status: seen, body } = await answer;
    expect(seen, JSON.stringify(body)).toBe(status);
    return body;
  }
  async function start(dataDir: string): Promise<void> {
    authority = await startAuthorityProcess({ ...env, AIRLOCK_DATA_DIR: dataDir });
    vendor = new HttpCaller(authority.url, bearer(authority.token));
  }
  const customer = (id: string) =>
    vendor.call('POST', '/v1/customers', { id, name: id, contactEmail: `it@${id}.test`, accountEndsOn: '2029-12-31', policyId: 'standard' });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-authority-backup-'));
    await writeFile(join(root, 'clock'), '2026-03-02T09:00:00.000Z');
    env = { AIRLOCK_KEY_PASSPHRASE: PASSPHRASE, AIRLOCK_TEST_CLOCK_FILE: join(root, 'clock') };
    await start(join(root, 'first'));
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await authority?.kill();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it(
    'backs up the running authority, audited, while it keeps answering',
    async () => {
      await expectAnswer(201, vendor.call('POST', '/v1/policies', { id: 'standard', name: 'Standard' }));
      await expectAnswer(201, customer('acme'));
      rootKid = (await expectAnswer<{ kid: string }>(200, vendor.call('GET', '/v1/keys/root'))).kid;
      const backup = await airlock(['authority', 'backup', '--out', 'authority.tar.gz', '--json'], {
        cwd: root,
        env: { AIRLOCK_URL: authority!.url, AIRLOCK_TOKEN: authority!.token },
      });
      expect(backup.code, backup.stderr).toBe(0);
      expect(JSON.parse(backup.stdout)).toEqual({ file: join(root, 'authority.tar.gz') });
      const audit = await expectAnswer<{ action: string; actor: string }[]>(200, vendor.call('GET', '/v1/audit?objectType=authority'));
      expect(audit).toEqual([expect.objectContaining({ action: 'authority.backup', actor: expect.stringMatching(/^token:/) as string })]);
      await expectAnswer(201, customer('globex'));
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'restores into a fresh data directory: the backed-up data and keys are there, what came after is not',
    async () => {
      expect(await authority!.stop(), authority!.output()).toBe(0);
      authority = undefined;
      const restore = await airlock(['authority', 'restore', '--from', 'authority.tar.gz', '--data-dir', 'second'], { cwd: root, env: {} });
      expect(restore.code, restore.stderr).toBe(0);
      const again = await airlock(['authority', 'restore', '--from', 'authority.tar.gz', '--data-dir', 'second'], { cwd: root, env: {} });
      expect(again.code).toBe(3);
      expect(again.stderr).toContain('is not empty');

      await start(join(root, 'second'));
      expect((await expectAnswer<{ kid: string }>(200, vendor.call('GET', '/v1/keys/root'))).kid).toBe(rootKid);
      expect(await expectAnswer(200, vendor.call('GET', '/v1/customers/acme'))).toMatchObject({ id: 'acme' });
      expect((await vendor.call('GET', '/v1/customers/globex')).status).toBe(404);
      expect(await authority!.stop(), authority!.output()).toBe(0);
      authority = undefined;
    },
    STARTUP_TIMEOUT_MS,
  );
});
