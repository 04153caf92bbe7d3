import type { Command } from '../command.ts';
import { authorityKeysExportRoot } from './authority-keys-export-root.ts';
import { authorityKeysRevoke } from './authority-keys-revoke.ts';
import { authorityKeysRotate } from './authority-keys-rotate.ts';
import { authorityStart } from './authority-start.ts';
import { customerApprove } from './customer-approve.ts';
import { customerCreate } from './customer-create.ts';
import { lfrUpload } from './lfr-upload.ts';
import { licenseCreate } from './license-create.ts';
import { licenseRefreshFile } from './license-refresh-file.ts';
import { olfIssue } from './olf-issue.ts';
import { orderActivate } from './order-activate.ts';
import { orderCreate } from './order-create.ts';
import { siteRegister } from './site-register.ts';
import { siteDeprovision } from './site-deprovision.ts';
import { siteInit } from './site-init.ts';
import { siteLfrGenerate } from './site-lfr-generate.ts';
import { siteOlfInstall } from './site-olf-install.ts';
import { siteReassign } from './site-reassign.ts';
import { siteStart } from './site-start.ts';
import { siteStatus } from './site-status.ts';
import { siteTenantAdd } from './site-tenant-add.ts';
import { siteTokenInstall } from './site-token-install.ts';
import { siteUsage } from './site-usage.ts';
import { tokenIssue } from './token-issue.ts';

/** Every verb, in the order `airlock --help` lists them. */
export const commands: readonly Command[] = [
  authorityStart,
  authorityKeysRotate,
  authorityKeysRevoke,
  authorityKeysExportRoot,
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
  siteTokenInstall,
  siteLfrGenerate,
  siteOlfInstall,
  siteStatus,
  siteUsage,
  siteDeprovision,
  siteReassign,
];
