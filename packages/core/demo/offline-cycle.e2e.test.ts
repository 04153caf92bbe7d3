import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the quick-start demo (npm start)', () => {
  it('runs a whole offline cycle: token, LFR, a refused reduction, then an installed OLF', () => {
    const demo = fileURLToPath(new URL('./offline-cycle.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const output = execFileSync(tsx, ['--conditions=airlock-source', demo], { encoding: 'utf8' });
    expect(output).toContain('-----BEGIN AIRLOCK ENABLEMENT TOKEN-----');
    expect(output).toContain('-----BEGIN AIRLOCK LICENSE FILE REQUEST-----');
    expect(output).toContain('✗ the site refuses it: SEAT_REDUCTION_BELOW_USE');
    expect(output).toContain('"users":["ada","grace","linus"]');
    expect(output).toMatch(/Site license: active until \d{4}-\d{2}-\d{2}T00:00:00\.000Z; bot-runner 6, bot-creator 2\./);
  });
});
