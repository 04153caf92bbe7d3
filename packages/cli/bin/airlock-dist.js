#!/usr/bin/env node
// The workspace's `airlock` on the compiled dist/ (`npm run build` first): each command line goes to
// the distribution's command that has it, as a launcher named `airlock` would send it — `site register`
// to `airlock-authority`, every other `site …` to `airlock-site`, everything else to
// `airlock-authority` (docs/building.md). The end-to-end tests run it in place of `airlock.js`.
import process from 'node:process';

const [first, second] = process.argv.slice(2);
const site = first === 'site' && second !== 'register';
await import(site ? '../../../apps/site/bin/airlock-site.js' : '../../../apps/authority/bin/airlock-authority.js');
