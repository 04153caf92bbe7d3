import { createHash } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../src/ledger/index.ts';
import type { LedgerOptions } from '../src/ledger/index.ts';
import { BLOCK_HEADER_BYTES, readBlockHeader, SEGMENT_HEADER_BYTES } from '../src/ledger/ledger-format.ts';

/**
 * The site ledger's scenarios of `npm run bench`, each beside a raw baseline measured in the
 * same run on the same disk:
 * (1) durable appends from many concurrent callers (one event each, group commit) against
 *     writing the very blocks they produced with one write + fdatasync each;
 * (2) openLedger of a ledger of 1,000,000 records with a checkpoint 1,000 records from the end,
 *     and (3) verify() of it, both against reading the same files and hashing them (SHA-256).
 * `AIRLOCK_BENCH_LEDGER_RECORDS` and `AIRLOCK_BENCH_LEDGER_APPENDS` shrink a run.
 */
const RECORDS = Number(process.env.AIRLOCK_BENCH_LEDGER_RECORDS ?? 1_000_000);
const APPENDS = Number(process.env.AIRLOCK_BENCH_LEDGER_APPENDS ?? 200_000);
const CONCURRENT_CALLERS = 1_000;
const TAIL = 1_000;

interface SiteEvent {
  readonly type: string;
  readonly tenant: string;
  readonly meter: string;
  readonly amount: number;
  readonly user: string;
  readonly request: string;
}

const event = (n: number): SiteEvent => ({
  type: 'meter.consumed',
  tenant: 'default',
  meter: 'bot-runs',
  amount: 1,
  user: `user-${n % 5000}@plant.example`,
  request: `req-${n.toString(36).padStart(8, '0')}`,
});
const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

const root = await mkdtemp(join(tmpdir(), 'airlock-ledger-bench-'));
const options = (name: string): LedgerOptions => ({
  directory: join(root, name),
  witnessFile: join(root, `${name}.witness`),
  key: new Uint8Array(32).fill(1),
  now: () => new Date(),
  maxBatchDelayMs: 0,
});
const rows: string[][] = [];

try {
  say(`\nSite ledger on ${tmpdir()} (${process.platform}, Node ${process.version})`);
  await durableAppends();
  await largeLedger();
  printTable(['scenario', 'figure', 'raw baseline', 'target'], rows);
} finally {
  await rm(root, { recursive: true, force: true });
}

/** Median of three runs after a warm-up (the JIT, the disk), with the range beside it. */
async function durableAppends(): Promise<void> {
  await appendRun('warm-up', Math.min(APPENDS, 20_000));
  const runs: Awaited<ReturnType<typeof appendRun>>[] = [];
  for (let run = 1; run <= 3; run++) runs.push(await appendRun(`appends-${run}`, APPENDS));
  const median = <T>(values: T[], by: (value: T) => number) => [...values].sort((a, b) => by(a) - by(b))[1]!;
  const ledger = median(runs, (run) => run.rate);
  const raw = median(runs, (run) => run.raw);
  const range = (key: 'rate' | 'raw') => `${fmt(Math.min(...runs.map((run) => run[key])))}–${fmt(Math.max(...runs.map((run) => run[key])))}`;
  rows.push([
    `durable appends, ${fmt(CONCURRENT_CALLERS)} callers × 1 event`,
    `${fmt(ledger.rate)} events/s (${range('rate')}; ${fmt(ledger.blocks)} fdatasyncs of ${fmt(APPENDS / ledger.blocks, 1)} events)`,
    `${fmt(raw.raw)} events/s (${range('raw')}; the same blocks, write + fdatasync each)`,
    '≥ 50,000 events/s',
  ]);
}

