import { type Command, option } from '@airlock/cli-kit';

/** Runs the authority in this process until SIGTERM or SIGINT; its configuration comes from the environment. */
export const authorityStart: Command = {
  name: 'authority start',
  summary: 'Run the authority (embedded database under ./.data/authority unless DATABASE_URL is set)',
  usage: '[--data-dir <dir>] [--host <address>] [--port <port>]',
  options: { 'data-dir': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
  async run(context) {
    // Flags override the environment they stand for.
    const overrides = Object.fromEntries(
      (
        [
          ['data-dir', 'AIRLOCK_DATA_DIR'],
          ['host', 'AIRLOCK_HOST'],
          ['port', 'AIRLOCK_PORT'],
        ] as const
      ).flatMap(([flag, variable]) => {
        const value = option(context, flag);
        return value === undefined ? [] : [[variable, value]];
      }),
    );
    // Loaded only here: the other commands need none of the server's dependencies.
    const { runAuthority } = await import('../../index.ts');
    return { exitCode: await runAuthority({ ...context.io.env, ...overrides }, (line) => context.io.err(line)) };
  },
};
