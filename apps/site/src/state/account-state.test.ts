import { describe, expect, it } from 'vitest';
import { stateFromJson, stateToJson } from './site-state-json.ts';
import { createTestSite } from '../testing/site-fixtures.ts';
import { accountsFromJson } from './account-state.ts';

describe('the accounts in the site state', () => {
  it('come back the same from a checkpoint, and a checkpoint from before accounts holds none', async () => {
    const test = await createTestSite({ checkpointEvery: 1 });
    const { password } = await test.site.accounts.createAccount({ account: 'ana', role: 'tenant-admin', tenant: 'default' }, 'test');
    const { key, id } = await test.site.accounts.createAppKey('default', 'robots', 'test');
    await test.site.accounts.revokeAppKey('default', id, 'test');
    const second = await test.site.accounts.createAppKey('default', 'robots-2', 'test');
    await test.site.accounts.disableAccount('ana', 'test');

    await test.restart();
    expect(test.store.checkpoints.length).toBeGreaterThan(0);
    const accounts = test.site.accounts;
    expect(accounts.list()).toEqual([expect.objectContaining({ account: 'ana', role: 'tenant-admin', tenant: 'default', disabled: true })]);
    expect(accounts.appKeyCaller(key)).toBeNull();
    expect(accounts.appKeyCaller(second.key)).toEqual({ kind: 'application', keyId: second.id, tenant: 'default' });
    await expect(accounts.signIn({ account: 'ana', password }, { address: '10.0.0.1' })).rejects.toMatchObject({ code: 'ACCOUNT_DISABLED' });

    const json = JSON.parse(JSON.stringify(stateToJson(test.site['context'].journal.live))) as Record<string, unknown>;
    expect(stateToJson(stateFromJson(json))).toEqual(json);
    const older = { ...json };
    delete older.accounts;
    expect(stateFromJson(older).accounts).toEqual(accountsFromJson(undefined));
  });
});
