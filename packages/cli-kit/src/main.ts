import { parseArgs } from 'node:util';
import { ApiProblem } from '@airlock/client';
import { ApiClient, ApiRefusal, DEFAULT_URL } from './api-client.ts';
import { CliFailure, UsageError, type Command, type CommandContext, type Input, type Io, type Options } from './command.ts';
import { readCredentials, type StoredCredentials } from './credentials.ts';

/**
 * A command-line program: the site's (`airlock-site`), the authority's (`airlock-authority`), or
 * the workspace's `airlock`, which has both. Every one accepts the same command lines
 * (`site init …`, `authority start`, `order create …`) and speaks as `airlock`.
 */
export interface Program {
  /** Every verb, in the order `--help` lists them. */
  readonly commands: readonly Command[];
  /** What `--version` prints: the product's version and the formats it reads and writes. */
  readonly version: string;
  /** Lines `--help` ends with: where the commands find what they talk to. */
  readonly notes: readonly string[];
  /** The headings `--help` groups the commands under, in order; commands of no listed group come last. */
  readonly groups?: readonly string[];
}

/** The CLI's exit codes: scripts branch on them. */
export const exitCodes = {
  ok: 0,
  /** The authority (or its rules) refused: the problem's code is printed. */
  refused: 1,
  /** The command line is wrong. */
  usage: 2,
  /** Something else failed: the authority could not be reached, a file could not be written. */
  failed: 3,
} as const;

const commonOptions: Options = {
  json: { type: 'boolean' },
  print: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const COMMON_USAGE = '[--json | --print <field>] [--url <authority>] [--token <api token>]';

function processIo(): Io {
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    input: processInput(),
  };
}

/** The process's stdin as an `Input`: lines piped in, or a question asked on the terminal without echo. */
function processInput(): Input {
  let piped: Promise<readonly string[]> | undefined;
  return {
    isTTY: process.stdin.isTTY === true,
    lines() {
      piped ??= (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
      })();
      return piped;
    },
    secret: askWithoutEcho,
  };
}

/** Reads one line from the terminal in raw mode, echoing nothing; Ctrl-C or Ctrl-D gives up. */
function askWithoutEcho(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let answer = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CliFailure('cancelled'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * Runs one `airlock` command line of a program and resolves with its exit code; prints nothing
 * else than what the command says (JSON with `--json`), and refusals with their code.
 *
 * @example
 * ```ts
 * process.exitCode = await runProgram(authorityProgram, ['customer', 'approve', requestId, '--json']);
 * ```
 */
export async function runProgram(program: Program, argv: readonly string[], io: Io = processIo()): Promise<number> {
  if (argv.length === 1 && argv[0] === '--version') {
    io.out(program.version);
    return exitCodes.ok;
  }
  const command = findCommand(program.commands, argv);
  if (!command) {
    const asksForHelp = argv.length > 0 && ['help', '--help', '-h'].includes(argv[0]!);
    if (asksForHelp) {
      io.out(overview(program));
      return exitCodes.ok;
    }
    io.err(overview(program));
    if (argv.length > 0) io.err(`airlock: unknown command "${argv.join(' ')}"`);
    return exitCodes.usage;
  }
  const rest = argv.slice(command.name.split(' ').length);
  let context: CommandContext;
  try {
    context = contextOf(command, rest, io, await storedCredentials(io));
  } catch (error) {
    return report(error, command, io, false);
  }
  if (context.values.help === true) {
    io.out(usageOf(command));
    return exitCodes.ok;
  }
  const json = context.values.json === true;
  try {
    const outcome = await command.run(context);
    if ('exitCode' in outcome) return outcome.exitCode;
    const print = context.values.print;
    io.out(typeof print === 'string' ? fieldOf(outcome.result, print) : json ? JSON.stringify(outcome.result, null, 2) : outcome.text);
    return exitCodes.ok;
  } catch (error) {
    return report(error, command, io, json);
  }
}

/**
 * `--print lfr.id`: one field of the command's JSON result, for a script to keep in a variable
 * (`LFR=$(airlock lfr upload request.lfr --customer acme --print lfr.id)`): a string as it is,
 * anything else as JSON. A field the result does not have is a usage error.
 */
function fieldOf(result: unknown, path: string): string {
  let value: unknown = result;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) throw new UsageError(`--print: the result has no field "${path}"`);
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The longest command whose words begin the command line. */
function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  const matches = commands.filter((command) => command.name.split(' ').every((word, i) => argv[i] === word));
  return matches.sort((a, b) => b.name.length - a.name.length)[0];
}

/** What `airlock login` stored, or the failure to read it, raised only by a command that needs it. */
type Stored = StoredCredentials | null | CliFailure;

async function storedCredentials(io: Io): Promise<Stored> {
  try {
    return await readCredentials(io.env);
  } catch (error) {
    if (error instanceof CliFailure) return error;
    throw error;
  }
}

/**
 * The client for the authority a command names: `--url`, else AIRLOCK_URL, else the stored
 * credentials' authority, else the default; `--token`, else AIRLOCK_TOKEN, else the stored token,
 * which is only ever sent to the authority it was made by.
 */
function clientOf(values: CommandContext['values'], env: Io['env'], stored: Stored): ApiClient {
  const { url, token } = values;
  const given = typeof url === 'string' ? url : env.AIRLOCK_URL;
  const explicitToken = typeof token === 'string' ? token : env.AIRLOCK_TOKEN;
  if (explicitToken !== undefined) return new ApiClient(given ?? DEFAULT_URL, explicitToken);
  if (stored instanceof CliFailure) throw stored;
  const baseUrl = given ?? stored?.url ?? DEFAULT_URL;
  const storedToken = stored !== null && sameAuthority(stored.url, baseUrl) ? stored.token : undefined;
  return new ApiClient(baseUrl, storedToken);
}

function sameAuthority(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

function contextOf(command: Command, args: readonly string[], io: Io, stored: Stored): CommandContext {
  const parsed = parseCommandLine(args, { ...commonOptions, ...command.options });
  const expected = command.positionals ?? [];
  if (parsed.values.help !== true && parsed.positionals.length !== expected.length) {
    throw new UsageError(
      expected.length === 0 ? `unexpected argument "${parsed.positionals[0]}"` : `expected ${expected.map((name) => `<${name}>`).join(' ')}`,
    );
  }
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    io,
    api: () => clientOf(parsed.values, io.env, stored),
  };
}

/** A word an operator types as an option: `--reason`, `--endpoint-url=…`, `-h`. */
const OPTION_WORD = /^--?[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:=[\s\S]*)?$/;

/**
 * The command line's options and arguments. Identifiers the authority hands out can begin with a
 * dash (a key's kid is base64url: `-Jx3…`), and an operator pastes them as they are, as an
 * argument or as an option's value. So a word that begins with a dash is an option only when
 * it names one of the command's options or reads like one (lowercase words joined by dashes);
 * any other is a value. `--` still ends the options for whatever follows it.
 */
function parseCommandLine(args: readonly string[], options: Options): ReturnType<typeof parseArgs> {
  const shortNames = new Set(Object.values(options).flatMap((option) => (option.short === undefined ? [] : [option.short])));
  const isOption = (word: string): boolean => {
    const name = word.startsWith('--') ? word.slice(2).split('=')[0]! : word.slice(1);
    return Object.hasOwn(options, name) || shortNames.has(name) || OPTION_WORD.test(word);
  };
  // A value that begins with a dash stands in as a word that cannot be typed (argv holds no NUL).
  const values = new Map<string, string>();
  const end = args.indexOf('--');
  const standIns = args.map((word, index) => {
    if ((end !== -1 && index >= end) || word.length < 2 || !word.startsWith('-') || isOption(word)) return word;
    const standIn = `\u0000${index}`;
    values.set(standIn, word);
    return standIn;
  });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: standIns, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.size === 0) return parsed;
  const restore = <T>(value: T): T => (typeof value === 'string' ? ((values.get(value) as T | undefined) ?? value) : value);
  return {
    values: Object.fromEntries(Object.entries(parsed.values).map(([name, value]) => [name, Array.isArray(value) ? value.map(restore) : restore(value)])),
    positionals: parsed.positionals.map(restore),
  };
}

