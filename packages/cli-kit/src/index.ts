/**
 * What Airlock's command-line programs share: the runner (arguments, `--help`, `--version`, exit
 * codes, refusals printed with their code), the command shape, the authority's HTTP API as a
 * client, and reading and writing the documents a command names. No dependency but Node.
 */
export { exitCodes, runProgram, type Program } from './main.ts';
export {
  CliFailure,
  flag,
  inGroup,
  list,
  option,
  required,
  segment,
  UsageError,
  type Command,
  type CommandContext,
  type Input,
  type Io,
  type Options,
  type Outcome,
} from './command.ts';
export { ApiClient, ApiRefusal, DEFAULT_URL, type Problem } from './api-client.ts';
export { readDocument, withoutText, writeDocument } from './files.ts';
export { download } from './download.ts';
export { restoreCommand } from './restore-command.ts';
export { credentialsPath, readCredentials, removeCredentials, writeCredentials, type StoredCredentials } from './credentials.ts';
