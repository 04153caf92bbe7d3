import { AirlockError, days, defaultLicensingPolicy, hours, licensingPolicy } from '@airlock/core';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { loadLicensingPolicy, policyForCustomer, siteLicensingPolicyForCustomer } from './licensing-policies.ts';

const specDefaults = {
  kind: 'term',
  allowOffline: true,
  maxActivations: 1,
  enablementTokenTtlMs: hours(24),
  cycleWindowFromFirstLfrMs: days(7),
  cycleWindowFromLatestLfrMs: hours(48),
  clockSkewToleranceMs: 300_000,
  expiringSoonWindowMs: days(30),
  minimumSiteVersion: null,
  maxOfflineMs: null,
  offlineGraceMs: 0,
  expiryGraceMs: 0,
  meterAllotment: null,
  meterOveragePercent: 0,
  allowVirtualMachines: true,
  siteLicensing: 'files-or-connected',
  connectedApproval: 'automatic',
  exchangeIntervalMs: days(1),
  minimumConnectedSiteVersion: null,
};

async function changes(db: Db): Promise<{ policies: number; audit: number }> {
  const { rows } = await sql<{ policies: number; audit: number }>`
    select (select count(*)::int from policies) as policies, (select count(*)::int from audit_events) as audit`.execute(db);
  return rows[0]!;
}

describeEachStore('licensing policies', (context) => {
  it('creates a policy from an id and a name, defaults filling every setting', async () => {
    const { request } = context();
    const created = await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ id: 'standard', name: 'Standard', ...specDefaults });
  });

  it('keeps every setting the vendor gives', async () => {
    const { request } = context();
    const strict = {
      id: 'strict',
      name: 'Strict plant',
      kind: 'subscription',
      allowOffline: false,
      maxActivations: null,
      enablementTokenTtlMs: hours(12),
      cycleWindowFromFirstLfrMs: days(3),
      cycleWindowFromLatestLfrMs: hours(24),
      clockSkewToleranceMs: 60_000,
      expiringSoonWindowMs: days(14),
      minimumSiteVersion: '40.1',
      maxOfflineMs: days(30),
      offlineGraceMs: days(3),
      expiryGraceMs: days(7),
      meterAllotment: 50,
      meterOveragePercent: 10,
      allowVirtualMachines: false,
      siteLicensing: 'connected',
      connectedApproval: 'manual',
      exchangeIntervalMs: hours(6),
      minimumConnectedSiteVersion: '41.2',
    };
    expect((await request({ method: 'POST', url: '/v1/policies', payload: strict })).json()).toEqual(strict);
    expect((await request({ method: 'GET', url: '/v1/policies' })).json()).toEqual([{ id: 'standard', name: 'Standard', ...specDefaults }, strict]);
  });

  it('loads a policy as the licensing rules the core takes', async () => {
    const { database } = context();
    expect(await loadLicensingPolicy(database.db, 'standard')).toEqual(defaultLicensingPolicy);
    expect(await loadLicensingPolicy(database.db, 'strict')).toEqual(
      licensingPolicy({
        kind: 'subscription',
        allowOffline: false,
        maxActivations: null,
        enablementTokenTtl: hours(12),
        cycleWindowFromFirstLfr: days(3),
        cycleWindowFromLatestLfr: hours(24),
        clockSkewTolerance: 60_000,
        expiringSoonWindow: days(14),
        minimumSiteVersion: '40.1',
        maxOfflinePeriod: days(30),
        offlineGracePeriod: days(3),
        expiryGracePeriod: days(7),
        meterAllotment: 50,
        meterOveragePercent: 10,
        allowVirtualMachines: false,
      }),
    );
    await expect(loadLicensingPolicy(database.db, 'nope')).rejects.toEqual(new AirlockError('NOT_FOUND', { policy: 'nope' }));
  });

  it("finds a customer's policy through its account", async () => {
    const { request, database } = context();
    const payload = { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2027-12-31', policyId: 'strict' };
    expect((await request({ method: 'POST', url: '/v1/customers', payload })).statusCode).toBe(201);
    expect((await policyForCustomer(database.db, 'acme')).minimumSiteVersion).toBe('40.1');
    expect(await siteLicensingPolicyForCustomer(database.db, 'acme')).toEqual({
      siteLicensing: 'connected',
      connectedApproval: 'manual',
      exchangeIntervalMs: hours(6),
      minimumConnectedSiteVersion: '41.2',
      minimumSiteVersion: '40.1',
    });
    await expect(siteLicensingPolicyForCustomer(database.db, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(policyForCustomer(database.db, 'nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('writes each policy with its audit event', async () => {
    const { database } = context();
    const events = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_id'])
      .where('object_type', '=', 'policy')
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { actor: 'admin:test-admin', action: 'policy.create', object_id: 'standard' },
      { actor: 'admin:test-admin', action: 'policy.create', object_id: 'strict' },
    ]);
  });

  it('refuses a taken id, an out-of-range window and a malformed version, changing nothing', async () => {
    const { request, database } = context();
    const before = await changes(database.db);
    const taken = await request({ method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Again' } });
    expect(taken.json()).toMatchObject({ status: 409, code: 'CONFLICT', errors: { policy: 'standard' } });
    const tooShort = await request({ method: 'POST', url: '/v1/policies', payload: { id: 'x', name: 'x', cycleWindowFromFirstLfrMs: 1000 } });
    expect(tooShort.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    const badVersion = await request({ method: 'POST', url: '/v1/policies', payload: { id: 'y', name: 'y', minimumSiteVersion: '40-beta' } });
    expect(badVersion.json()).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
    for (const wrong of [
      { exchangeIntervalMs: 299_999 },
      { exchangeIntervalMs: days(31) + 1 },
      { siteLicensing: 'link' },
      { connectedApproval: 'later' },
      { minimumConnectedSiteVersion: 'v41' },
    ]) {
      expect((await request({ method: 'POST', url: '/v1/policies', payload: { id: 'w', name: 'w', ...wrong } })).json()).toMatchObject({
        status: 400,
        code: 'REQUEST_INVALID',
      });
    }
    expect(await changes(database.db)).toEqual(before);
  });

  it('lets a customer user neither create nor list policies', async () => {
    const { request } = context();
    const as = { kind: 'customer-user', id: 'u1', customerId: 'acme' } as const;
    expect((await request({ method: 'GET', url: '/v1/policies', as })).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await request({ method: 'POST', url: '/v1/policies', payload: { id: 'z', name: 'z' }, as })).json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});
