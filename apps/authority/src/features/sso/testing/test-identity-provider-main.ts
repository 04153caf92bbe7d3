import { readFileSync } from 'node:fs';
import { startTestIdentityProvider, type TestAccount } from './test-identity-provider.ts';

/**
 * The test identity provider as a process of its own, for the browser tests:
 * `tsx test-identity-provider-main.ts <settings.json> <accounts.json>`. The settings name the
 * client (`clientId`, `clientSecret`, `redirectUris`); the accounts file is read again at every
 * sign-in. Prints `{"issuer":…}` on a line once it listens; ends on SIGTERM.
 */
const [settingsFile, accountsFile] = process.argv.slice(2);
if (!settingsFile || !accountsFile) throw new Error('usage: test-identity-provider-main.ts <settings.json> <accounts.json>');
const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { clientId: string; clientSecret: string; redirectUris: string[] };
const idp = await startTestIdentityProvider({
  ...settings,
  accounts: () => JSON.parse(readFileSync(accountsFile, 'utf8')) as Record<string, TestAccount>,
});
process.stdout.write(`${JSON.stringify({ issuer: idp.issuer })}\n`);
process.on('SIGTERM', () => {
  void idp.close().finally(() => process.exit(0));
});
