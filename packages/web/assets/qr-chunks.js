// @ts-check
/**
 * A document as QR codes, for networks where removable media are forbidden: the text is cut
 * into numbered chunks, each one QR code, read back in any order. Plain JavaScript, so the
 * server (rendering the codes) and the browser (reading them) run this very file.
 *
 * A chunk reads `AIRLOCK-QR <n>/<total> <checksum> <part>`: `n` from 1, `total` up to 999,
 * `checksum` 8 hexadecimal digits of the whole document's FNV-1a hash, which tells one
 * document's chunks from another's and checks the joined text. The document itself is signed:
 * the checksum only catches mix-ups, never forgery.
 *
 * Refusals are values, never exceptions, each with a stable code:
 * - `QR_CHUNK_MALFORMED`: a code that is not an Airlock chunk (`detail.reason`);
 * - `QR_CHUNKS_MIXED`: chunks of more than one document (`detail.documents`);
 * - `QR_CHUNK_MISSING`: some numbers were not read (`detail.missing`, `detail.total`);
 * - `QR_DOCUMENT_CORRUPT`: two different chunks under one number, or a joined text that does
 *   not match its checksum (`detail.reason`);
 * - `QR_NOTHING_READ`: no chunk at all.
 */

/** @typedef {{ index: number, total: number, checksum: string, part: string }} QrChunk */
/** @typedef {'QR_CHUNK_MALFORMED' | 'QR_CHUNKS_MIXED' | 'QR_CHUNK_MISSING' | 'QR_DOCUMENT_CORRUPT' | 'QR_NOTHING_READ'} QrRefusalCode */
/** @typedef {{ ok: false, code: QrRefusalCode, message: string, detail: Record<string, unknown> }} QrRefusal */

export const QR_CHUNK_PREFIX = 'AIRLOCK-QR';
/** Most chunks one document may be cut into. */
export const MAX_QR_CHUNKS = 999;
/**
 * Characters of the document per chunk: with the header, a chunk fits a QR code of version 17
 * or so (85 modules a side) at error correction M, which a phone camera or a screenshot reads
 * reliably at the size the kit shows it.
 */
export const DEFAULT_QR_CHUNK_CHARS = 600;

const chunkPattern = /^AIRLOCK-QR ([1-9][0-9]{0,2})\/([1-9][0-9]{0,2}) ([0-9a-f]{8}) ([\s\S]+)$/;

/**
 * The 32-bit FNV-1a hash of a text's UTF-16 code units, as 8 hexadecimal digits.
 *
 * @param {string} text
 * @returns {string}
 */
export function qrChecksum(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Cuts a document into the texts of its QR codes, in order.
 *
 * @example
 * ```js
 * splitIntoQrChunks(olfText); // ['AIRLOCK-QR 1/3 9f3a0c1e -----BEGIN …', 'AIRLOCK-QR 2/3 9f3a0c1e …', …]
 * ```
 * @param {string} text the whole document
 * @param {{ maxChunkChars?: number }} [options]
 * @returns {string[]}
 */
export function splitIntoQrChunks(text, options = {}) {
  const size = options.maxChunkChars ?? DEFAULT_QR_CHUNK_CHARS;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`maxChunkChars must be a positive integer, not ${size}`);
  if (text.length === 0) throw new RangeError('an empty document has no QR codes');
  const total = Math.ceil(text.length / size);
  if (total > MAX_QR_CHUNKS) throw new RangeError(`the document needs ${total} QR codes, more than ${MAX_QR_CHUNKS}`);
  const checksum = qrChecksum(text);
  /** @type {string[]} */
  const chunks = [];
  for (let index = 1; index <= total; index++) {
    chunks.push(`${QR_CHUNK_PREFIX} ${index}/${total} ${checksum} ${text.slice((index - 1) * size, index * size)}`);
  }
  return chunks;
}

/**
 * Reads one scanned code.
 *
 * @param {string} value the text a QR code held
 * @returns {{ ok: true, chunk: QrChunk } | QrRefusal}
 */
export function parseQrChunk(value) {
  if (typeof value !== 'string') return malformed('the code holds no text');
  if (!value.startsWith(`${QR_CHUNK_PREFIX} `)) return malformed(`the code does not start with "${QR_CHUNK_PREFIX} "`);
  const match = chunkPattern.exec(value);
  if (!match) return malformed(`the code's header is not "${QR_CHUNK_PREFIX} <n>/<total> <checksum> "`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (index > total) return malformed(`chunk ${index} of ${total} cannot exist`);
  return { ok: true, chunk: { index, total, checksum: /** @type {string} */ (match[3]), part: /** @type {string} */ (match[4]) } };
}

/**
 * Joins scanned codes back into the document, whatever their order; the same code read twice
 * counts once.
 *
 * @example
 * ```js
 * const joined = assembleQrChunks(scannedTexts);
 * if (joined.ok) upload(joined.text); else show(joined.message);
 * ```
 * @param {readonly string[]} values the texts the QR codes held
 * @returns {{ ok: true, text: string, total: number } | QrRefusal}
 */
export function assembleQrChunks(values) {
  if (values.length === 0) return refusal('QR_NOTHING_READ', 'No QR code of an Airlock document was read.', {});
  /** @type {QrChunk[]} */
  const chunks = [];
  for (const [position, value] of values.entries()) {
    const parsed = parseQrChunk(value);
    if (!parsed.ok) return { ...parsed, detail: { ...parsed.detail, position: position + 1 } };
    chunks.push(parsed.chunk);
  }
  const documents = [...new Set(chunks.map((chunk) => `${chunk.checksum} (${chunk.total} codes)`))];
  if (documents.length > 1) {
    return refusal('QR_CHUNKS_MIXED', 'These QR codes belong to more than one document: read the codes of one document only.', { documents });
  }
  const first = /** @type {QrChunk} */ (chunks[0]);
  /** @type {Map<number, string>} */
  const parts = new Map();
  for (const chunk of chunks) {
    const seen = parts.get(chunk.index);
    if (seen !== undefined && seen !== chunk.part) {
      return refusal('QR_DOCUMENT_CORRUPT', 'The QR codes do not join into the document they came from.', {
        reason: `two different codes are numbered ${chunk.index}`,
      });
    }
    parts.set(chunk.index, chunk.part);
  }
  /** @type {number[]} */
  const missing = [];
  for (let index = 1; index <= first.total; index++) if (!parts.has(index)) missing.push(index);
  if (missing.length > 0) {
    return refusal('QR_CHUNK_MISSING', `Some QR codes of this document were not read: ${missing.join(', ')} of ${first.total}.`, {
      missing,
      total: first.total,
    });
  }
  let text = '';
  for (let index = 1; index <= first.total; index++) text += parts.get(index);
  if (qrChecksum(text) !== first.checksum) {
    return refusal('QR_DOCUMENT_CORRUPT', 'The QR codes do not join into the document they came from.', {
      reason: 'the joined text does not match its checksum',
    });
  }
  return { ok: true, text, total: first.total };
}

/**
 * @param {string} reason
 * @returns {QrRefusal}
 */
function malformed(reason) {
  return refusal('QR_CHUNK_MALFORMED', 'A QR code read is not part of an Airlock document.', { reason });
}

/**
 * @param {QrRefusalCode} code
 * @param {string} message
 * @param {Record<string, unknown>} detail
 * @returns {QrRefusal}
 */
function refusal(code, message, detail) {
  return { ok: false, code, message, detail };
}
