import { DEFAULT_URL, type Command, type Program } from '@airlock/cli-kit';
import { versionReport, versionText } from '@airlock/core/version';
import { authorityBackup } from './commands/authority-backup.ts';
import { authorityKeysExportEncryption } from './commands/authority-keys-export-encryption.ts';
import { authorityKeysExportRoot } from './commands/authority-keys-export-root.ts';
import { authorityKeysRevoke } from './commands/authority-keys-revoke.ts';
import { authorityKeysRotate } from './commands/authority-keys-rotate.ts';
import { authorityRestore } from './commands/authority-restore.ts';
import { authorityStart } from './commands/authority-start.ts';
import { customerApprove } from './commands/customer-approve.ts';
import { customerCreate } from './commands/customer-create.ts';
import { customerStaticLicenses } from './commands/customer-static-licenses.ts';
import { lfrUpload } from './commands/lfr-upload.ts';
import { licenseCreate } from './commands/license-create.ts';
import { licenseBlockDevice } from './commands/license-block-device.ts';
import { licenseDeactivateDevice } from './commands/license-deactivate-device.ts';
import { licenseRefreshFile } from './commands/license-refresh-file.ts';
import { licenseRemoveUser } from './commands/license-remove-user.ts';
import { licenseReset } from './commands/license-reset.ts';
import { licenseResume } from './commands/license-resume.ts';
import { licenseSetPassword } from './commands/license-set-password.ts';
import { licenseSuspend } from './commands/license-suspend.ts';
import { licenseUnblockDevice } from './commands/license-unblock-device.ts';
import { olfIssue } from './commands/olf-issue.ts';
import { orderActivate } from './commands/order-activate.ts';
import { orderCreate } from './commands/order-create.ts';
import { productTrial } from './commands/product-trial.ts';
import { siteRegister } from './commands/site-register.ts';
import { sitesConnected } from './commands/sites-connected.ts';
import { staticLicensesList } from './commands/static-licenses-list.ts';
import { tokenIssue } from './commands/token-issue.ts';

/**
 * The authority's commands: running it, its keys, and the vendor's everyday operations against
 * it. A new command is a file under `commands/` and a line here.
 */
export const authorityCommands: readonly Command[] = [
  authorityStart,
  authorityKeysRotate,
  authorityKeysRevoke,
  authorityKeysExportRoot,
  authorityKeysExportEncryption,
  authorityBackup,
  authorityRestore,
  customerCreate,
  customerApprove,
  customerStaticLicenses,
  staticLicensesList,
  siteRegister,
  sitesConnected,
  tokenIssue,
  lfrUpload,
  olfIssue,
  orderCreate,
  orderActivate,
  licenseCreate,
  licenseRefreshFile,
  productTrial,
  licenseDeactivateDevice,
  licenseReset,
  licenseSuspend,
  licenseResume,
  licenseBlockDevice,
  licenseUnblockDevice,
  licenseRemoveUser,
  licenseSetPassword,
];

/** `airlock-authority`: the authority's commands, as the vendor's distribution carries them. */
export const authorityProgram: Program = {
  commands: authorityCommands,
  version: versionText(versionReport('authority')),
  notes: [`Commands that call the authority take --url (default ${DEFAULT_URL}, or AIRLOCK_URL) and --token (or AIRLOCK_TOKEN).`],
};
