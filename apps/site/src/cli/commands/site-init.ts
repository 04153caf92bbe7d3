import { ApiRefusal, type Command, list, option, UsageError, readDocument } from '@airlock/cli-kit';

/**
 * Initialises a site in an empty data directory: its GUID, its keys (sealed under
 * AIRLOCK_SITE_PASSPHRASE or AIRLOCK_SITE_PASSPHRASE_FILE), its ledger, the authority root it
 * pins, a Registration Key per tenant, the first site administrator (its one-time password
 * printed once) and the operator token file. Runs in this process: no site is running yet.
 */
export const siteInit: Command = {
  name: 'site init',
  summary: 'Initialise a site: its GUID, keys, ledger and tenants, pinning the authority root key',
  usage: '--root-key <file> [--tenant <tenant>]... [--data-dir <dir>] [--witness-dir <dir>]',
  options: { 'root-key': { type: 'string' }, tenant: { type: 'string', multiple: true }, 'data-dir': { type: 'string' }, 'witness-dir': { type: 'string' } },
  async run(context) {
    const rootKeyFile = option(context, 'root-key');
    if (rootKeyFile === undefined) throw new UsageError('--root-key is required: the file `airlock authority keys export-root` writes');
    const rootKeyText = await readDocument(context.io, rootKeyFile);
    // Loaded only here: the commands that call a running site need none of the server's code.
    const [site, { isAirlockError }] = await Promise.all([import('../../index.ts'), import('@airlock/core')]);
    const env = { ...context.io.env, ...overrides(context) };
    try {
      const config = site.readSiteConfig(env, context.io.cwd);
      const tenants = list(context, 'tenant');
      const initialised = await site.initSite({
        dataDir: config.dataDir,
        passphrase: await site.readPassphrase(config.passphrase),
        rootPublicKey: site.parseRootPublicKey(rootKeyText),
        tenants: tenants.length > 0 ? tenants : [site.DEFAULT_TENANT],
        witnessDir: config.witnessDir,
        siteVersion: site.SITE_VERSION,
        clock: site.clockOf(config, (line) => context.io.err(line)),
        random: site.systemRandom,
        openLedger: site.openLedger,
      });
      const keys = initialised.tenants.map(({ tenant, registrationKey }) => `  ${tenant}: ${registrationKey}`).join('\n');
      return {
        result: initialised,
        text: [
          `Initialised site ${initialised.guid} in ${initialised.dataDir}, pinning the authority root key ${initialised.rootKid}.`,
          `Registration Keys:\n${keys}`,
          `First site administrator: ${initialised.administrator.account}, one-time password: ${initialised.administrator.password} (shown only now; change it at the first sign-in).`,
          `The operator token is in ${initialised.operatorTokenFile} (mode 0600): the airlock site commands on this machine read it; elsewhere, give it with --token.`,
          `The ledger's witness is ${initialised.witnessFile}: keep it outside backups of the data directory.`,
          'Register the GUID with the authority (airlock site register), then run `airlock site start`.',
        ].join('\n'),
      };
    } catch (error) {
      if (error instanceof site.SiteConfigError) throw new UsageError(error.message);
      // Refused by the site's rules (SITE_ALREADY_INITIALISED, KEY_INVALID): exit code 1, like a refusal over HTTP.
      if (isAirlockError(error)) throw new ApiRefusal({ status: 422, code: error.code, title: error.code, detail: error.message, errors: { ...error.detail } });
      throw error;
    }
  },
};

function overrides(context: Parameters<Command['run']>[0]): Record<string, string> {
  const pairs = [
    ['data-dir', 'AIRLOCK_SITE_DATA_DIR'],
    ['witness-dir', 'AIRLOCK_SITE_WITNESS_DIR'],
  ] as const;
  return Object.fromEntries(
    pairs.flatMap(([flag, variable]) => {
      const value = option(context, flag);
      return value === undefined ? [] : [[variable, value]];
    }),
  );
}
