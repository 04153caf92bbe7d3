import { describe, expect, it } from 'vitest';
import { migrationNotice } from './lfr-views.ts';

const markupOf = (value: unknown) => (typeof value === 'string' ? value : (value as { markup: string }).markup);

describe("the console's OLF form for an LFR leaving a static license (docs/connected.md)", () => {
  it('says which activated license it replaces, and names the types the purchases do not cover', () => {
    const replaced = { licenseId: 'al-7', granted: { 'bot-runner': 5, 'bot-creator': 2 } };
    const short = markupOf(migrationNotice({ replaced, shortfall: [{ type: 'bot-runner', granted: 5, available: 3 }] }));
    expect(short).toContain('replaces the activated license <code>al-7</code>');
    expect(short).toContain('<li>bot-runner: the license grants 5, 3 available</li>');
    expect(short).toContain('role="alert"');
    const covered = markupOf(migrationNotice({ replaced, shortfall: [] }));
    expect(covered).toContain('replaces the activated license');
    expect(covered).not.toContain('do not cover');
  });

  it('shows nothing for an LFR that replaces no license', () => {
    expect(migrationNotice({ replaced: null, shortfall: [] })).toBe('');
  });
});
