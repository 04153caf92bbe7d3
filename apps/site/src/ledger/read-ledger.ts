import type { Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ChainScanner, type LastSegment } from './chain-scanner.ts';
import { MAX_CHECKPOINT_BYTES, openCheckpoint, type CheckpointContents } from './checkpoint-file.ts';
import type { LedgerHead, LedgerProblem, LedgerRecord, LedgerRestoreGap, LedgerVerification } from './ledger.ts';
import { inDirectory, listLedgerDirectory, readIfPresent } from './ledger-files.ts';
import { checkpointName, segmentName, type LedgerKeys } from './ledger-format.ts';
import { decodeWitness, type WitnessReading } from './witness-file.ts';

/** What is durable while the ledger runs: the scan reads no further and must reach this head. */
export interface DurableSnapshot {
  readonly segment: number;
  readonly length: number;
  readonly head: LedgerHead;
}

export interface ReadLedgerOptions {
  readonly directory: string;
  readonly keys: LedgerKeys;
  readonly witnessFile: string | null;
  /**
   * Absent at open: every file is read, a torn tail is allowed and the tail is decoded. While
   * running, taken after the witness and checkpoints are read (both trail what is durable).
   */
  readonly durable?: () => DurableSnapshot;
  /** Whether to decode the tail (at open) or only verify. */
  readonly decode: boolean;
  /** A head a deliberate restore put back: a ledger behind its witness that descends from it is a restore, not a rollback. */
  readonly restoredHead?: LedgerHead | null | undefined;
}

export interface LedgerReading {
  readonly verification: LedgerVerification;
  readonly checkpoint: { readonly state: unknown; readonly head: LedgerHead } | null;
  /** When the chain broke: the newest checkpoint sealed under the key that lies past the break (see `OpenedLedger.salvaged`). */
  readonly salvaged: { readonly state: unknown; readonly head: LedgerHead } | null;
  /** The records after the checkpoint, up to the last one trusted (none when verifying a running ledger). */
  readonly tail: readonly LedgerRecord[];
  /** The last record trusted (all of them when the verification passed). */
  readonly head: LedgerHead;
  /** The running chain hash positioned at `head`, to append after it. */
  readonly chain: Hash;
  readonly latestAt: number;
  readonly lastSegment: LastSegment | null;
  readonly witness: WitnessReading;
  readonly temporary: readonly string[];
  /** The gap of a declared restore the witness saw (then not a problem), or null. */
  readonly restore: LedgerRestoreGap | null;
}

const MAX_WITNESS_BYTES = 4096;

/**
 * Reads and verifies a ledger directory, in this order of precedence: blocks and records
 * (the chain), then checkpoints against the chain, then the witness's MAC, then the witness
 * against the chain (rollback), then — while running — the durable head held in memory.
 * The first problem found is the one reported.
 */
export async function readLedger(options: ReadLedgerOptions): Promise<LedgerReading> {
  const { directory, keys } = options;
  const witness = await readWitness(keys, options.witnessFile);
  const listed = await listLedgerDirectory(directory);
  const checkpoints = await readCheckpoints(directory, keys, listed.checkpoints);
  const durable = options.durable?.();
  const segments = durable ? (await listLedgerDirectory(directory)).segments.filter((number) => number <= durable.segment) : listed.segments;

  const opened = checkpoints.filter((checkpoint) => checkpoint.contents?.sequence === checkpoint.sequence);
  // Decode from the oldest checkpoint that could be chosen, so one pass serves whichever is.
  const decodeAfter = !options.decode ? Number.POSITIVE_INFINITY : opened.length > 0 ? Math.min(...opened.map((checkpoint) => checkpoint.sequence)) : 0;
  const wanted = new Set(checkpoints.map((checkpoint) => checkpoint.sequence));
  if (witness.kind === 'valid') wanted.add(witness.head.sequence);
  const { restoredHead } = options;
  if (restoredHead) wanted.add(restoredHead.sequence);
  if (durable) wanted.add(durable.head.sequence);
  const scanner = await scan(directory, keys, segments, { wanted, decodeAfter, durable });

  const checked = checkCheckpoints(checkpoints, scanner);
  const behindWitness = witness.kind === 'valid' ? rolledBack(witness.head, scanner) : null;
  // A rollback the operator declared (`airlock site restore`) is a restore when the ledger descends from the head put back.
  const restore =
    behindWitness && restoredHead && witness.kind === 'valid' && descendsFrom(restoredHead, scanner) ? { reached: witness.head, restored: restoredHead } : null;
  const problem: LedgerProblem | null =
    tampered(scanner.problem) ??
    tampered(checked.problem) ??
    (witness.kind === 'invalid' ? tampered(witness) : null) ??
    (restore ? null : behindWitness) ??
    (durable ? rolledBack(durable.head, scanner) : null);

  const chosen = checked.chosen;
  let tail: readonly LedgerRecord[] = [];
  if (options.decode) {
    const from = chosen?.sequence ?? 0;
    // Decoded records run from decodeAfter + 1 on; only when no checkpoint stood is a second pass needed.
    tail =
      from >= decodeAfter
        ? scanner.records.slice(from - decodeAfter)
        : (await scan(directory, keys, segments, { wanted: new Set(), decodeAfter: from })).records;
  }
  const head = scanner.head();
  const salvaged = scanner.problem ? salvage(checkpoints, scanner.sequence) : null;
  return {
    verification: problem ? { ok: false, problem } : { ok: true, head, records: head.sequence, latestAt: scanner.latestAt },
    checkpoint: chosen ? { state: chosen.state, head: { sequence: chosen.sequence, hash: chosen.hash.toString('hex') } } : null,
    salvaged,
    tail,
    head,
    chain: scanner.chain(),
    latestAt: scanner.latestAt,
    lastSegment: scanner.lastSegment,
    witness,
    temporary: listed.temporary,
    restore: problem ? null : restore,
  };
}

