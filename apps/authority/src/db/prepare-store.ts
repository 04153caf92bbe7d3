import { join } from 'node:path';
import { storeTemplate, templateCacheDir, templateName } from './store-template.ts';

/**
 * Makes the embedded store's template ahead of the first start (`npm run prepare-store -w
 * @airlock/authority`; also run after `npm ci`), so that a new data directory opens in seconds.
 * Never fails the install: without it, the first start makes the template itself.
 */
const started = performance.now();
try {
  await storeTemplate();
  process.stdout.write(
    `airlock: embedded store template ready in ${join(templateCacheDir(), templateName())} (${Math.round(performance.now() - started)} ms)\n`,
  );
} catch (error) {
  process.stdout.write(`airlock: no embedded store template made (${error instanceof Error ? error.message : String(error)}); the first start will make it\n`);
}
