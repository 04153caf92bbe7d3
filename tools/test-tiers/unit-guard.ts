import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

/**
 * The unit tier's set-up file (docs/testing.md): a unit test is pure, and this holds it to that.
 * Starting a child process (and so a browser), listening on or connecting to the network (and so
 * PostgreSQL), or compiling WebAssembly (and so PGlite, the embedded database) throws, with the
 * way out: name the file `*.integration.test.ts` or `*.e2e.test.ts` (tools/test-tiers/tiers.ts).
 * Only the test's own process is guarded; vitest's worker talks to vitest over a channel opened
 * before this runs.
 */
function refuse(what: string): never {
  throw new Error(
    `a unit test may not ${what}: this file belongs to another tier — name it *.integration.test.ts ` +
      '(a database, HTTP listening in process) or *.e2e.test.ts (child processes, a browser); see docs/testing.md',
  );
}

/** Marks a refusing function, process-wide: set-up files run again in a reused worker. */
const refusingMark = Symbol.for('airlock.test-tiers.refusing');

/**
 * Replaces `object[key]` by a function that refuses (once), unless the caller's stack matches
 * `allowedFrom`: Node's own `fetch` (undici) compiles its HTTP parser as WebAssembly the first
 * time it makes a client, which a unit test of a client with a stubbed transport may trigger.
 */
function guard(object: object, key: string, what: string, allowedFrom?: RegExp): void {
  const current: unknown = Reflect.get(object, key);
  if (typeof current !== 'function' || refusingMark in current) return;
  const original = current as (...args: unknown[]) => unknown;
  const refusing = Object.assign(
    function refusing(this: unknown, ...args: unknown[]): unknown {
      if (allowedFrom === undefined || !allowedFrom.test(new Error().stack ?? '')) refuse(what);
      return new.target === undefined ? Reflect.apply(original, this, args) : Reflect.construct(original, args, new.target);
    },
    { [refusingMark]: true },
  );
  Object.defineProperty(object, key, { value: refusing, writable: true, configurable: true, enumerable: true });
}

for (const key of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  guard(childProcess, key, `start a child process (child_process.${key})`);
}
// Named imports of a built-in module (`import { spawn } from 'node:child_process'`) see the change.
syncBuiltinESMExports();

guard(net.Server.prototype, 'listen', 'listen on the network');
guard(net.Socket.prototype, 'connect', 'connect over the network (PostgreSQL, a server)');

// The project's types have no WebAssembly (no DOM library); the global is there all the same.
const webAssembly = Reflect.get(globalThis, 'WebAssembly') as object;
for (const key of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'Module', 'Instance']) {
  guard(webAssembly, key, `run WebAssembly (WebAssembly.${key}: PGlite, the embedded database)`, /node:internal\/deps\/undici/);
}