async function appendRun(name: string, count: number): Promise<{ rate: number; raw: number; blocks: number }> {
  const settings = options(name);
  const { ledger } = await openLedger<SiteEvent>(settings);
  let issued = 0;
  const caller = async () => {
    while (issued < count) await ledger.append([event(++issued)]);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT_CALLERS }, caller));
  const elapsed = performance.now() - started;
  await ledger.close();
  const blocks = await blocksOf(settings.directory);
  const raw = await rawAppend(join(root, `${name}.raw`), blocks);
  await rm(settings.directory, { recursive: true });
  return { rate: count / (elapsed / 1000), raw: count / (raw / 1000), blocks: blocks.length };
}

async function largeLedger(): Promise<void> {
  const settings = options('large');
  const built = performance.now();
  const { ledger } = await openLedger<SiteEvent>(settings);
  const appendUpTo = async (end: number) => {
    const calls: Promise<unknown>[] = [];
    for (let from = ledger.head().sequence + 1; from <= end; from += 1_000) {
      calls.push(ledger.append(Array.from({ length: Math.min(1_000, end - from + 1) }, (_, index) => event(from + index))));
      if (calls.length === 16) await Promise.all(calls.splice(0));
    }
    await Promise.all(calls);
  };
  await appendUpTo(RECORDS - TAIL);
  await ledger.checkpoint({ meters: { 'bot-runs': RECORDS - TAIL }, users: 5_000 });
  await appendUpTo(RECORDS);
  await ledger.close();
  say(`(built ${fmt(RECORDS)} records in ${seconds(performance.now() - built)})`);

  const raw = await readAndHash(settings.directory);
  let started = performance.now();
  const opened = await openLedger<SiteEvent>(settings);
  const openMs = performance.now() - started;
  if (!opened.verification.ok || opened.tail.length !== TAIL) throw new Error('The benchmark ledger did not open clean.');
  started = performance.now();
  const verification = await opened.ledger.verify();
  const verifyMs = performance.now() - started;
  await opened.ledger.close();
  if (!verification.ok || verification.records !== RECORDS) throw new Error('The benchmark ledger did not verify.');
  const baseline = `${seconds(raw.ms)} (read ${fmt(raw.bytes / 1024 / 1024, 1)} MiB + SHA-256)`;
  rows.push([`openLedger, ${fmt(RECORDS)} records, checkpoint ${fmt(TAIL)} from the end`, seconds(openMs), baseline, '< 5 s']);
  rows.push([`verify(), ${fmt(RECORDS)} records`, seconds(verifyMs), baseline, '< 5 s']);
}

/** Each block's bytes, read back from the segments (header and ciphertext). */
async function blocksOf(directory: string): Promise<Buffer[]> {
  const blocks: Buffer[] = [];
  for (const name of (await readdir(directory)).filter((file) => file.startsWith('segment-')).sort()) {
    const bytes = await readFile(join(directory, name));
    for (let offset = SEGMENT_HEADER_BYTES; offset < bytes.length;) {
      const end = offset + BLOCK_HEADER_BYTES + readBlockHeader(bytes, offset).sealedBytes;
      blocks.push(bytes.subarray(offset, end));
      offset = end;
    }
  }
  return blocks;
}

/** The floor under any durable append: the same blocks, appended and fdatasync'd one by one. */
async function rawAppend(file: string, blocks: readonly Buffer[]): Promise<number> {
  const handle = await open(file, 'w');
  const started = performance.now();
  let position = 0;
  for (const block of blocks) {
    await handle.write(block, 0, block.length, position);
    await handle.datasync();
    position += block.length;
  }
  const elapsed = performance.now() - started;
  await handle.close();
  return elapsed;
}

/** The floor under any verification: read every file of the ledger and hash it. */
async function readAndHash(directory: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const name of (await readdir(directory)).sort()) {
    const data = await readFile(join(directory, name));
    createHash('sha256').update(data).digest();
    bytes += data.length;
  }
  return { ms: performance.now() - started, bytes };
}

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const row = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  say('');
  say(row(header));
  say(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) say(row(line));
}
