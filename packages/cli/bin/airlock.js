#!/usr/bin/env node
// The CLI is TypeScript source, like the rest of the monorepo: tsx loads it without a build step.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
