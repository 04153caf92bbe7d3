import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from '../../../tools/release/node-runtime.ts';

/**
 * The SDK as an application's developer gets it: the tarballs `npm pack` makes of @airlock/sdk
 * and @airlock/core, installed in a project outside the repository (no workspace link), used
 * from plain Node, type-checked by a strict TypeScript consumer and bundled by esbuild.
 */
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string) => join(repository, 'node_modules', '.bin', name);
const buildLock = join(repository, 'node_modules', '.airlock-build.lock');
// Installing and compiling take seconds each, more on a loaded machine.
const SLOW = 240_000;

interface Run {
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // NODE_OPTIONS is cleared: the test runner's source condition must not reach the scratch project.
    execFile(command, [...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

interface PackedFile {
  readonly path: string;
}
interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

/** A consumer as an application would write it: open the store, check, activate offline with the test vendor, check again. */
const consumer = (language: 'js' | 'ts') => `
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Airlock, isAirlockError${language === 'ts' ? ', type CheckResult' : ''} } from '@airlock/sdk';
import { issueDeviceLicenseFile, minutes, openDeviceActivationRequest } from '@airlock/core';
import { createTestAuthority } from '@airlock/core/testing';

async function main()${language === 'ts' ? ': Promise<void>' : ''} {
  const vendor = await createTestAuthority('packed-vendor');
  const storePath = join(mkdtempSync(join(tmpdir(), 'airlock-packed-store-')), 'studio.license');
  const airlock = await Airlock.open({ product: 'studio', rootKey: vendor.root.publicJwk, authorityEncryptionKey: vendor.encryptionCertificate, storePath, fingerprint: 'device-a' });
  const fresh${language === 'ts' ? ': CheckResult' : ''} = airlock.check();
  const request = await airlock.createActivationRequest({ licenseKey: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' });
  const opened = await openDeviceActivationRequest(request, { now: new Date(), rootKid: vendor.root.kid, encryptionKey: vendor.encryptionKey });
  const terms = {
    licenseId: 'lic-packed', licenseKind: 'term', revision: 1, validUntil: new Date(Date.now() + 365 * 86_400_000),
    entitlements: { features: ['export'], meters: [] }, metadata: [], checks: { allowOffline: true, clockSkewTolerance: minutes(5) },
  }${language === 'ts' ? ' satisfies Parameters<typeof issueDeviceLicenseFile>[1]' : ''};
  const random = { bytes: (n${language === 'ts' ? ': number' : ''}) => new Uint8Array(randomBytes(n)) };
  const issued = await issueDeviceLicenseFile(opened, terms, { now: new Date(), random, signer: vendor.signer });
  await airlock.installLicenseFile(issued.text);
  const activated = airlock.check();
  let refusal = '';
  try {
    await airlock.installLicenseFile('not a license');
  } catch (error) {
    refusal = isAirlockError(error) ? error.code : 'not an AirlockError';
  }
  console.log(JSON.stringify({
    fresh: fresh.ok ? 'ok' : fresh.code,
    activated: activated.ok ? activated.license.licenseId : activated.code,
    export: airlock.hasFeature('export'),
    print: airlock.hasFeature('print'),
    refusal,
  }));
}

await main();
`;

describe('@airlock/sdk from its tarball, outside the repository', () => {
  let scratch = '';
  let packed: Packed[] = [];

  beforeAll(async () => {
    // The tarballs carry dist/: build the SDK and the core (tsc -b does nothing when they are current).
    // Building and packing hold the build lock, as the release build does (tools/release/release.ts):
    // two compilers writing one dist/ at once can leave a half-written file in a tarball.
    await run('flock', [buildLock, bin('tsc'), '-b', 'packages/sdk/tsconfig.build.json'], repository);
    scratch = await mkdtemp(join(tmpdir(), 'airlock-packed-sdk-'));
    const tarballs = join(scratch, 'tarballs');
    await mkdir(tarballs);
    const { stdout } = await run(
      'flock',
      [buildLock, 'npm', 'pack', '--json', '--pack-destination', tarballs, '-w', 'packages/core', '-w', 'packages/sdk'],
      repository,
    );
    packed = JSON.parse(stdout) as Packed[];
    const project = join(scratch, 'app');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'packed-sdk-consumer', private: true, type: 'module' }));
    // @types/node at the version the repository uses: a TypeScript consumer of a Node library has it.
    const typesNode = JSON.parse(await readFile(join(repository, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string };
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...packed.map((pack) => join(tarballs, pack.filename)),
        `@types/node@${typesNode.version}`,
      ],
      project,
    );
  }, SLOW);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('packs dist, types and the documents, and no test, source or build state', () => {
    expect(packed.map((pack) => pack.name).sort()).toEqual(['@airlock/core', '@airlock/sdk']);
    for (const pack of packed) {
      const paths = pack.files.map((file) => file.path);
      expect(paths).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/index.d.ts', 'CHANGELOG.md']));
      expect(paths.filter((path) => /\.test\.|(^|\/)tests?\/|\.tsbuildinfo$|^src\//.test(path))).toEqual([]);
    }
    expect(packed.find((pack) => pack.name === '@airlock/sdk')!.files.map((file) => file.path)).toContain('README.md');
  });

  it('installs as a copy, not a link to the repository', async () => {
    const installed = JSON.parse(await readFile(join(scratch, 'app/node_modules/@airlock/sdk/package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    expect(installed.exports['.']!.default).toBe('./dist/index.js');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', 'console.log(import.meta.resolve("@airlock/sdk"))'], join(scratch, 'app'));
    expect(stdout.trim()).toBe(`file://${join(scratch, 'app/node_modules/@airlock/sdk/dist/index.js')}`);
  });

  // The Node.js lines the tarballs are for (README, "The SDK from its tarball"): the one running
  // the tests, and the official builds of the others (tools/release/node-runtime.ts).
  it.each(['this', '22', '24'] as const)(
    'runs from plain Node (%s): NOT_ACTIVATED on a fresh store, then a license the test vendor issued',
    async (line) => {
      const node = line === 'this' ? process.execPath : (await nodeRuntime(line)).node;
      const app = join(scratch, 'app');
      await writeFile(join(app, 'consumer.mjs'), consumer('js'));
      const { stdout } = await run(node, ['consumer.mjs'], app);
      expect(JSON.parse(stdout)).toEqual({ fresh: 'NOT_ACTIVATED', activated: 'lic-packed', export: true, print: false, refusal: 'DEVICE_ALREADY_ACTIVATED' });
    },
    SLOW,
  );

  it(
    'type-checks a strict TypeScript consumer against the published declarations',
    async () => {
      const app = join(scratch, 'app');
      await writeFile(join(app, 'consumer.ts'), consumer('ts'));
      await writeFile(join(app, 'wrong.ts'), "import { Airlock } from '@airlock/sdk';\nexport const wrong: string = Airlock.open;\n");
      const options = ['--strict', '--noEmit', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node'];
      // One compilation of both: the consumer compiles, and the declarations are real types, so a wrong use does not.
      const failure = await run(bin('tsc'), [...options, 'consumer.ts', 'wrong.ts'], app).then(
        () => null,
        (error: unknown) => (error as Error).message,
      );
      const errors = (failure ?? '').split('\n').filter((line) => /error TS\d+/.test(line));
      expect(errors).toEqual([expect.stringMatching(/^wrong\.ts\(2,14\): error TS2322: /)]);
    },
    SLOW,
  );

  it(
    'bundles into one CommonJS file, as an Electron application would ship it, that runs alone',
    async () => {
      const app = join(scratch, 'app');
      await writeFile(join(app, 'consumer.ts'), consumer('ts').replace('await main();', 'void main();'));
      const outfile = join(scratch, 'bundle', 'main.cjs');
      await build({
        entryPoints: [join(app, 'consumer.ts')],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile,
        logLevel: 'error',
        absWorkingDir: app,
      });
      // Alone: no node_modules beside it.
      const { stdout } = await run(process.execPath, [outfile], join(scratch, 'bundle'));
      expect(JSON.parse(stdout)).toEqual({ fresh: 'NOT_ACTIVATED', activated: 'lic-packed', export: true, print: false, refusal: 'DEVICE_ALREADY_ACTIVATED' });
    },
    SLOW,
  );
});
