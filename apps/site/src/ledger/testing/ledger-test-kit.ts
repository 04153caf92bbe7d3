import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../open-ledger.ts';
import type { LedgerOptions, OpenedLedger } from '../ledger.ts';
import { BLOCK_HEADER_BYTES, readBlockHeader, SEGMENT_HEADER_BYTES } from '../ledger-format.ts';

/**
 * Test support: a ledger in a fresh temporary directory (its witness in a sibling directory,
 * as on a real site), a clock that moves one second per reading, and the block boundaries of
 * a segment file read from the clear headers, so tests can edit the files as an attacker would.
 */
export const TEST_KEY = new Uint8Array(32).fill(7);
export const START = Date.parse('2026-11-23T10:00:00Z');

export interface TestEvent {
  readonly n: number;
  readonly note?: string;
}

export interface LedgerPlace {
  readonly root: string;
  readonly directory: string;
  readonly witnessFile: string;
  options(overrides?: Partial<LedgerOptions>): LedgerOptions;
  open(overrides?: Partial<LedgerOptions>): Promise<OpenedLedger<TestEvent>>;
  segment(number?: number): string;
  segments(): Promise<string[]>;
  checkpoints(): Promise<string[]>;
  dispose(): Promise<void>;
}

function steppingClock(start = START): () => Date {
  let tick = 0;
  return () => new Date(start + 1_000 * tick++);
}

export async function ledgerPlace(): Promise<LedgerPlace> {
  const root = await mkdtemp(join(tmpdir(), 'airlock-ledger-'));
  const directory = join(root, 'data', 'ledger');
  const witnessFile = join(root, 'witness', 'ledger.witness');
  const now = steppingClock();
  const options = (overrides: Partial<LedgerOptions> = {}): LedgerOptions => ({ directory, key: TEST_KEY, witnessFile, now, maxBatchDelayMs: 0, ...overrides });
  const names = async (pattern: RegExp) =>
    (await readdir(directory))
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => join(directory, name));
  return {
    root,
    directory,
    witnessFile,
    options,
    open: (overrides) => openLedger<TestEvent>(options(overrides)),
    segment: (number = 1) => join(directory, `segment-${String(number).padStart(8, '0')}.log`),
    segments: () => names(/^segment-\d+\.log$/),
    checkpoints: () => names(/^checkpoint-\d+\.ckpt$/),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** Appends `blocks` batches of `perBlock` events, one commit each, and closes the ledger. */
export async function writeBlocks(place: LedgerPlace, blocks: number, perBlock: number, overrides: Partial<LedgerOptions> = {}): Promise<void> {
  const { ledger } = await place.open(overrides);
  for (let block = 0; block < blocks; block++) {
    const first = ledger.head().sequence + 1;
    await ledger.append(Array.from({ length: perBlock }, (_, index) => ({ n: first + index })));
  }
  await ledger.close();
}

/** Byte ranges of a segment's blocks, from their clear headers. */
export async function blocksOf(segmentFile: string): Promise<{ start: number; end: number; firstSequence: number }[]> {
  const bytes = await readFile(segmentFile);
  const blocks = [];
  for (let offset = SEGMENT_HEADER_BYTES; offset + BLOCK_HEADER_BYTES <= bytes.length;) {
    const header = readBlockHeader(bytes, offset);
    const end = offset + BLOCK_HEADER_BYTES + header.sealedBytes;
    blocks.push({ start: offset, end, firstSequence: header.firstSequence });
    offset = end;
  }
  return blocks;
}

/** Rewrites a file through `edit`. */
export async function editFile(file: string, edit: (bytes: Buffer) => Buffer): Promise<void> {
  await writeFile(file, edit(await readFile(file)));
}

export async function copyDirectory(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await cp(from, to, { recursive: true });
}

/** Every file of a directory with its bytes, to prove nothing was changed. */
export async function snapshotFiles(directory: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(directory)).sort()) files[name] = (await readFile(join(directory, name))).toString('base64');
  return files;
}

export const events = (from: number, count: number): TestEvent[] => Array.from({ length: count }, (_, index) => ({ n: from + index }));
