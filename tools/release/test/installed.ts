import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Running installed artefacts as an operator does, inside a network namespace that has a
 * loopback interface and nothing else: a holder process keeps the namespace, and every command
 * and server enters it with `nsenter`. Each process gets exactly the environment given (a
 * minimal PATH, no NODE_OPTIONS), never the test runner's.
 */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const BASE_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

export function run(command: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...BASE_ENV, ...options.env }, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Why the offline test cannot run here, or null when it can (root, Linux x64, `unshare -n` allowed). */
export async function whyNotHere(): Promise<string | null> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `the artefacts are for linux-x64, this is ${process.platform}-${process.arch}`;
  if (process.getuid?.() !== 0) return 'not root: network namespaces and dpkg -i need root';
  for (const tool of ['unshare', 'nsenter', 'ip', 'dpkg-deb', 'dpkg', 'setpriv', 'flock', 'xz']) {
    if ((await run('sh', ['-c', `command -v ${tool}`])).code !== 0) return `${tool} is not installed (.ci/run installs it)`;
  }
  const probe = await run('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up']);
  if (probe.code !== 0) return `unshare -n is refused here: ${probe.stderr.trim()}`;
  return null;
}

export interface Namespace {
  readonly pid: number;
  /** The command line that runs `command` inside the namespace. */
  enter(command: string, args: readonly string[]): [string, string[]];
  run(command: string, args: readonly string[], options?: { env?: Record<string, string>; cwd?: string }): Promise<Run>;
  close(): Promise<void>;
}

/** A network namespace with its loopback up and no other interface. */
export async function offlineNamespace(): Promise<Namespace> {
  const holder = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && echo up && exec sleep 3600'], { env: BASE_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    holder.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('up')) resolve();
    });
    holder.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    holder.once('exit', (code) => reject(new Error(`the namespace holder exited (${code}): ${said}`)));
  });
  const pid = holder.pid!;
  const enter = (command: string, args: readonly string[]): [string, string[]] => ['nsenter', [`--net=/proc/${pid}/ns/net`, '--', command, ...args]];
  return {
    pid,
    enter,
    run: (command, args, options) => run(...enter(command, args), options),
    async close() {
      if (holder.exitCode === null && holder.signalCode === null) {
        holder.kill('SIGKILL');
        await new Promise((resolve) => holder.once('exit', resolve));
      }
    },
  };
}

export interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  /** From spawning the command to its listening line. */
  readonly startMs: number;
  /** The executable the server's process runs (`/proc/<pid>/exe`). */
  readonly executable: string;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts a server command inside the namespace and waits for the line saying where it listens. */
export function startServer(namespace: Namespace, command: string, args: readonly string[], env: Record<string, string>, timeoutMs = 120_000): Promise<Server> {
  const started = performance.now();
  const child = spawn(...namespace.enter(command, args), { env: { ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not listen within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    let found = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = found ? null : /listening on (https?:\/\/\S+?)[ ;]/.exec(output);
      if (!match) return;
      found = true;
      clearTimeout(timer);
      const startMs = Math.round(performance.now() - started);
      void readlink(`/proc/${child.pid}/exe`).then((executable) => resolve({
        child, url: match[1]!, startMs, executable, output: () => output, stop,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      }), reject);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`${command} ${args.join(' ')} exited (${code ?? child.signalCode}) before listening:\n${output}`));
    });
  });
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly cookies: string[];
}

const HTTP_CLIENT = `
const [url, method, headers, body] = process.argv.slice(2);
const response = await fetch(url, { method, headers: JSON.parse(headers), ...(body ? { body } : {}) });
const text = await response.text();
process.stdout.write(JSON.stringify({ status: response.status, text, cookies: response.headers.getSetCookie() }));
`;

/** An HTTP client run inside the namespace, on the artefact's own Node.js (nothing else can reach its loopback). */
export async function httpClient(namespace: Namespace, node: string, scratch: string): Promise<<T = Record<string, unknown>>(method: string, url: string, options?: { headers?: Record<string, string>; json?: unknown }) => Promise<HttpAnswer<T>>> {
  const script = join(scratch, 'http-client.mjs');
  await writeFile(script, HTTP_CLIENT);
  return async <T>(method: string, url: string, options: { headers?: Record<string, string>; json?: unknown } = {}) => {
    const headers = { ...(options.json === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
    const answer = await namespace.run(node, [script, url, method, JSON.stringify(headers), options.json === undefined ? '' : JSON.stringify(options.json)]);
    if (answer.code !== 0) throw new Error(`${method} ${url} failed: ${answer.stderr}`);
    const { status, text, cookies } = JSON.parse(answer.stdout) as { status: number; text: string; cookies: string[] };
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status, body: body as T, cookies };
  };
}
