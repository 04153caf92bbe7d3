import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/** The smallest WebAssembly module: its magic number and version. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
/** The project's types have no WebAssembly (no DOM library); the global is there all the same. */
const webAssembly = Reflect.get(globalThis, 'WebAssembly') as { compile(bytes: Uint8Array): Promise<unknown>; Module: new (bytes: Uint8Array) => unknown };

/**
 * The unit tier's guard (tools/test-tiers/unit-guard.ts), which this file runs under: what a unit
 * test may not do is refused with the way out, and Node's own fetch still works.
 */
describe("the unit tier's guard", () => {
  it('refuses child processes, listening and WebAssembly, naming the tiers to move to', async () => {
    expect(() => spawn('true')).toThrow(/may not start a child process .*\*\.e2e\.test\.ts/);
    expect(() => createServer().listen(0)).toThrow(/may not listen on the network/);
    await expect(async () => webAssembly.compile(EMPTY_MODULE)).rejects.toThrow(/may not run WebAssembly/);
    expect(() => new webAssembly.Module(EMPTY_MODULE)).toThrow(/may not run WebAssembly/);
  });

  it("lets Node's fetch make its client, whose HTTP parser is WebAssembly (the connection itself is still refused)", async () => {
    const failure = await fetch('http://127.0.0.1:40000/').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect(String((failure as TypeError).cause)).toMatch(/may not connect over the network/);
  });
});
