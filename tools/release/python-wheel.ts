/**
 * The Python device SDK's wheel, `airlock_sdk-<version>-py3-none-any.whl` (sdks/python), written
 * directly as the zip the wheel format describes (PEP 427, PEP 376 RECORD, core metadata 2.1):
 * no PyPI and no Python build tool is involved, and the bytes depend only on the sources and the
 * release's epoch — the same sources give the same wheel. Pure Python, so one wheel fits every
 * platform.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export const PYTHON_SDK_DIR = 'sdks/python';
const PACKAGE = 'airlock_sdk';

/** The version `pyproject.toml` gives the SDK; the release refuses a wheel whose version differs from its own. */
export async function pythonSdkVersion(repository: string): Promise<string> {
  const pyproject = await readFile(join(repository, PYTHON_SDK_DIR, 'pyproject.toml'), 'utf8');
  const version = /^version\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1];
  if (!version) throw new Error(`${PYTHON_SDK_DIR}/pyproject.toml has no version`);
  return version;
}

/** The wheel's file name for a version. */
export function wheelName(version: string): string {
  return `${PACKAGE}-${version}-py3-none-any.whl`;
}

/** PEP 376's digest: `sha256=` and the unpadded urlsafe base64 of the SHA-256. */
function recordDigest(bytes: Buffer): string {
  return `sha256=${createHash('sha256').update(bytes).digest('base64url')}`;
}

/** The package's modules (no caches), sorted. */
async function packageFiles(repository: string): Promise<{ path: string; bytes: Buffer }[]> {
  const dir = join(repository, PYTHON_SDK_DIR, PACKAGE);
  const names = (await readdir(dir)).filter((name) => name.endsWith('.py')).sort();
  return Promise.all(names.map(async (name) => ({ path: `${PACKAGE}/${name}`, bytes: await readFile(join(dir, name)) })));
}

function metadata(version: string, readme: string): string {
  return [
    'Metadata-Version: 2.1',
    'Name: airlock-sdk',
    `Version: ${version}`,
    'Summary: Airlock device SDK: license checks, activation and refresh by files or online, for software that runs where the internet does not reach',
    'License: Apache-2.0',
    'Requires-Python: >=3.11',
    'Requires-Dist: cryptography>=38',
    'Classifier: Programming Language :: Python :: 3',
    'Classifier: License :: OSI Approved :: Apache Software License',
    'Description-Content-Type: text/markdown',
    '',
    readme,
  ].join('\n');
}

/** DOS date and time of an instant (UTC), as zip headers carry them; 1980-01-01 at the earliest. */
function dosTime(epochSeconds: number): { date: number; time: number } {
  const at = new Date(Math.max(epochSeconds * 1000, Date.UTC(1980, 0, 1)));
  return {
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
  };
}

/** A zip of the entries in their order, deflated, with fixed times and permissions (rw-r--r--). */
export function zip(entries: readonly { path: string; bytes: Buffer }[], epochSeconds: number): Buffer {
  const { date, time } = dosTime(epochSeconds);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { path, bytes } of entries) {
    const name = Buffer.from(path, 'utf8');
    const data = deflateRawSync(bytes, { level: 9 });
    const crc = crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, data);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(bytes.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Writes the wheel into `outDir` and returns its path. `version` is the release's; the SDK's
 * `pyproject.toml` must say the same (else the release stops: one version for everything shipped).
 */
export async function buildPythonWheel(repository: string, outDir: string, version: string, epochSeconds: number): Promise<string> {
  const own = await pythonSdkVersion(repository);
  if (own !== version) throw new Error(`${PYTHON_SDK_DIR}/pyproject.toml says ${own}, the release is ${version}: they must agree`);
  const distInfo = `${PACKAGE}-${version}.dist-info`;
  const readme = await readFile(join(repository, PYTHON_SDK_DIR, 'README.md'), 'utf8');
  const entries = [
    ...(await packageFiles(repository)),
    { path: `${distInfo}/METADATA`, bytes: Buffer.from(metadata(version, readme), 'utf8') },
    { path: `${distInfo}/WHEEL`, bytes: Buffer.from('Wheel-Version: 1.0\nGenerator: airlock-release\nRoot-Is-Purelib: true\nTag: py3-none-any\n', 'utf8') },
    { path: `${distInfo}/top_level.txt`, bytes: Buffer.from(`${PACKAGE}\n`, 'utf8') },
  ];
  const record = [...entries.map(({ path, bytes }) => `${path},${recordDigest(bytes)},${bytes.length}`), `${distInfo}/RECORD,,`].join('\n') + '\n';
  entries.push({ path: `${distInfo}/RECORD`, bytes: Buffer.from(record, 'utf8') });
  const path = join(outDir, wheelName(version));
  await writeFile(path, zip(entries, epochSeconds));
  return path;
}
