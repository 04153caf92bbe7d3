import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { admin } from './harness.ts';

/**
 * The embedded store keeps every write it acknowledged through a power cut. The authority's data
 * directory lives on an ext4 file system on a loop device; while clients create customers, the
 * file system is shut down the way a power cut leaves it (EXT4_IOC_SHUTDOWN with NOLOGFLUSH:
 * nothing more reaches the disk, not even the journal), the process is killed with SIGKILL, the
 * file system is checked and mounted again, and a new process must find every customer whose
 * creation was answered 201. Needs root, loop devices and ext4 (CI runs as root); where the
 * kernel or the container refuses them, the test says so and is skipped.
 */
const exec = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serve = fileURLToPath(new URL('./replica/serve.ts', import.meta.url));

/** _IOR('X', 125, __u32) with EXT4_GOING_FLAGS_NOLOGFLUSH (2), from Python: no compiler needed. */
const SHUTDOWN_AS_POWER_LOSS = [
  '-c',
  'import fcntl, os, struct, sys\nfd = os.open(sys.argv[1], os.O_RDONLY)\nfcntl.ioctl(fd, 0x8004587D, struct.pack("I", 2))',
];

const CLIENTS = 16;
/** Customers answered 201 before the power is cut. */
const ACKNOWLEDGED_BEFORE_CUT = 150;

interface Server {
  readonly process: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--conditions=airlock-source', '--import', 'tsx', serve], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', AIRLOCK_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (line) resolve({ process: child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, exited });
    });
    void exited.then(() => reject(new Error(`the authority exited before listening:\n${errors}`)));
  });
}

async function killHard(server: Server | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return;
  server.process.kill('SIGKILL');
  await server.exited;
}

/** An ext4 file system on a loop device over a sparse file, mounted in a temporary directory. */
class LoopFileSystem {
  device: string | null = null;
  mounted = false;
  private constructor(
    readonly root: string,
    readonly image: string,
    readonly mountPoint: string,
  ) {}

  /** Makes and mounts it; resolves with why not when the machine refuses. */
  static async make(): Promise<LoopFileSystem | string> {
    if (process.platform !== 'linux') return 'loop devices and ext4 need Linux';
    if (process.getuid?.() !== 0) return 'loop devices and mounting need root';
    const root = await mkdtemp(join(tmpdir(), 'airlock-power-loss-'));
    const rig = new LoopFileSystem(root, join(root, 'disk.img'), join(root, 'mnt'));
    try {
      await exec('truncate', ['-s', '512M', rig.image]);
      await mkdir(rig.mountPoint);
      rig.device = (await exec('losetup', ['-f', '--show', rig.image])).stdout.trim();
      await exec('mkfs.ext4', ['-q', '-F', rig.device]);
      await rig.mount();
      return rig;
    } catch (error) {
      await rig.dispose();
      return `the kernel or the container refuses a loop-mounted ext4 file system: ${(error as Error).message.split('\n')[0] ?? ''}`;
    }
  }

  async mount(): Promise<void> {
    await exec('mount', ['-t', 'ext4', this.device ?? '', this.mountPoint]);
    this.mounted = true;
  }

  async unmount(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await exec('umount', [this.mountPoint]);
        this.mounted = false;
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** Cuts the power under the file system: whatever is not on disk yet never will be. */
  async cutPower(): Promise<void> {
    await exec('python3', [...SHUTDOWN_AS_POWER_LOSS, this.mountPoint]);
  }

  /** e2fsck's exit code: 0 clean, 1 errors corrected (a replayed journal), 4 and up errors left. */
  async check(): Promise<number> {
    try {
      await exec('e2fsck', ['-f', '-y', this.device ?? '']);
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? 8;
    }
  }

  async dispose(): Promise<void> {
    if (this.mounted) await exec('umount', ['-l', this.mountPoint]).catch(() => undefined);
    if (this.device) await exec('losetup', ['-d', this.device]).catch(() => undefined);
    await rm(this.root, { recursive: true, force: true });
  }
}

async function post(url: string, body: object): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(admin) },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

function createCustomer(url: string, id: string): Promise<number> {
  return post(`${url}/v1/customers`, { id, name: `Customer ${id}`, contactEmail: `it@${id}.test`, accountEndsOn: '2030-12-31', policyId: 'standard' });
}

