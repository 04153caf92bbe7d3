import type { Command } from '../command.ts';
import { authorityKeysExportEncryption } from './authority-keys-export-encryption.ts';
import { authorityKeysExportRoot } from './authority-keys-export-root.ts';
import { authorityKeysRevoke } from './authority-keys-revoke.ts';
import { authorityKeysRotate } from './authority-keys-rotate.ts';
import { authorityBackup } from './authority-backup.ts';
import { authorityRestore } from './authority-restore.ts';
import { authorityStart } from './authority-start.ts';
import { customerApprove } from './customer-approve.ts';
import { customerCreate } from './customer-create.ts';
import { lfrUpload } from './lfr-upload.ts';
import { licenseCreate } from './license-create.ts';
import { licenseRefreshFile } from './license-refresh-file.ts';
import { olfIssue } from './olf-issue.ts';
import { orderActivate } from './order-activate.ts';
import { orderCreate } from './order-create.ts';
import { siteAccountCreate } from './site-account-create.ts';
import { siteBackup } from './site-backup.ts';
import { siteRestore } from './site-restore.ts';
import { siteAccountDisable } from './site-account-disable.ts';
import { siteAccountList } from './site-account-list.ts';
import { siteAccountResetPassword } from './site-account-reset-password.ts';
import { siteKeyCreate } from './site-key-create.ts';
import { siteKeyList } from './site-key-list.ts';
import { siteKeyRevoke } from './site-key-revoke.ts';
import { siteRegister } from './site-register.ts';
import { siteDeprovision } from './site-deprovision.ts';
import { siteInit } from './site-init.ts';
import { siteLfrGenerate } from './site-lfr-generate.ts';
import { siteLicenseInstall } from './site-license-install.ts';
import { siteOlfInstall } from './site-olf-install.ts';
import { siteReassign } from './site-reassign.ts';
import { siteStart } from './site-start.ts';
import { siteStatus } from './site-status.ts';
import { siteTenantAdd } from './site-tenant-add.ts';
import { siteTenantList } from './site-tenant-list.ts';
import { siteTokenInstall } from './site-token-install.ts';
import { siteUsage } from './site-usage.ts';
import { tokenIssue } from './token-issue.ts';

/** Every verb, in the order `airlock --help` lists them. */
export const commands: readonly Command[] = [
  authorityStart,
  authorityKeysRotate,
  authorityKeysRevoke,
  authorityKeysExportRoot,
  authorityKeysExportEncryption,
  customerCreate,
  customerApprove,
  siteRegister,
  tokenIssue,
  lfrUpload,
  olfIssue,
  orderCreate,
  orderActivate,
  licenseCreate,
  licenseRefreshFile,
  siteInit,
  siteStart,
  siteTenantAdd,
  siteTenantList,
  siteTokenInstall,
  siteLfrGenerate,
  siteOlfInstall,
  siteLicenseInstall,
  siteStatus,
  siteUsage,
  siteDeprovision,
  siteReassign,
  siteAccountCreate,
  siteAccountList,
  siteAccountDisable,
  siteAccountResetPassword,
  siteKeyCreate,
  siteKeyList,
  siteKeyRevoke,
  siteBackup,
  siteRestore,
  authorityBackup,
  authorityRestore,
];