function report(thrown: unknown, command: Command, io: Io, json: boolean): number {
  // A refusal met through the typed client is reported as any other.
  const error = thrown instanceof ApiProblem ? new ApiRefusal(thrown.problem) : thrown;
  if (error instanceof UsageError) {
    io.err(`airlock: ${error.message}\n${usageOf(command)}`);
    return exitCodes.usage;
  }
  if (error instanceof ApiRefusal) {
    const { problem } = error;
    if (json) io.out(JSON.stringify({ error: problem }, null, 2));
    const details = problem.errors ? ` ${JSON.stringify(problem.errors)}` : '';
    io.err(`airlock: refused: ${problem.code}: ${problem.detail ?? problem.title ?? ''}${details}`);
    return exitCodes.refused;
  }
  const message =
    error instanceof CliFailure ? error.message : `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  if (json) io.out(JSON.stringify({ error: { message } }, null, 2));
  io.err(`airlock: ${message}`);
  return exitCodes.failed;
}

function usageOf(command: Command): string {
  return `usage: airlock ${command.name} ${command.usage} ${COMMON_USAGE}\n\n${command.summary}.`;
}

/**
 * `airlock --help`: the commands under the program's headings, in the headings' order (each
 * keeps the order of `commands`), then those of no listed heading.
 */
function overview({ commands, notes, groups = [] }: Program): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const line = (command: Command) => `  ${command.name.padEnd(width)}  ${command.summary}`;
  const sections = groups
    .map((group) => ({ group, members: commands.filter((command) => command.group === group) }))
    .filter((section) => section.members.length > 0);
  const others = commands.filter((command) => command.group === undefined || !groups.includes(command.group));
  const lines = [
    ...sections.flatMap(({ group, members }) => [`${group}:`, ...members.map(line), '']),
    ...(others.length === 0 ? [] : [...(sections.length === 0 ? [] : ['Other:']), ...others.map(line), '']),
  ];
  return [
    'usage: airlock <command> [options]',
    '',
    ...lines.slice(0, -1),
    '',
    ...notes,
    'Every command takes --json (or --print <field> for one field of it) and --help; --version prints the version. Exit codes: 0 done, 1 refused (code printed), 2 usage error, 3 failure.',
  ].join('\n');
}
