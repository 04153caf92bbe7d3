import { inGroup, type Command, type Program } from '@airlock/cli-kit';
import { versionReport, versionText } from '@airlock/core/version';
import { siteAccountCreate } from './commands/site-account-create.ts';
import { siteAccountDisable } from './commands/site-account-disable.ts';
import { siteAccountList } from './commands/site-account-list.ts';
import { siteAccountResetPassword } from './commands/site-account-reset-password.ts';
import { siteBackup } from './commands/site-backup.ts';
import { siteDeprovision } from './commands/site-deprovision.ts';
import { siteInit } from './commands/site-init.ts';
import { siteKeyCreate } from './commands/site-key-create.ts';
import { siteKeyList } from './commands/site-key-list.ts';
import { siteKeyRevoke } from './commands/site-key-revoke.ts';
import { siteLeasesList } from './commands/site-leases-list.ts';
import { siteLeasesRevoke } from './commands/site-leases-revoke.ts';
import { siteLeasesSettings } from './commands/site-leases-settings.ts';
import { siteLfrGenerate } from './commands/site-lfr-generate.ts';
import { siteLinkExchange, siteLinkStatus } from './commands/site-link-status.ts';
import { siteLicenseInstall } from './commands/site-license-install.ts';
import { siteOlfInstall } from './commands/site-olf-install.ts';
import { siteReassign } from './commands/site-reassign.ts';
import { siteRestore } from './commands/site-restore.ts';
import { siteStart } from './commands/site-start.ts';
import { siteStatus } from './commands/site-status.ts';
import { siteTenantAdd } from './commands/site-tenant-add.ts';
import { siteTenantList } from './commands/site-tenant-list.ts';
import { siteTenantMode } from './commands/site-tenant-mode.ts';
import { siteTenantRemove } from './commands/site-tenant-remove.ts';
import { siteTokenInstall } from './commands/site-token-install.ts';
import { siteUsage } from './commands/site-usage.ts';
import { DEFAULT_SITE_URL } from './site-client.ts';

/**
 * The site's commands: initialising and running a site on the customer's machine, and its
 * operator's work against the running site. A new command is a file under `commands/` and a line here.
 */
export const siteCommands: readonly Command[] = inGroup('Site', [
  siteInit,
  siteStart,
  siteTenantAdd,
  siteTenantList,
  siteTenantRemove,
  siteTenantMode,
  siteTokenInstall,
  siteLfrGenerate,
  siteOlfInstall,
  siteLicenseInstall,
  siteStatus,
  siteLinkStatus,
  siteLinkExchange,
  siteUsage,
  siteDeprovision,
  siteReassign,
  siteLeasesList,
  siteLeasesRevoke,
  siteLeasesSettings,
  siteAccountCreate,
  siteAccountList,
  siteAccountDisable,
  siteAccountResetPassword,
  siteKeyCreate,
  siteKeyList,
  siteKeyRevoke,
  siteBackup,
  siteRestore,
]);

/** `airlock-site`: the site's commands, as the site's distribution carries them (nothing of the authority). */
export const siteProgram: Program = {
  commands: siteCommands,
  groups: ['Site'],
  version: versionText(versionReport('site')),
  notes: [
    `Commands that call a running site take --site-url (default ${DEFAULT_SITE_URL}, or AIRLOCK_SITE_URL), and --token (or AIRLOCK_SITE_TOKEN) or --data-dir on the site's machine.`,
  ],
};
