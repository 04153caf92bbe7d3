import { AIRLOCK_VERSION } from '@airlock/core';
import type { Io } from '@airlock/cli-kit';
import { describe, expect, it } from 'vitest';
import { siteCommands } from './index.ts';
import { main } from './main.ts';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env: {}, cwd: process.cwd(), out: (text) => out.push(text), err: (text) => err.push(text) }, out, err };
}

describe("airlock-site, the site's command line", () => {
  it('prints the product version and the document formats with --version', async () => {
    const { io, out } = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(out.join('\n')).toBe(`airlock ${AIRLOCK_VERSION} (site)\ndocument formats: writes v1, reads v1`);
  });

  it("has the site's commands only: every one begins with `site`, and none is the vendor's", async () => {
    expect(siteCommands.length).toBeGreaterThan(10);
    expect(siteCommands.every((command) => command.name.startsWith('site '))).toBe(true);
    expect(siteCommands.map((command) => command.name)).not.toContain('site register');
    const { io, out } = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('\n')).toContain('site init');
    expect(out.join('\n')).not.toContain('authority start');
  });

  it("refuses the authority's command lines as unknown (exit code 2)", async () => {
    const { io, err } = capture();
    expect(await main(['authority', 'start'], io)).toBe(2);
    expect(err.join('\n')).toContain('unknown command "authority start"');
  });
});
