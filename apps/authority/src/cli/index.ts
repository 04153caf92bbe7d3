import { DEFAULT_URL, inGroup, type Command, type Program } from '@airlock/cli-kit';
import { versionReport, versionText } from '@airlock/core/version';
import { authorityAdminList } from './commands/authority-admin-list.ts';
import { authorityAdminResetPassword } from './commands/authority-admin-reset-password.ts';
import { authorityBackup } from './commands/authority-backup.ts';
import { authorityKeysExportEncryption } from './commands/authority-keys-export-encryption.ts';
import { authorityKeysExportRoot } from './commands/authority-keys-export-root.ts';
import { authorityKeysRevoke } from './commands/authority-keys-revoke.ts';
import { authorityKeysRotate } from './commands/authority-keys-rotate.ts';
import { authorityRestore } from './commands/authority-restore.ts';
import { authoritySsoAllowPasswords } from './commands/authority-sso-allow-passwords.ts';
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
import { customerList } from './commands/customer-list.ts';
import { customerPurchases } from './commands/customer-purchases.ts';
import { licenseList } from './commands/license-list.ts';
import { licenseShow } from './commands/license-show.ts';
import { licenseTypeCreate } from './commands/license-type-create.ts';
import { licenseTypeList } from './commands/license-type-list.ts';
import { login } from './commands/login.ts';
import { logout } from './commands/logout.ts';
import { offlineRequestCreate } from './commands/offline-request-create.ts';
import { offlineRequestList } from './commands/offline-request-list.ts';
import { policyCreate } from './commands/policy-create.ts';
import { policyList } from './commands/policy-list.ts';
import { productCreate } from './commands/product-create.ts';
import { productList } from './commands/product-list.ts';
import { offlineRequestApprove, offlineRequestDeny } from './commands/offline-request-decide.ts';
import { webhooksCreate } from './commands/webhooks-create.ts';
import { webhooksDeliveries, webhooksRedeliver } from './commands/webhooks-deliveries.ts';
import { webhooksList } from './commands/webhooks-list.ts';
import { webhooksRotateSecret } from './commands/webhooks-rotate-secret.ts';
import { webhooksDisable, webhooksEnable, webhooksUpdate } from './commands/webhooks-update.ts';

/** The headings of `airlock --help`, in the order of an operator's work. */
export const authorityGroups: readonly string[] = [
  'Sign in',
  'Catalogue and policies',
  'Customers',
  'Offline cycle',
  'Orders',
  'Devices',
  'Connected sites',
  'Webhooks',
  'Server',
  'Keys and backup',
];

/**
 * The authority's commands: running it, its keys, and the vendor's everyday operations against
 * it, under the headings `--help` shows. A new command is a file under `commands/` and a line here.
 */
export const authorityCommands: readonly Command[] = [
  ...inGroup('Sign in', [login, logout]),
  ...inGroup('Catalogue and policies', [productCreate, productList, licenseTypeCreate, licenseTypeList, policyCreate, policyList, productTrial]),
  ...inGroup('Customers', [customerCreate, customerList, customerPurchases]),
  ...inGroup('Offline cycle', [
    offlineRequestCreate,
    offlineRequestList,
    offlineRequestApprove,
    offlineRequestDeny,
    customerApprove,
    siteRegister,
    tokenIssue,
    lfrUpload,
    olfIssue,
  ]),
  ...inGroup('Orders', [orderCreate, orderActivate, customerStaticLicenses, staticLicensesList]),
  ...inGroup('Devices', [
    licenseCreate,
    licenseList,
    licenseShow,
    licenseRefreshFile,
    licenseDeactivateDevice,
    licenseReset,
    licenseSuspend,
    licenseResume,
    licenseBlockDevice,
    licenseUnblockDevice,
    licenseRemoveUser,
    licenseSetPassword,
  ]),
  ...inGroup('Connected sites', [sitesConnected]),
  ...inGroup('Webhooks', [
    webhooksList,
    webhooksCreate,
    webhooksUpdate,
    webhooksEnable,
    webhooksDisable,
    webhooksRotateSecret,
    webhooksDeliveries,
    webhooksRedeliver,
  ]),
  ...inGroup('Server', [authorityStart, authorityAdminList, authorityAdminResetPassword, authoritySsoAllowPasswords]),
  ...inGroup('Keys and backup', [
    authorityKeysRotate,
    authorityKeysRevoke,
    authorityKeysExportRoot,
    authorityKeysExportEncryption,
    authorityBackup,
    authorityRestore,
  ]),
];

/** `airlock-authority`: the authority's commands, as the vendor's distribution carries them. */
export const authorityProgram: Program = {
  commands: authorityCommands,
  version: versionText(versionReport('authority')),
  groups: authorityGroups,
  notes: [
    `Commands that call the authority take --url (default ${DEFAULT_URL}, or AIRLOCK_URL) and --token (or AIRLOCK_TOKEN), else what airlock login stored.`,
  ],
};
