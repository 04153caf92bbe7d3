import { createCipheriv, createDecipheriv } from 'node:crypto';
import { HASH_BYTES, NONCE_BYTES, readUint64, TAG_BYTES, writeUint64 } from './ledger-format.ts';

/**
 * A checkpoint file, `checkpoint-<16-digit sequence>.ckpt`: the ASCII magic `AIRLOCK CHECKPT1`,
 * u64 sequence, the 32-byte chain hash there, a 12-byte nonce, then the site's state as UTF-8
 * JSON sealed with AES-256-GCM (16-byte tag last) under the checkpoint key, with the first 56
 * bytes (magic, sequence, hash) as AAD: the state is bound to one point of one history.
 */
const CHECKPOINT_MAGIC = Buffer.from('AIRLOCK CHECKPT1', 'ascii');
const AAD_BYTES = CHECKPOINT_MAGIC.length + 8 + HASH_BYTES;
const FIXED_BYTES = AAD_BYTES + NONCE_BYTES + TAG_BYTES;
/** Larger checkpoint files are refused unread. */
export const MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024;

export interface CheckpointContents {
  readonly sequence: number;
  readonly hash: Buffer;
  readonly state: unknown;
}

export function sealCheckpoint(key: Buffer, nonce: Buffer, sequence: number, hash: Buffer, stateJson: string): Buffer {
  const plaintext = Buffer.from(stateJson, 'utf8');
  const file = Buffer.allocUnsafe(FIXED_BYTES + plaintext.length);
  CHECKPOINT_MAGIC.copy(file, 0);
  writeUint64(file, sequence, CHECKPOINT_MAGIC.length);
  hash.copy(file, CHECKPOINT_MAGIC.length + 8);
  nonce.copy(file, AAD_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(file.subarray(0, AAD_BYTES));
  cipher.update(plaintext).copy(file, AAD_BYTES + NONCE_BYTES);
  cipher.final();
  cipher.getAuthTag().copy(file, file.length - TAG_BYTES);
  return file;
}

/** The checkpoint, or null when the bytes are not a checkpoint sealed under this key. */
export function openCheckpoint(key: Buffer, file: Buffer): CheckpointContents | null {
  if (file.length < FIXED_BYTES || !file.subarray(0, CHECKPOINT_MAGIC.length).equals(CHECKPOINT_MAGIC)) return null;
  const sequence = readUint64(file, CHECKPOINT_MAGIC.length);
  const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(AAD_BYTES, AAD_BYTES + NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(file.subarray(0, AAD_BYTES));
  decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
  const plaintext = decipher.update(file.subarray(AAD_BYTES + NONCE_BYTES, file.length - TAG_BYTES));
  try {
    decipher.final();
    const state = JSON.parse(plaintext.toString('utf8')) as unknown;
    if (!Number.isSafeInteger(sequence)) return null;
    return { sequence, hash: Buffer.from(file.subarray(CHECKPOINT_MAGIC.length + 8, AAD_BYTES)), state };
  } catch {
    return null;
  }
}
