import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LedgerHead } from './ledger.ts';
import { HASH_BYTES, writeUint64 } from './ledger-format.ts';

/**
 * The witness: one line of JSON kept outside the data directory,
 * `{"format":"airlock-ledger-witness","version":1,"sequence":n,"hash":"<64 hex>","mac":"<64 hex>"}`,
 * where mac = HMAC-SHA256(witness key, "airlock-ledger-witness-v1" ‖ 0x00 ‖ u64 sequence ‖ hash).
 */
const FORMAT = 'airlock-ledger-witness';
const MAC_PREFIX = Buffer.from('airlock-ledger-witness-v1\0', 'ascii');
const HEX_HASH = /^[0-9a-f]{64}$/;

export type WitnessReading =
  | { readonly kind: 'missing' }
  | { readonly kind: 'valid'; readonly head: LedgerHead }
  | { readonly kind: 'invalid'; readonly sequence: number; readonly reason: string };

export function encodeWitness(key: Buffer, head: LedgerHead): string {
  return `${JSON.stringify({ format: FORMAT, version: 1, sequence: head.sequence, hash: head.hash, mac: mac(key, head).toString('hex') })}\n`;
}

/**
 * Reads a witness file's text. An empty file counts as missing: a witness written without
 * fsync may be left empty by a power cut, and a missing witness is accepted anyway.
 */
export function decodeWitness(key: Buffer, text: string | null): WitnessReading {
  if (text === null || text.length === 0) return { kind: 'missing' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', sequence: 0, reason: 'the witness is not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'invalid', sequence: 0, reason: 'the witness is not a witness' };
  const { format, version, sequence, hash, mac: tag } = value as Record<string, unknown>;
  if (
    format !== FORMAT ||
    version !== 1 ||
    !Number.isSafeInteger(sequence) ||
    (sequence as number) < 0 ||
    typeof hash !== 'string' ||
    !HEX_HASH.test(hash) ||
    typeof tag !== 'string' ||
    !HEX_HASH.test(tag)
  ) {
    return { kind: 'invalid', sequence: 0, reason: 'the witness is not a witness' };
  }
  const head = { sequence: sequence as number, hash };
  if (!timingSafeEqual(mac(key, head), Buffer.from(tag, 'hex'))) {
    return { kind: 'invalid', sequence: head.sequence, reason: 'the witness fails its MAC (altered, or made with another key)' };
  }
  return { kind: 'valid', head };
}

function mac(key: Buffer, head: LedgerHead): Buffer {
  const sequence = Buffer.alloc(8);
  writeUint64(sequence, head.sequence, 0);
  return createHmac('sha256', key).update(MAC_PREFIX).update(sequence).update(Buffer.from(head.hash, 'hex').subarray(0, HASH_BYTES)).digest();
}
