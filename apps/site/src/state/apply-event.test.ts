import { describe, expect, it } from 'vitest';
import { applyEvent, type AppliedRecord } from './apply-event.ts';
import type { InstalledLicense, SiteEvent } from './site-events.ts';
import { copyState, stateFromJson, stateToJson } from './site-state-json.ts';
import { assignedUsers, emptySiteState, HISTORY_LIMIT, usersOverLimits, type SiteState } from './site-state.ts';

const license: InstalledLicense = {
  olfId: 'olf-1',
  lfrId: 'lfr-1',
  customerId: 'acme',
  cycle: 1,
  sequence: 1,
  start: '2026-11-23',
  end: '2027-11-22',
  entitlements: [
    { type: 'runner', category: 'seat', quantity: 3 },
    { type: 'runs', category: 'meter', quantity: 10 },
  ],
  installedAt: 1_000,
};

function replay(events: readonly SiteEvent[], state: SiteState = emptySiteState()): SiteState {
  events.forEach((event, index) => applyEvent(state, { sequence: state.sequence + 1, at: 1_000 * (index + 1), event }));
  return state;
}

const opening: SiteEvent[] = [
  { t: 'site-initialised', guid: 'g', siteVersion: '1', rootKid: 'root' },
  { t: 'tenant-created', tenant: 'a', rk: 'RK-A', by: 'admin' },
  { t: 'tenant-created', tenant: 'b', rk: 'RK-B', by: 'admin' },
  {
    t: 'lfr-generated',
    tenant: 'a',
    lfrId: 'lfr-1',
    by: 'admin',
    cycle: { cycle: 1, open: { firstLfrAt: 500, latestLfrAt: 500, latestLfrId: 'lfr-1', sequence: 1 }, lockedSince: null },
  },
  { t: 'olf-installed', tenant: 'a', license, by: 'admin' },
];

describe('the users over a seat limit', () => {
  it('names, sorted, only the users of the types holding more users than the limits allow (absent: none)', () => {
    const state = replay([
      ...opening,
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'cy' },
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'ana' },
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'bo' },
      { t: 'seat-assigned', tenant: 'a', type: 'creator', user: 'di' },
    ]);
    const a = state.tenants.get('a')!;
    expect(usersOverLimits(a, { runner: 3, creator: 1 })).toEqual({});
    expect(usersOverLimits(a, { runner: 2, creator: 1 })).toEqual({ runner: ['ana', 'bo', 'cy'] });
    expect(usersOverLimits(a, { runner: 3 })).toEqual({ creator: ['di'] });
    expect(usersOverLimits(a, JSON.parse('{"__proto__": 5}') as Record<string, number>)).toEqual(assignedUsers(a));
  });
});

