import { beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, feature, licenseTenant, refusal, seat, type TestSite } from '../testing/site-fixtures.ts';

/** The site while its ledger cannot be written, and after: the status says so, and nothing needs a restart. */
describe('a site whose ledger disk fills up and is freed', () => {
  let test: TestSite;
  beforeEach(async () => {
    test = await createTestSite({ tenants: ['default', 'blue'] });
    await licenseTenant(test, 'default', [seat('bot-runner', 3), feature('export')]);
  });

  it('shows the cause in the site and every tenant status, refuses changes, and takes them again once the disk does', async () => {
    expect(test.site.info().storage).toEqual({ writable: true, since: null, cause: null });
    test.store.failNextWrite = true;
    expect((await refusal(test.site.checkoutSeat('default', 'bot-runner', 'ana'))).code).toBe('LEDGER_UNAVAILABLE');
    const storage = { writable: false, since: expect.any(String) as string, cause: 'ENOSPC' };
    expect(test.site.info().storage).toEqual(storage);
    for (const tenant of ['default', 'blue']) expect(test.site.status(tenant).storage).toEqual(storage);
    expect(await refusal(test.site.addTenant('green'))).toMatchObject({ code: 'LEDGER_UNAVAILABLE', detail: { cause: 'ENOSPC' } });
    expect(test.site.ready()).toEqual({ ok: false, code: 'LEDGER_UNAVAILABLE' });
    expect(test.site.checkFeature('default', 'export').granted).toBe(true);

    test.store.freeSpace();
    expect(test.site.info().storage).toEqual({ writable: true, since: null, cause: null });
    expect(test.site.ready()).toEqual({ ok: true });
    const [first, second] = await Promise.all([test.site.checkoutSeat('default', 'bot-runner', 'ana'), test.site.checkoutSeat('default', 'bot-runner', 'bo')]);
    expect([first.assigned, second.assigned]).toEqual([true, true]);
    await test.restart();
    expect(test.site.status('default').seats).toEqual([{ type: 'bot-runner', used: 2, limit: 3, users: ['ana', 'bo'] }]);
  });
});