describe('the embedded store through a power cut', () => {
  let rig: LoopFileSystem | undefined;
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await killHard(server);
    await rig?.dispose();
    rig = undefined;
  });

  it('keeps every customer whose creation was answered 201, after fsck and a restart', async (context) => {
    const made = await LoopFileSystem.make();
    if (typeof made === 'string') return context.skip(made);
    rig = made;
    const dataDir = join(rig.mountPoint, 'authority');

    const first = await startServer(dataDir);
    servers.push(first);
    expect(await post(`${first.url}/v1/policies`, { id: 'standard', name: 'Standard' })).toBe(201);
    const load = createCustomersUntil(first.url, ACKNOWLEDGED_BEFORE_CUT);
    await load.reached;

    // The power goes with requests in flight; the process dies with it.
    let refused: Error | null = null;
    const mounted = rig;
    const answered = await load.stop(async () => {
      await mounted.cutPower().catch((error: unknown) => (refused = error as Error));
      await killHard(first);
    });
    if (refused) return context.skip(`the kernel refuses EXT4_IOC_SHUTDOWN: ${(refused as Error).message.split('\n')[0] ?? ''}`);
    expect(answered.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_CUT);

    await rig.unmount();
    expect(await rig.check()).toBeLessThan(4);
    await rig.mount();

    const second = await startServer(dataDir);
    servers.push(second);
    const missing = await missingCustomers(second.url, answered);
    expect(missing, `${missing.length} of ${answered.length} acknowledged customers are gone`).toEqual([]);
    // And the store takes new writes after the cut.
    expect(await createCustomer(second.url, 'after-the-cut')).toBe(201);
  }, 240_000);
});

describe('the embedded store through kill -9', () => {
  let root: string | undefined;
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await killHard(server);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('keeps every customer whose creation was answered 201 when the process is killed under load', async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-kill-'));
    const dataDir = join(root, 'authority');
    const first = await startServer(dataDir);
    servers.push(first);
    expect(await post(`${first.url}/v1/policies`, { id: 'standard', name: 'Standard' })).toBe(201);
    const load = createCustomersUntil(first.url, ACKNOWLEDGED_BEFORE_CUT);
    await load.reached;
    const answered = await load.stop(() => killHard(first));

    const second = await startServer(dataDir);
    servers.push(second);
    expect(await missingCustomers(second.url, answered)).toEqual([]);
    expect(await createCustomer(second.url, 'after-the-kill')).toBe(201);
  }, 240_000);
});

/**
 * CLIENTS clients create customers until `target` were answered 201 (`reached`), and on until
 * `stop(end)` ends the server under them; `stop` resolves with every id answered 201. Before the
 * end, any other answer fails the test.
 */
function createCustomersUntil(url: string, target: number): { reached: Promise<void>; stop(end: () => Promise<void>): Promise<string[]> } {
  const acknowledged: string[] = [];
  let ending = false;
  let reachedTarget!: () => void;
  const reached = new Promise<void>((resolve) => (reachedTarget = resolve));
  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; !ending; n++) {
      const id = `c${client}-${n}`;
      const status = await createCustomer(url, id).catch(() => null);
      if (status === 201) acknowledged.push(id);
      else if (!ending) throw new Error(`creating ${id} answered ${status} before the end`);
      if (acknowledged.length >= target) reachedTarget();
    }
  });
  const all = Promise.all(clients);
  void all.catch(() => undefined); // awaited by `reached` and `stop`
  return {
    reached: Promise.race([reached, all.then(() => undefined)]),
    async stop(end) {
      ending = true;
      await end();
      await all;
      return [...acknowledged];
    },
  };
}

async function missingCustomers(url: string, ids: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (let at = 0; at < ids.length; at += CLIENTS) {
    await Promise.all(
      ids.slice(at, at + CLIENTS).map(async (id) => {
        const response = await fetch(`${url}/v1/customers/${id}`, { headers: { 'x-test-principal': JSON.stringify(admin) } });
        await response.arrayBuffer();
        if (response.status !== 200) missing.push(id);
      }),
    );
  }
  return missing;
}
