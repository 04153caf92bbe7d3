import type { Command } from '../command.ts';
import { authorityKeysExportRoot } from './authority-keys-export-root.ts';
import { authorityKeysRevoke } from './authority-keys-revoke.ts';
import { authorityKeysRotate } from './authority-keys-rotate.ts';
import { authorityStart } from './authority-start.ts';
import { customerApprove } from './customer-approve.ts';
import { customerCreate } from './customer-create.ts';
import { lfrUpload } from './lfr-upload.ts';
import { olfIssue } from './olf-issue.ts';
import { siteRegister } from './site-register.ts';
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
];
