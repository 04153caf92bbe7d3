import { type Command, option } from '@airlock/cli-kit';

/** Runs the site in this process until SIGTERM or SIGINT; its configuration comes from the environment. */
export const siteStart: Command = {
  name: 'site start',
  summary: 'Run the site (data under ./.data/site unless AIRLOCK_SITE_DATA_DIR is set)',
  usage: '[--data-dir <dir>] [--host <address>] [--port <port>]',
  options: { 'data-dir': { type: 'string' }, host: { type: 'string' }, port: { type: 'string' } },
  async run(context) {
    // Flags override the environment they stand for.
    const overrides = Object.fromEntries(
      ([['data-dir', 'AIRLOCK_SITE_DATA_DIR'], ['host', 'AIRLOCK_SITE_HOST'], ['port', 'AIRLOCK_SITE_PORT']] as const)
        .flatMap(([flag, variable]) => {
          const value = option(context, flag);
          return value === undefined ? [] : [[variable, value]];
        }),
    );
    const { runSite } = await import('../../index.ts');
    return { exitCode: await runSite({ ...context.io.env, ...overrides }, (line) => context.io.err(line)) };
  },
};
