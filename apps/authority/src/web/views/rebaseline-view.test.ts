import { describe, expect, it } from 'vitest';
import { rebaselineSection, type SiteRebaseline } from './rebaseline-view.ts';

const guid = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const pending: SiteRebaseline = {
  lfrId: 'lfr-restored',
  tenant: 'default',
  status: 'pending',
  reached: { sequence: 40, head: 'b'.repeat(64) },
  restored: { sequence: 20, head: 'a'.repeat(64) },
  lost: 20,
  recorded: { sequence: 30, head: 'c'.repeat(64) },
  receivedAt: '2026-11-23T10:00:00.000Z',
  decidedAt: null,
  decidedBy: null,
};

describe("the console's restores from backups on a site page", () => {
  it('says what a pending restore lost and offers Accept and Refuse, each posting to its API', () => {
    const markup = rebaselineSection(guid, [pending]).markup;
    expect(markup).toContain("tenant default's ledger went back from sequence 40 to 20; 20 events lost");
    expect(markup).toContain('The authority had recorded sequence 30');
    expect(markup).toContain(`data-api="/v1/sites/${guid}/rebaselines/lfr-restored/accept"`);
    expect(markup).toContain(`data-api="/v1/sites/${guid}/rebaselines/lfr-restored/refuse"`);
    expect(markup).toContain('>Accept<');
  });

  it('lists decided restores without a decision to make, and shows nothing for a site never restored', () => {
    const markup = rebaselineSection(guid, [{ ...pending, status: 'accepted', decidedAt: '2026-11-24T10:00:00.000Z', decidedBy: 'admin:vendor' }]).markup;
    expect(markup).not.toContain('data-api=');
    expect(markup).toContain('accepted');
    expect(markup).toContain('admin:vendor');
    expect(rebaselineSection(guid, []).markup).toBe('');
  });
});
