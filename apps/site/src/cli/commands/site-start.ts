import { type Command, flag, option } from '@airlock/cli-kit';

/** Runs the site in this process until SIGTERM or SIGINT; its configuration comes from the environment. */
export const siteStart: Command = {
  name: 'site start',
  summary: 'Run the site (data under ./.data/site unless AIRLOCK_SITE_DATA_DIR is set)',
  usage: '[--data-dir <dir>] [--host <address>] [--port <port>] [--witness-dir <dir> [--witness-moved]] [--new-witness]',
  options: {
    'data-dir': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'witness-dir': { type: 'string' },
    'witness-moved': { type: 'boolean' },
    'new-witness': { type: 'boolean' },
  },
  async run(context) {
    // Flags override the environment they stand for.
    const overrides = Object.fromEntries(
      (
        [
          ['data-dir', 'AIRLOCK_SITE_DATA_DIR'],
          ['host', 'AIRLOCK_SITE_HOST'],
          ['port', 'AIRLOCK_SITE_PORT'],
          ['witness-dir', 'AIRLOCK_SITE_WITNESS_DIR'],
        ] as const
      ).flatMap(([name, variable]) => {
        const value = option(context, name);
        return value === undefined ? [] : [[variable, value]];
      }),
    );
    // The witness stays where `site init` recorded it: these say it moved, or is lost for good (see the README).
    if (flag(context, 'witness-moved')) overrides.AIRLOCK_SITE_WITNESS_MOVED = 'true';
    if (flag(context, 'new-witness')) overrides.AIRLOCK_SITE_NEW_WITNESS = 'true';
    const { runSite } = await import('../../index.ts');
    return { exitCode: await runSite({ ...context.io.env, ...overrides }, (line) => context.io.err(line)) };
  },
};
