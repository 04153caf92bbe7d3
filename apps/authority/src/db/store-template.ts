import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { migrationFingerprint, migrateToLatest } from './migrate.ts';
import { pgliteDialect } from './pglite-dialect.ts';

/**
 * A new embedded database starts from a template: an empty PostgreSQL data directory (PGlite's
 * initdb, 10–30 s) with every migration this code ships applied, as a gzipped tar. It is made
 * once per machine and version — by `npm run prepare-store -w @airlock/authority`, or else by the
 * first start that needs it — and kept under `node_modules/.cache/airlock-authority/`, named by
 * the PGlite version and the migrations, so a new migration or PGlite makes a new one. Opening a
 * new data directory then takes an unpacking, not an initdb.
 */
const pgliteRequire = createRequire(import.meta.url);

function pgliteVersion(): string {
  // The package exports no package.json; its entry point lies in dist/, beside it.
  const manifest = join(dirname(pgliteRequire.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** The template's file name: the PGlite version and a digest of the migrations it holds. */
export function templateName(): string {
  const digest = createHash('sha256').update(migrationFingerprint()).digest('hex').slice(0, 16);
  return `pglite-${pgliteVersion()}-${digest}.tar.gz`;
}

/** Where templates are kept: beside the PGlite the authority runs, whether from source or built. */
export function templateCacheDir(): string {
  const entry = pgliteRequire.resolve('@electric-sql/pglite');
  const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
  return at < 0 ? join(dirname(entry), '.cache') : join(entry.slice(0, at + sep.length + 'node_modules'.length), '.cache', 'airlock-authority');
}

let making: Promise<Uint8Array> | null = null;

/** The gzipped tar of a fresh, migrated data directory: from the cache, or made (and cached). */
export function storeTemplate(): Promise<Uint8Array> {
  making ??= readOrMakeTemplate().catch((error: unknown) => {
    making = null;
    throw error;
  });
  return making;
}

async function readOrMakeTemplate(): Promise<Uint8Array> {
  const file = join(templateCacheDir(), templateName());
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    // Not made yet on this machine (or unreadable): make it.
  }
  const template = await makeTemplate();
  try {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, template);
    await rename(temporary, file);
  } catch {
    // A read-only installation: every new data directory then pays for its own initdb.
  }
  return template;
}

/**
 * Runs initdb and the migrations in a scratch directory, stops PostgreSQL cleanly (so a copy
 * starts without crash recovery), and packs the directory.
 */
async function makeTemplate(): Promise<Uint8Array> {
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-store-template-'));
  try {
    const pglite = await PGlite.create({ dataDir: join(scratch, 'pglite') });
    try {
      await migrateToLatest(new Kysely<unknown>({ dialect: pgliteDialect(pglite) }));
    } finally {
      await pglite.close();
    }
    return gzipSync(await pack(join(scratch, 'pglite')));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Makes `dataDir` a new data directory from the template, durably and all at once: unpacked
 * beside it, every file and directory flushed to disk, then renamed into place (over an empty
 * directory, if there is one) and the parent directory flushed. A start cut short leaves either
 * no database or a whole one, never half of one.
 */
export async function createFromTemplate(dataDir: string, template: Uint8Array): Promise<void> {
  const parent = dirname(dataDir);
  const prefix = `.${basename(dataDir)}.new-`;
  await mkdir(parent, { recursive: true });
  for (const leftover of (await readdir(parent)).filter((name) => name.startsWith(prefix))) {
    await rm(join(parent, leftover), { recursive: true, force: true });
  }
  const staging = join(parent, `${prefix}${randomBytes(6).toString('hex')}`);
  try {
    await unpack(gunzipSync(template), staging);
    await rename(staging, dataDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  flushDirectory(parent);
}

/** Unpacks the ustar archive PGlite's dumpDataDir writes, then flushes every file and directory. */
async function unpack(tar: Uint8Array, root: string): Promise<void> {
  await mkdir(root, { mode: 0o700 });
  const directories = [root];
  const files: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    if (checksumOf(header) !== octal(header, 148, 8)) throw new Error('the database template is damaged (a tar header checksum fails)');
    const name = `${text(header, 345, 155)}${text(header, 0, 100)}`.replace(/^\/+/, '');
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    if (name.split('/').some((part) => part === '..')) throw new Error(`the database template names a path outside it: ${name}`);
    const path = join(root, ...name.split('/'));
    if (type === '5') {
      mkdirSync(path, { recursive: true, mode: 0o700 });
      directories.push(path);
    } else if (type === '0' || type === '\0') {
      writeFileSync(path, tar.subarray(offset + 512, offset + 512 + size), { flag: 'wx', mode: 0o600 });
      files.push(path);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  // Flushed together, so the file system can commit many in one journal transaction.
  const queue = [...files, ...directories];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const handle = await open(path, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
    }),
  );
}

function flushDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Packs a directory as a ustar archive, in the form PGlite's dumpDataDir writes and loadDataDir reads. */
async function pack(root: string): Promise<Uint8Array> {
  const blocks: Uint8Array[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of (await readdir(join(root, relative), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        blocks.push(header(name, 0, '5', 0o700));
        await walk(name);
      } else if (entry.isFile()) {
        const data = await readFile(join(root, name));
        blocks.push(header(name, data.length, '0', 0o600), data, new Uint8Array((512 - (data.length % 512)) % 512));
      }
    }
  };
  await walk('');
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks);
}

function header(name: string, size: number, type: '0' | '5', mode: number): Uint8Array {
  if (Buffer.byteLength(name) > 99) throw new Error(`a data directory path too long for the template: ${name}`);
  const block = Buffer.alloc(512);
  block.write(name, 0, 'utf8');
  block.write(`${mode.toString(8).padStart(7, '0')}\0`, 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write('00000000000\0', 136, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(`${checksumOf(block).toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function text(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString('utf8');
}

function octal(header: Uint8Array, start: number, length: number): number {
  const digits = text(header, start, length).trim();
  return digits === '' ? 0 : parseInt(digits, 8);
}

function checksumOf(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum;
}
