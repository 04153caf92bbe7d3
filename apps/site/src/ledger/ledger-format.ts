/**
 * The site ledger's bytes on disk (docs/formats.md, "Site ledger", says the same for other
 * implementations). All integers are big-endian.
 *
 * Directory: `segment-NNNNNNNN.log` (8+ digits, from 1), `checkpoint-<16-digit sequence>.ckpt`,
 * `LOCK`, and `*.tmp` files a crash may leave (ignored and removed).
 *
 * Segment file: a 32-byte header — the ASCII magic `AIRLOCK LEDGER 1` and a random 16-byte
 * salt — then blocks back to back. Its blocks are sealed with AES-256-GCM under
 * HKDF-SHA256(ikm = ledger key, salt = segment salt, info = "airlock-ledger-v1 segment"), a
 * fresh key per segment, so random 96-bit nonces stay far inside GCM's limit.
 *
 * Block (one per group commit): a 28-byte header in clear — u32 ciphertext length L (tag
 * included), u64 first sequence, u32 record count, 12-byte random nonce — then L bytes:
 * ciphertext and 16-byte tag. AAD = the 28-byte header ‖ the 32-byte chain hash before the
 * block, so a block opens only at its own place in its own history.
 *
 * Plaintext: the block's records back to back, each u64 sequence ‖ i64 at (ms since the
 * epoch) ‖ u32 n ‖ n bytes of the event as UTF-8 JSON.
 *
 * Chain hash at sequence n: SHA-256(`airlock-ledger-v1` ‖ 0x00 ‖ record 1 ‖ … ‖ record n), the
 * records encoded exactly as in the plaintext. It commits every record and its position; the
 * empty ledger's hash is SHA-256 of the prefix alone.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, type Hash } from 'node:crypto';

export const SEGMENT_MAGIC = Buffer.from('AIRLOCK LEDGER 1', 'ascii');
export const SALT_BYTES = 16;
export const SEGMENT_HEADER_BYTES = SEGMENT_MAGIC.length + SALT_BYTES;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const BLOCK_HEADER_BYTES = 4 + 8 + 4 + NONCE_BYTES;
export const RECORD_HEADER_BYTES = 8 + 8 + 4;
export const HASH_BYTES = 32;
/** An event is at most 4 MiB of JSON: a license document is at most 1 MiB. */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;
/** One block's plaintext: a group commit larger than this is written as several commits. */
export const MAX_BLOCK_PLAINTEXT_BYTES = 2 * MAX_EVENT_BYTES;
export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

const CHAIN_PREFIX = Buffer.from('airlock-ledger-v1\0', 'ascii');
const TWO_32 = 0x1_0000_0000;

/** The keys the ledger key is expanded into, one per purpose. */
export interface LedgerKeys {
  readonly master: Buffer;
  readonly checkpoint: Buffer;
  readonly witness: Buffer;
}

export function deriveLedgerKeys(key: Uint8Array): LedgerKeys {
  if (key.length !== 32) throw new RangeError(`The ledger key must be 32 bytes, not ${key.length}.`);
  const master = Buffer.from(key);
  return { master, checkpoint: hkdf(master, Buffer.alloc(0), 'checkpoint'), witness: hkdf(master, Buffer.alloc(0), 'witness') };
}

export function segmentKey(keys: LedgerKeys, salt: Buffer): Buffer {
  return hkdf(keys.master, salt, 'segment');
}

function hkdf(ikm: Buffer, salt: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, `airlock-ledger-v1 ${purpose}`, 32));
}

/** The running chain hash, positioned before record 1. */
export function newChain(): Hash {
  return createHash('sha256').update(CHAIN_PREFIX);
}

export function digestOf(chain: Hash): Buffer {
  return chain.copy().digest();
}

export const EMPTY_HASH: Buffer = digestOf(newChain());

export function writeUint64(target: Buffer, value: number, offset: number): void {
  target.writeUInt32BE(Math.floor(value / TWO_32), offset);
  target.writeUInt32BE(value % TWO_32, offset + 4);
}

/** NaN when the value is past Number.MAX_SAFE_INTEGER (only a forged file says so). */
export function readUint64(source: Buffer, offset: number): number {
  const high = source.readUInt32BE(offset);
  return high > 0x1f_ffff ? Number.NaN : high * TWO_32 + source.readUInt32BE(offset + 4);
}

