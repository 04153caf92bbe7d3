import { authorityCommands } from '@airlock/authority/cli';
import { AIRLOCK_VERSION } from '@airlock/core';
import { siteCommands } from '@airlock/site/cli';
import { describe, expect, it } from 'vitest';
import { main, workspaceProgram } from '../src/workspace-program.ts';

describe("the workspace's airlock", () => {
  it('has every command of both programs, each name once', () => {
    const names = workspaceProgram.commands.map((command) => command.name);
    expect(names).toHaveLength(authorityCommands.length + siteCommands.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("sends `site register` to the authority's command and `site init` to the site's", async () => {
    const err: string[] = [];
    const io = { env: {}, cwd: process.cwd(), out: () => {}, err: (text: string) => err.push(text) };
    // Missing options: each command answers with its own usage line, which names it.
    expect(await main(['site', 'register', '--bogus'], io)).toBe(2);
    expect(err.join('\n')).toContain('usage: airlock site register');
    expect(authorityCommands.some((command) => command.name === 'site register')).toBe(true);
    err.length = 0;
    expect(await main(['site', 'init', '--bogus'], io)).toBe(2);
    expect(err.join('\n')).toContain('usage: airlock site init');
    expect(siteCommands.some((command) => command.name === 'site init')).toBe(true);
  });

  it('prints the product version with --version', async () => {
    const out: string[] = [];
    expect(await main(['--version'], { env: {}, cwd: process.cwd(), out: (text) => out.push(text), err: () => {} })).toBe(0);
    expect(out.join('\n')).toContain(`airlock ${AIRLOCK_VERSION}`);
  });
});
