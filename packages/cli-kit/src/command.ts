import type { ParseArgsConfig } from 'node:util';
import type { ApiClient } from './api-client.ts';

/** What a command reads and writes: the environment, the working directory, two streams. */
export interface Io {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for the commands that read a secret (`airlock login`); absent in most tests. */
  readonly input?: Input;
}

/** Standard input as a command reads a secret from it: asked on a terminal, else read whole. */
export interface Input {
  /** Whether a person is at a terminal (so a question can be asked). */
  readonly isTTY: boolean;
  /** Every line piped in, read once (`--password-stdin`). */
  lines(): Promise<readonly string[]>;
  /** Asks on the terminal and reads one line without echoing it. */
  secret(question: string): Promise<string>;
}

export type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** What a command is given: its parsed options and arguments, and the authority's API. */
export interface CommandContext {
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly io: Io;
  /**
   * The authority's API, from `--url` and `--token` (or AIRLOCK_URL and AIRLOCK_TOKEN), else
   * what `airlock login` stored for that authority.
   */
  api(): ApiClient;
}

/** A command's result: data for `--json` and a sentence for people; or an exit code of its own. */
export type Outcome = { readonly result: unknown; readonly text: string } | { readonly exitCode: number };

/** One verb of the CLI, in a file of its own under `commands/`. */
export interface Command {
  /** The words that name it: `customer create`. */
  readonly name: string;
  readonly summary: string;
  /** What follows the name in a usage line: `<requestId> [--note <text>]`. */
  readonly usage: string;
  readonly options: Options;
  /** The heading `airlock --help` lists it under (see the program's `groups`). */
  readonly group?: string;
  /** Names of the positional arguments it takes, all required. */
  readonly positionals?: readonly string[];
  run(context: CommandContext): Promise<Outcome>;
}

/** The command line is wrong: exit code 2, with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export { CliFailure } from './cli-failure.ts';

/** An option's value, if given. */
export function option(context: CommandContext, name: string): string | undefined {
  const value = context.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** An option that must be given. */
export function required(context: CommandContext, name: string): string {
  const value = option(context, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function flag(context: CommandContext, name: string): boolean {
  return context.values[name] === true;
}

/** Every value of a repeatable option. */
export function list(context: CommandContext, name: string): string[] {
  const value = context.values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A path segment taken from the command line, escaped. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

/**
 * The same commands under one `--help` heading: a program lists its groups where it lists its
 * commands, so a command file says what it does and the program says where it belongs.
 */
export function inGroup(group: string, commands: readonly Command[]): Command[] {
  return commands.map((command) => ({ ...command, group }));
}
