/**
 * @airlock/authority — the vendor's license server. `createApp` builds the HTTP app (tests
 * inject requests into it); `startAuthority` wires the real dependencies and listens;
 * `runAuthority` is what `airlock authority start` and `npm start` run.
 *
 * @example
 * ```ts
 * import { readConfig, startAuthority } from '@airlock/authority';
 * const running = await startAuthority(readConfig(process.env));
 * ```
 */
export { createApp, BODY_LIMIT } from './app.ts';
export { readConfig, ConfigError, DEFAULT_PORT, type AuthorityConfig, type KeySecretSource, type LogLevel } from './config.ts';
export { openDatabase, type Db, type OpenedDatabase, type StoreConfig } from './db/database.ts';
export type { AuthorityDeps } from './deps.ts';
export { createAuthenticator } from './http/authenticate.ts';
export { createApiToken } from './features/accounts/api-tokens.ts';
export { permissions, type Principal, type Permission } from './http/permissions.ts';
export { inMemoryAuthorityKeys, type AuthorityKeys, type AuthorityKeyInfo, type KeyManagement } from './keys/authority-keys.ts';
export { openPersistentAuthorityKeys, type PersistentAuthorityKeys, type PersistentKeysOptions } from './keys/persistent-authority-keys.ts';
export { runAuthority, startAuthority, type RunningAuthority, type Say } from './main.ts';
export { AuthorityBackupError, restoreAuthorityBackup } from './backup/restore-authority.ts';
