#!/usr/bin/env node
// The site's command line, compiled to JavaScript (`npm run build`): plain Node, no TypeScript at run time.
import process from 'node:process';
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
