import { describe, expect, it } from 'vitest';
import { checkLfrAcceptance, type LfrFacts, type LfrHistory } from './check-lfr-acceptance.ts';

const SITE = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_SITE = '0a0a0a0a-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const LFR: LfrFacts = { id: 'lfr-9', siteGuid: SITE, siteKeyThumbprint: 'key-a', cycle: 3, sequence: 2 };
const KNOWN: LfrHistory = {
  registeredSiteGuids: [OTHER_SITE, SITE],
  siteKeyThumbprint: 'key-a',
  latestSeen: { cycle: 3, sequence: 1 },
  lfrUsed: false,
};
const ACCEPTED = { ok: true, value: undefined };

describe('checkLfrAcceptance', () => {
  it("accepts a registered site's LFR, signed by its known key, later than any seen", () => {
    expect(checkLfrAcceptance(LFR, KNOWN)).toEqual(ACCEPTED);
  });

  it("accepts a site's first LFR and trusts its key from then on", () => {
    expect(checkLfrAcceptance(LFR, { ...KNOWN, siteKeyThumbprint: null, latestSeen: null })).toEqual(ACCEPTED);
  });

  it('compares GUIDs whatever their letter case', () => {
    expect(checkLfrAcceptance({ ...LFR, siteGuid: SITE.toUpperCase() }, KNOWN)).toEqual(ACCEPTED);
  });

  it('refuses a site GUID not registered to the customer', () => {
    expect(checkLfrAcceptance(LFR, { ...KNOWN, registeredSiteGuids: [OTHER_SITE] })).toEqual({
      ok: false,
      code: 'SITE_NOT_REGISTERED',
      detail: { siteGuid: SITE },
    });
  });

  it('refuses an LFR signed by another key than the site used before', () => {
    expect(checkLfrAcceptance({ ...LFR, siteKeyThumbprint: 'key-b' }, KNOWN)).toEqual({
      ok: false,
      code: 'SITE_KEY_MISMATCH',
      detail: { siteGuid: SITE, expected: 'key-a', found: 'key-b' },
    });
  });

  it('refuses an LFR already used', () => {
    expect(checkLfrAcceptance(LFR, { ...KNOWN, lfrUsed: true })).toEqual({ ok: false, code: 'LFR_ALREADY_USED', detail: { lfrId: 'lfr-9' } });
  });

  it('refuses an LFR behind a later one of the same cycle', () => {
    expect(checkLfrAcceptance(LFR, { ...KNOWN, latestSeen: { cycle: 3, sequence: 3 } })).toEqual({
      ok: false,
      code: 'LFR_SUPERSEDED',
      detail: { lfrId: 'lfr-9', cycle: 3, sequence: 2, latestCycle: 3, latestSequence: 3 },
    });
  });

  it('refuses an LFR of an earlier cycle, however high its sequence', () => {
    expect(checkLfrAcceptance({ ...LFR, sequence: 50 }, { ...KNOWN, latestSeen: { cycle: 4, sequence: 1 } })).toEqual({
      ok: false,
      code: 'LFR_SUPERSEDED',
      detail: { lfrId: 'lfr-9', cycle: 3, sequence: 50, latestCycle: 4, latestSequence: 1 },
    });
  });

  it('accepts the latest LFR seen, uploaded again before it was used', () => {
    expect(checkLfrAcceptance(LFR, { ...KNOWN, latestSeen: { cycle: 3, sequence: 2 } })).toEqual(ACCEPTED);
  });

  it('accepts the first LFR of a new cycle', () => {
    expect(checkLfrAcceptance({ ...LFR, cycle: 4, sequence: 1 }, { ...KNOWN, latestSeen: { cycle: 3, sequence: 7 } })).toEqual(ACCEPTED);
  });

  describe('precedence', () => {
    const everythingWrong: LfrHistory = {
      registeredSiteGuids: [OTHER_SITE],
      siteKeyThumbprint: 'key-b',
      latestSeen: { cycle: 9, sequence: 9 },
      lfrUsed: true,
    };

    it('names an unregistered site first', () => {
      expect(checkLfrAcceptance(LFR, everythingWrong)).toEqual({ ok: false, code: 'SITE_NOT_REGISTERED', detail: { siteGuid: SITE } });
    });

    it('names a key mismatch before any cycle fact, which an impostor must not learn', () => {
      expect(checkLfrAcceptance(LFR, { ...everythingWrong, registeredSiteGuids: [SITE] })).toEqual({
        ok: false,
        code: 'SITE_KEY_MISMATCH',
        detail: { siteGuid: SITE, expected: 'key-b', found: 'key-a' },
      });
    });

    it('names a used LFR before a superseded one', () => {
      expect(checkLfrAcceptance(LFR, { ...everythingWrong, registeredSiteGuids: [SITE], siteKeyThumbprint: 'key-a' })).toEqual({
        ok: false,
        code: 'LFR_ALREADY_USED',
        detail: { lfrId: 'lfr-9' },
      });
    });
  });
});
