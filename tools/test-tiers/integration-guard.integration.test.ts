import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/**
 * The integration tier's guard (tools/test-tiers/integration-guard.ts), which this file runs
 * under: a child process is refused with the way out; listening in the process is allowed.
 */
describe("the integration tier's guard", () => {
  it('refuses child processes, naming the e2e tier', () => {
    expect(() => spawn('true')).toThrow(/an integration test may not start a child process \(child_process\.spawn\).*\*\.e2e\.test\.ts/);
    expect(() => execFile('true')).toThrow(/may not start a child process \(child_process\.execFile\)/);
  });

  it('lets the test listen on loopback', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(server.address()).toMatchObject({ address: '127.0.0.1' });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
