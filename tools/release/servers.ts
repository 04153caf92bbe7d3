/**
 * The two servers Airlock ships as installable artefacts, and what differs between them: the
 * workspace that holds each, the command it installs, where the packaged one keeps its data and
 * configuration, and the port it listens on by default.
 */
export interface ServerSpec {
  /** `site` or `authority`: the artefacts are named `airlock-<name>-…`. */
  readonly name: 'site' | 'authority';
  readonly title: string;
  /** The workspace whose `npm pack` is the server (its workspace dependencies come along). */
  readonly workspace: string;
  readonly packageName: string;
  /** The command its package's `bin` names, e.g. `airlock-site`. */
  readonly command: string;
  /** The word every command line of this server starts with (`airlock site start`). */
  readonly verb: string;
  /** The Debian package's system user, and the name of its data directory under /var/lib. */
  readonly user: string;
  /** Directories the packaged server writes, created for its user by the Debian package. */
  readonly stateDirectories: readonly string[];
  /** `/etc/airlock/<name>.env`: the packaged server's configuration (a conffile). */
  readonly environment: readonly (readonly [string, string, string])[];
  readonly port: number;
}

export const servers: readonly ServerSpec[] = [
  {
    name: 'authority',
    title: 'Airlock authority',
    workspace: 'apps/authority',
    packageName: '@airlock/authority',
    command: 'airlock-authority',
    verb: 'authority',
    user: 'airlock-authority',
    stateDirectories: ['/var/lib/airlock-authority'],
    environment: [
      ['AIRLOCK_DATA_DIR', '/var/lib/airlock-authority', 'the embedded database (pglite/) and, without a passphrase below, the key file authority.key'],
      ['AIRLOCK_HOST', '127.0.0.1', 'address to listen on (another one needs AIRLOCK_TLS_CERT and AIRLOCK_TLS_KEY, or AIRLOCK_ALLOW_PLAIN_HTTP=true behind a TLS proxy)'],
      ['AIRLOCK_PORT', '7300', 'port to listen on'],
      ['#AIRLOCK_KEY_FILE', '/etc/airlock/authority.passphrase', 'a file holding the passphrase the keys are sealed under (mode 0640, group airlock-authority)'],
      ['#DATABASE_URL', 'postgres://airlock@db.example/airlock', 'a PostgreSQL server instead of the embedded database'],
      ['#AIRLOCK_PUBLIC_URL', 'https://licenses.vendor.example', "the authority's address as customers reach it"],
    ],
    port: 7300,
  },
  {
    name: 'site',
    title: 'Airlock site',
    workspace: 'apps/site',
    packageName: '@airlock/site',
    command: 'airlock-site',
    verb: 'site',
    user: 'airlock-site',
    stateDirectories: ['/var/lib/airlock-site', '/var/lib/airlock-site-witness'],
    environment: [
      ['AIRLOCK_SITE_DATA_DIR', '/var/lib/airlock-site', "the site's identity (site.json), its ledger and the operator token"],
      ['AIRLOCK_SITE_WITNESS_DIR', '/var/lib/airlock-site-witness', "the ledger's witness: outside the data directory and its backups"],
      ['AIRLOCK_SITE_PASSPHRASE_FILE', '/etc/airlock/site.passphrase', "a file holding the passphrase the site's keys are sealed under (mode 0640, group airlock-site)"],
      ['AIRLOCK_SITE_HOST', '127.0.0.1', 'address to listen on (another one needs AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY)'],
      ['AIRLOCK_SITE_PORT', '7400', 'port to listen on'],
    ],
    port: 7400,
  },
];
