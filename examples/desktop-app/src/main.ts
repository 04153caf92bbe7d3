import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runRenderApp } from './render-app.ts';

/**
 * The render tool's entry point. A real application ships the authority's root key and
 * encryption-key certificate inside itself; this example reads them from the files named by
 * RENDER_ROOT_KEY_FILE (the text of `airlock authority keys export-root`) and
 * RENDER_AUTHORITY_ENCRYPTION_KEY_FILE, and keeps its license in RENDER_STORE
 * (~/.render-studio/license by default). RENDER_AUTHORITY_URL enables the online commands.
 */
const env = process.env;
const required = (name: string): string => {
  const value = env[name];
  if (!value) {
    process.stderr.write(`render: set ${name}\n`);
    process.exit(2);
  }
  return value;
};

const { exitCode, output } = await runRenderApp(process.argv.slice(2), {
  rootKey: readFileSync(required('RENDER_ROOT_KEY_FILE'), 'utf8'),
  authorityEncryptionKey: readFileSync(required('RENDER_AUTHORITY_ENCRYPTION_KEY_FILE'), 'utf8').trim(),
  storePath: env.RENDER_STORE ?? join(homedir(), '.render-studio', 'license'),
  ...(env.RENDER_AUTHORITY_URL ? { authorityUrl: env.RENDER_AUTHORITY_URL } : {}),
});
process.stdout.write(`${output}\n`);
process.exitCode = exitCode;