describe('applying the ledger events to the site state', () => {
  it('creates the site and its tenants, and closes the cycle with the OLF', () => {
    const state = replay(opening);
    expect(state).toMatchObject({ sequence: 5, guid: 'g', rootKid: 'root' });
    const a = state.tenants.get('a')!;
    expect(a).toMatchObject({ rk: 'RK-A', createdAt: 2_000, license, cycle: { cycle: 1, open: null, lockedSince: null } });
    expect([...a.grants.keys()]).toEqual(['runner', 'runs']);
    expect([...a.olfIds]).toEqual(['olf-1']);
    expect(state.tenants.get('b')).toMatchObject({ license: null, cycle: { cycle: 0, open: null } });
  });

  it('assigns, releases, reassigns and de-provisions seats, and counts consumption', () => {
    const state = replay([
      ...opening,
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'ana' },
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'bo' },
      { t: 'seat-assigned', tenant: 'a', type: 'creator', user: 'ana' },
      { t: 'seat-assigned', tenant: 'b', type: 'runner', user: 'ana' },
      { t: 'seat-reassigned', tenant: 'a', type: 'runner', from: 'bo', to: 'cy', by: 'admin' },
      { t: 'user-deprovisioned', tenant: 'a', user: 'ana', by: 'admin' },
      { t: 'seat-released', tenant: 'a', type: 'runner', user: 'nobody' },
      { t: 'meter-consumed', tenant: 'a', meter: 'runs', amount: 4 },
      { t: 'meter-consumed', tenant: 'a', meter: 'runs', amount: 3 },
    ]);
    const a = state.tenants.get('a')!;
    expect(assignedUsers(a)).toEqual({ runner: ['cy'] });
    expect(a.seats.get('runner')!.get('cy')).toBe(10_000);
    expect(assignedUsers(state.tenants.get('b')!)).toEqual({ runner: ['ana'] });
    expect([...a.meters]).toEqual([['runs', 7]]);
    // Consumption is counted, not listed in the audit.
    expect(a.history.map((entry) => entry.event.t)).not.toContain('meter-consumed');
  });

  it('keeps only the latest events of a tenant in its history', () => {
    const many: SiteEvent[] = Array.from({ length: HISTORY_LIMIT + 20 }, (_, i) => ({ t: 'seat-assigned', tenant: 'a', type: 'runner', user: `u${i}` }));
    const state = replay([...opening, ...many]);
    const history = state.tenants.get('a')!.history;
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)!.sequence).toBe(state.sequence);
    expect(history[0]!.sequence).toBe(state.sequence - HISTORY_LIMIT + 1);
  });

  it('refuses an event for a tenant that does not exist, or a tenant created twice: the ledger and the code disagree', () => {
    const state = replay(opening);
    const record = (event: SiteEvent): AppliedRecord => ({ sequence: 6, at: 0, event });
    expect(() => applyEvent(state, record({ t: 'seat-assigned', tenant: 'zz', type: 'runner', user: 'ana' }))).toThrow('ledger record 6: no tenant zz');
    expect(() => applyEvent(state, record({ t: 'tenant-created', tenant: 'a', rk: 'x', by: 'admin' }))).toThrow('tenant a is created twice');
  });

  it('comes back identical from its checkpoint form', () => {
    const state = replay([
      ...opening,
      { t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'ana' },
      { t: 'meter-consumed', tenant: 'a', meter: 'runs', amount: 2 },
    ]);
    const json = JSON.parse(JSON.stringify(stateToJson(state))) as unknown;
    expect(stateFromJson(json)).toEqual(state);
    expect(copyState(state)).toEqual(state);
    const next = replay([{ t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'bo' }], stateFromJson(json));
    expect(next).toEqual(replay([{ t: 'seat-assigned', tenant: 'a', type: 'runner', user: 'bo' }], state));
  });

  it('refuses a checkpoint of another format', () => {
    expect(() => stateFromJson({ format: 2, sequence: 1, tenants: [] })).toThrow('not a site state this version reads');
    expect(() => stateFromJson(null)).toThrow('not a site state this version reads');
  });

  it('keeps the licensing mode, the authority URL across a move to files, and the latest exchange, through a checkpoint', () => {
    const state = replay([
      ...opening,
      { t: 'licensing-mode-set', tenant: 'a', mode: 'connected', authorityUrl: 'https://licensing.example.com', by: 'admin' },
      { t: 'link-exchanged', tenant: 'a', lfrId: 'lfr-2', outcome: 'pending', code: 'approval', olfId: null },
    ]);
    const a = state.tenants.get('a')!;
    expect(a.link).toEqual({ mode: 'connected', authorityUrl: 'https://licensing.example.com', since: 6_000, by: 'admin' });
    expect(a.lastExchange).toEqual({ at: 7_000, lfrId: 'lfr-2', outcome: 'pending', code: 'approval', olfId: null });
    expect(state.tenants.get('b')).toMatchObject({ link: null, authorityUrl: null, lastExchange: null });
    expect(stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))) as unknown).tenants.get('a')).toMatchObject({
      link: a.link,
      lastExchange: a.lastExchange,
    });

    replay([{ t: 'licensing-mode-set', tenant: 'a', mode: 'files', authorityUrl: null, by: 'admin' }], state);
    expect(a).toMatchObject({ link: null, authorityUrl: 'https://licensing.example.com' });
    replay([{ t: 'licensing-mode-set', tenant: 'a', mode: 'connected', authorityUrl: null, by: 'ops' }], state);
    expect(a.link).toMatchObject({ mode: 'connected', authorityUrl: 'https://licensing.example.com', by: 'ops' });
  });
});
