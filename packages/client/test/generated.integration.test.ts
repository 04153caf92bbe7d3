import { describe, expect, it } from 'vitest';
import { GENERATE_COMMAND, generatedClientFiles, staleFiles } from '../../../tools/client/generate-client.ts';

/**
 * The committed types of @airlock/client are what the servers serve now: both apps are built in
 * process, their OpenAPI documents read and the types made again in memory, and any difference
 * (a route added, a schema changed) fails here with the command that brings the files up to date.
 */
describe('the generated client types', () => {
  it('are those of the OpenAPI documents the authority and the site serve now', async () => {
    const files = await generatedClientFiles();
    expect(files.map((file) => file.path)).toEqual(['packages/client/src/generated/authority.ts', 'packages/client/src/generated/site.ts']);
    const stale = await staleFiles(files);
    expect(stale, `The API changed but the committed client types did not: run \`${GENERATE_COMMAND}\` and commit ${stale.join(' and ')}.`).toEqual([]);
  });

  it('come out the same however often they are made', async () => {
    const [first, second] = [await generatedClientFiles(), await generatedClientFiles()];
    expect(second).toEqual(first);
  });
});