async function readWitness(keys: LedgerKeys, witnessFile: string | null): Promise<WitnessReading> {
  if (witnessFile === null) return { kind: 'missing' };
  const bytes = await readIfPresent(witnessFile, MAX_WITNESS_BYTES);
  if (bytes === 'too large') return { kind: 'invalid', sequence: 0, reason: 'the witness is too large to be a witness' };
  return decodeWitness(keys.witness, bytes === null ? null : bytes.toString('utf8'));
}

interface ListedCheckpoint {
  readonly sequence: number;
  /** Null when the file is not a checkpoint sealed under this key. */
  readonly contents: CheckpointContents | null;
}

async function readCheckpoints(directory: string, keys: LedgerKeys, sequences: readonly number[]): Promise<ListedCheckpoint[]> {
  const checkpoints: ListedCheckpoint[] = [];
  for (const sequence of sequences) {
    const bytes = await readIfPresent(inDirectory(directory, checkpointName(sequence)), MAX_CHECKPOINT_BYTES);
    if (bytes === null) continue; // pruned since it was listed
    checkpoints.push({ sequence, contents: bytes === 'too large' ? null : openCheckpoint(keys.checkpoint, bytes) });
  }
  return checkpoints;
}

async function scan(
  directory: string,
  keys: LedgerKeys,
  segments: readonly number[],
  options: { wanted: ReadonlySet<number>; decodeAfter: number; durable?: DurableSnapshot | undefined },
): Promise<ChainScanner> {
  const { durable } = options;
  const scanner = new ChainScanner(keys, { wanted: options.wanted, decodeAfter: options.decodeAfter, tornTailAllowed: !durable });
  for (const [index, number] of segments.entries()) {
    let bytes = await readFile(inDirectory(directory, segmentName(number))).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'ENOENT') return null; // removed under a running ledger: the chain shows the gap
      throw error;
    });
    if (bytes === null) continue;
    if (durable && number === durable.segment) bytes = bytes.subarray(0, durable.length);
    if (!scanner.segment(number, bytes, index === segments.length - 1)) break;
  }
  return scanner;
}

/** Every checkpoint must open, name its own sequence, and match the chain there; the newest that does is used. */
function checkCheckpoints(checkpoints: readonly ListedCheckpoint[], scanner: ChainScanner) {
  let problem: { sequence: number; reason: string } | null = null;
  let chosen: (CheckpointContents & { sequence: number }) | null = null;
  for (const { sequence, contents } of checkpoints) {
    const fail = (reason: string) => (problem ??= { sequence, reason });
    if (contents === null) fail(`checkpoint ${sequence} does not decrypt`);
    else if (contents.sequence !== sequence) fail(`checkpoint file ${sequence} holds the state at ${contents.sequence}`);
    else if (sequence > scanner.sequence) {
      // Past a chain that broke earlier it cannot be judged; past a whole chain, records were cut.
      if (scanner.problem === null) fail(`checkpoint ${sequence} is past the end of the ledger (${scanner.sequence})`);
    } else if (!scanner.hashes.get(sequence)?.equals(contents.hash)) fail(`checkpoint ${sequence} does not match the chain`);
    else chosen = contents;
  }
  return { problem: problem as { sequence: number; reason: string } | null, chosen };
}

/**
 * The newest checkpoint that opens under the checkpoint key and names its own sequence, past
 * where the chain broke. Its MAC says the site wrote it; the chain cannot vouch for it, so it
 * is only ever read (which tenants, accounts and keys the site had), never written after.
 */
function salvage(checkpoints: readonly ListedCheckpoint[], trusted: number): { state: unknown; head: LedgerHead } | null {
  for (const { sequence, contents } of [...checkpoints].reverse()) {
    if (contents === null || contents.sequence !== sequence || sequence <= trusted) continue;
    return { state: contents.state, head: { sequence, hash: contents.hash.toString('hex') } };
  }
  return null;
}

function tampered(found: { readonly sequence: number; readonly reason: string } | null): LedgerProblem | null {
  return found ? { code: 'LEDGER_TAMPERED', detail: { sequence: found.sequence, reason: found.reason } } : null;
}

/** The chain passes through `head`: same sequence, same hash. */
function descendsFrom(head: LedgerHead, scanner: ChainScanner): boolean {
  return scanner.sequence >= head.sequence && scanner.hashes.get(head.sequence)?.toString('hex') === head.hash;
}

/** The ledger must reach the witnessed head and hold the same hash there. */
function rolledBack(witnessed: LedgerHead, scanner: ChainScanner): LedgerProblem | null {
  if (scanner.sequence < witnessed.sequence) return { code: 'LEDGER_ROLLED_BACK', detail: { witnessed, found: scanner.head() } };
  const hash = scanner.hashes.get(witnessed.sequence)?.toString('hex') ?? '';
  if (hash === witnessed.hash) return null;
  return { code: 'LEDGER_ROLLED_BACK', detail: { witnessed, found: { sequence: witnessed.sequence, hash } } };
}
