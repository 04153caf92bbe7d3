import { resolve } from 'node:path';
import { CliFailure, option, required, type Command, type Outcome } from './command.ts';

/** What a server's restore does, loaded when the command runs: the other commands need none of the server's code. */
interface Restorer {
  /** Puts the backup file `from` back into `dataDir` (both absolute), and says what it did. */
  restore(from: string, dataDir: string): Promise<Outcome>;
  /** The error a refused backup is thrown as: its message is the command's failure (exit code 3). */
  readonly Refusal: abstract new (...args: never[]) => Error;
}

/**
 * A server's `restore` command (`--from <file> [--data-dir <dir>]`), run on the machine of the
 * stopped server: the data directory is `--data-dir`, else the variable the server reads it from,
 * else the server's default, each taken from the working directory as `start` takes it.
 */
export function restoreCommand(spec: {
  readonly name: string;
  readonly summary: string;
  readonly dataDir: { readonly variable: string; readonly fallback: string };
  load(): Promise<Restorer>;
}): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: '--from <file> [--data-dir <dir>]',
    options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
    async run(context) {
      const from = required(context, 'from');
      const { env, cwd } = context.io;
      const dataDir = resolve(cwd, option(context, 'data-dir') ?? env[spec.dataDir.variable] ?? spec.dataDir.fallback);
      const restorer = await spec.load();
      try {
        return await restorer.restore(resolve(cwd, from), dataDir);
      } catch (error) {
        if (error instanceof restorer.Refusal) throw new CliFailure(error.message);
        throw error;
      }
    },
  };
}
