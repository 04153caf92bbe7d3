import { describe, expect, it } from 'vitest';
import type { Command, CommandContext, Io } from './command.ts';
import { runProgram, type Program } from './main.ts';

/** A program of one command that answers with what it was given. */
function echoProgram(): { program: Program; seen: CommandContext[] } {
  const seen: CommandContext[] = [];
  const revoke: Command = {
    name: 'keys revoke',
    summary: 'Revoke a key',
    usage: '<kid> --reason <text>',
    options: { reason: { type: 'string' }, tag: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } },
    positionals: ['kid'],
    async run(context) {
      seen.push(context);
      return { result: { kid: context.positionals[0] }, text: 'ok' };
    },
  };
  return { program: { commands: [revoke], version: 'test', notes: [] }, seen };
}

function capture(): { io: Io; err: string[] } {
  const err: string[] = [];
  return { io: { env: { XDG_CONFIG_HOME: '/nonexistent' }, cwd: '/', out: () => undefined, err: (text) => err.push(text) }, err };
}

describe('the command line', () => {
  // Base64url identifiers begin with a dash one time in 64 (and with two, one in 4,096).
  const kids = ['-Jx3Vb0sQ_1YwZ4uT7rKpLmN2oA9cD5eF8gH6iJ0kLm', '--x3Vb0sQ_1YwZ4uT7rKpLmN2oA9cD5eF8gH6iJ0kLm', '-A'];

  it.each(kids)('takes an identifier that begins with a dash as the argument it is: %s', async (kid) => {
    const { program, seen } = echoProgram();
    const { io, err } = capture();
    expect(await runProgram(program, ['keys', 'revoke', kid, '--reason', 'lost'], io), err.join('\n')).toBe(0);
    expect(await runProgram(program, ['keys', 'revoke', '--reason', 'lost', kid, '--dry-run'], io), err.join('\n')).toBe(0);
    expect(seen.map(({ positionals, values }) => ({ positionals, reason: values.reason }))).toEqual([
      { positionals: [kid], reason: 'lost' },
      { positionals: [kid], reason: 'lost' },
    ]);
  });

  it("takes an option's value that begins with a dash, once or repeated", async () => {
    const { program, seen } = echoProgram();
    const { io } = capture();
    expect(await runProgram(program, ['keys', 'revoke', 'kid-1', '--reason', '-Jx3_', '--tag', '-1', '--tag', 'two', '--tag', '--Q9'], io)).toBe(0);
    expect(seen[0]!.values).toMatchObject({ reason: '-Jx3_', tag: ['-1', 'two', '--Q9'] });
  });

  it('still refuses an option the command does not have, and a missing value', async () => {
    const { program, seen } = echoProgram();
    for (const argv of [
      ['keys', 'revoke', 'kid-1', '--reason', 'lost', '--colour', 'red'],
      ['keys', 'revoke', 'kid-1', '--reason', 'lost', '-x'],
      ['keys', 'revoke', 'kid-1', '--reason'],
      ['keys', 'revoke', 'kid-1', '--reason', '--dry-run'],
      ['keys', 'revoke', 'kid-1', '-Jx3_', '--reason', 'lost'],
    ]) {
      const { io, err } = capture();
      expect({ argv, code: await runProgram(program, argv, io) }).toEqual({ argv, code: 2 });
      expect(err.join('\n')).toMatch(/^airlock: [\s\S]+\nusage: airlock keys revoke <kid> --reason <text>/);
    }
    expect(seen).toEqual([]);
  });

  it('ends the options at `--`', async () => {
    const { program, seen } = echoProgram();
    const { io } = capture();
    expect(await runProgram(program, ['keys', 'revoke', '--reason', 'lost', '--', '--reason'], io)).toBe(0);
    expect(seen[0]!.positionals).toEqual(['--reason']);
  });
});
