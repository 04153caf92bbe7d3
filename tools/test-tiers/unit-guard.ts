import net from 'node:net';
import { guard, guardChildProcesses } from './guard.ts';

/**
 * The unit tier's set-up file (docs/testing.md): a unit test is pure, and this holds it to that.
 * Starting a child process (and so a browser), listening on or connecting to the network (and so
 * PostgreSQL), or compiling WebAssembly (and so PGlite, the embedded database) throws, with the
 * way out: name the file `*.integration.test.ts` or `*.e2e.test.ts` (tools/test-tiers/tiers.ts).
 * Node's own `fetch` (undici) compiles its HTTP parser as WebAssembly the first time it makes a
 * client, which a unit test of a client with a stubbed transport may trigger: that is let through.
 */
function refuse(what: string): Error {
  return new Error(
    `a unit test may not ${what}: this file belongs to another tier — name it *.integration.test.ts ` +
      '(a database, HTTP listening in process) or *.e2e.test.ts (child processes, a browser); see docs/testing.md',
  );
}

guardChildProcesses(refuse);

guard(net.Server.prototype, 'listen', () => refuse('listen on the network'));
guard(net.Socket.prototype, 'connect', () => refuse('connect over the network (PostgreSQL, a server)'));

// The project's types have no WebAssembly (no DOM library); the global is there all the same.
const webAssembly = Reflect.get(globalThis, 'WebAssembly') as object;
for (const key of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'Module', 'Instance']) {
  guard(webAssembly, key, () => refuse(`run WebAssembly (WebAssembly.${key}: PGlite, the embedded database)`), /node:internal\/deps\/undici/);
}
