import { parseArgs } from 'node:util';
import { ApiClient, ApiRefusal, DEFAULT_URL } from './api-client.ts';
import { CliFailure, UsageError, type Command, type CommandContext, type Io, type Options } from './command.ts';

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
  url: { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const COMMON_USAGE = '[--json] [--url <authority>] [--token <api token>]';

function processIo(): Io {
  return {
    env: process.env,
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
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
    context = contextOf(command, rest, io);
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
    io.out(json ? JSON.stringify(outcome.result, null, 2) : outcome.text);
    return exitCodes.ok;
  } catch (error) {
    return report(error, command, io, json);
  }
}

/** The longest command whose words begin the command line. */
function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  const matches = commands.filter((command) => command.name.split(' ').every((word, i) => argv[i] === word));
  return matches.sort((a, b) => b.name.length - a.name.length)[0];
}

function contextOf(command: Command, args: readonly string[], io: Io): CommandContext {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: { ...commonOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const expected = command.positionals ?? [];
  if (parsed.values.help !== true && parsed.positionals.length !== expected.length) {
    throw new UsageError(expected.length === 0 ? `unexpected argument "${parsed.positionals[0]}"` : `expected ${expected.map((name) => `<${name}>`).join(' ')}`);
  }
  const { url, token } = parsed.values;
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    io,
    api: () => new ApiClient(typeof url === 'string' ? url : (io.env.AIRLOCK_URL ?? DEFAULT_URL), typeof token === 'string' ? token : io.env.AIRLOCK_TOKEN),
  };
}

function report(error: unknown, command: Command, io: Io, json: boolean): number {
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
  const message = error instanceof CliFailure ? error.message : `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  if (json) io.out(JSON.stringify({ error: { message } }, null, 2));
  io.err(`airlock: ${message}`);
  return exitCodes.failed;
}

function usageOf(command: Command): string {
  return `usage: airlock ${command.name} ${command.usage} ${COMMON_USAGE}\n\n${command.summary}.`;
}

function overview({ commands, notes }: Program): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'usage: airlock <command> [options]',
    '',
    ...lines,
    '',
    ...notes,
    'Every command takes --json and --help; --version prints the version. Exit codes: 0 done, 1 refused (code printed), 2 usage error, 3 failure.',
  ].join('\n');
}
