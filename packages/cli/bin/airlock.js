#!/usr/bin/env node
// The workspace's `airlock`: TypeScript source, loaded by tsx without a build step, with the
// workspace packages resolved to their source. The servers' own commands, compiled, are
// `airlock-site` (apps/site) and `airlock-authority` (apps/authority).
import { register } from 'node:module';
import process from 'node:process';
import { register as registerTsx } from 'tsx/esm/api';

register('./source-condition.js', import.meta.url);
registerTsx();
const { main } = await import('../src/workspace-program.ts');
process.exitCode = await main(process.argv.slice(2));