function writeInt64(target: Buffer, value: number, offset: number): void {
  const high = Math.floor(value / TWO_32);
  target.writeInt32BE(high, offset);
  target.writeUInt32BE(value - high * TWO_32, offset + 4);
}

function readInt64(source: Buffer, offset: number): number {
  return source.readInt32BE(offset) * TWO_32 + source.readUInt32BE(offset + 4);
}

/** One record as it sits in a block's plaintext and in the chain. */
export function encodeRecord(sequence: number, at: number, eventJson: string, eventBytes: number): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + eventBytes);
  writeUint64(record, sequence, 0);
  writeInt64(record, at, 8);
  record.writeUInt32BE(eventBytes, 16);
  record.write(eventJson, RECORD_HEADER_BYTES, 'utf8');
  return record;
}

export interface RecordHeader {
  readonly sequence: number;
  readonly at: number;
  readonly eventBytes: number;
}

export function readRecordHeader(plaintext: Buffer, offset: number): RecordHeader {
  return { sequence: readUint64(plaintext, offset), at: readInt64(plaintext, offset + 8), eventBytes: plaintext.readUInt32BE(offset + 16) };
}

export function encodeSegmentHeader(salt: Buffer): Buffer {
  return Buffer.concat([SEGMENT_MAGIC, salt]);
}

export interface BlockHeader {
  /** Ciphertext and tag. */
  readonly sealedBytes: number;
  readonly firstSequence: number;
  readonly count: number;
}

export function readBlockHeader(bytes: Buffer, offset: number): BlockHeader {
  return { sealedBytes: bytes.readUInt32BE(offset), firstSequence: readUint64(bytes, offset + 4), count: bytes.readUInt32BE(offset + 12) };
}

/** Whether a block header is one this format could have written, as the next block of the chain. */
export function isPlausibleBlockHeader(header: BlockHeader, expectedSequence: number): boolean {
  const minimum = TAG_BYTES + header.count * RECORD_HEADER_BYTES;
  return (
    header.firstSequence === expectedSequence &&
    header.count >= 1 &&
    header.sealedBytes >= minimum &&
    header.sealedBytes <= MAX_BLOCK_PLAINTEXT_BYTES + TAG_BYTES
  );
}

/** Seals records into one block, bound to the chain hash before them. */
export function sealBlock(key: Buffer, nonce: Buffer, firstSequence: number, count: number, previousHash: Buffer, plaintext: Buffer): Buffer {
  const block = Buffer.allocUnsafe(BLOCK_HEADER_BYTES + plaintext.length + TAG_BYTES);
  block.writeUInt32BE(plaintext.length + TAG_BYTES, 0);
  writeUint64(block, firstSequence, 4);
  block.writeUInt32BE(count, 12);
  nonce.copy(block, 16);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([block.subarray(0, BLOCK_HEADER_BYTES), previousHash]));
  const sealed = cipher.update(plaintext);
  cipher.final();
  sealed.copy(block, BLOCK_HEADER_BYTES);
  cipher.getAuthTag().copy(block, BLOCK_HEADER_BYTES + sealed.length);
  return block;
}

/** The plaintext of the block at `offset` (its header and body both there), or null when it does not authenticate. */
export function openBlock(key: Buffer, bytes: Buffer, offset: number, sealedBytes: number, previousHash: Buffer): Buffer | null {
  const header = bytes.subarray(offset, offset + BLOCK_HEADER_BYTES);
  const body = bytes.subarray(offset + BLOCK_HEADER_BYTES, offset + BLOCK_HEADER_BYTES + sealedBytes);
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(16), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.concat([header, previousHash]));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  const plaintext = decipher.update(body.subarray(0, body.length - TAG_BYTES));
  try {
    decipher.final();
    return plaintext;
  } catch {
    return null;
  }
}

export const segmentName = (number: number) => `segment-${String(number).padStart(8, '0')}.log`;
export const checkpointName = (sequence: number) => `checkpoint-${String(sequence).padStart(16, '0')}.ckpt`;
export const LOCK_NAME = 'LOCK';
const SEGMENT_PATTERN = /^segment-(\d{8,15})\.log$/;
const CHECKPOINT_PATTERN = /^checkpoint-(\d{16})\.ckpt$/;

export function parseSegmentName(name: string): number | null {
  const match = SEGMENT_PATTERN.exec(name);
  return match ? Number(match[1]) : null;
}

export function parseCheckpointName(name: string): number | null {
  const match = CHECKPOINT_PATTERN.exec(name);
  const sequence = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(sequence) ? sequence : null;
}
