import { AIRLOCK_VERSION } from '@airlock/core';
import type { Io } from '@airlock/cli-kit';
import { describe, expect, it } from 'vitest';
import { authorityCommands } from './index.ts';
import { main } from './main.ts';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env: {}, cwd: process.cwd(), out: (text) => out.push(text), err: (text) => err.push(text) }, out, err };
}

describe("airlock-authority, the authority's command line", () => {
  it('prints the product version and the document formats with --version', async () => {
    const { io, out } = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(out.join('\n')).toBe(`airlock ${AIRLOCK_VERSION} (authority)\ndocument formats: writes v1, reads v1`);
  });

  it("has the vendor's commands, `site register` among them, and none of the site's own", async () => {
    const names = authorityCommands.map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['authority start', 'customer create', 'site register', 'order create']));
    expect(names.filter((name) => name.startsWith('site '))).toEqual(['site register']);
    const { io, err } = capture();
    expect(await main(['site', 'init', '--root-key', 'root.jwk'], io)).toBe(2);
    expect(err.join('\n')).toContain('unknown command "site init --root-key root.jwk"');
  });
});
