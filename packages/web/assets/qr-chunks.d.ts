// Generated from qr-chunks.js by TypeScript (declaration emit); test/assets.test.ts checks it matches.
/**
 * The 32-bit FNV-1a hash of a text's UTF-16 code units, as 8 hexadecimal digits.
 *
 * @param {string} text
 * @returns {string}
 */
export function qrChecksum(text: string): string;
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
export function splitIntoQrChunks(text: string, options?: {
    maxChunkChars?: number;
}): string[];
/**
 * Reads one scanned code.
 *
 * @param {string} value the text a QR code held
 * @returns {{ ok: true, chunk: QrChunk } | QrRefusal}
 */
export function parseQrChunk(value: string): {
    ok: true;
    chunk: QrChunk;
} | QrRefusal;
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
export function assembleQrChunks(values: readonly string[]): {
    ok: true;
    text: string;
    total: number;
} | QrRefusal;
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
export const QR_CHUNK_PREFIX: "AIRLOCK-QR";
/** Most chunks one document may be cut into. */
export const MAX_QR_CHUNKS: 999;
/**
 * Characters of the document per chunk: with the header, a chunk fits a QR code of version 17
 * or so (85 modules a side) at error correction M, which a phone camera or a screenshot reads
 * reliably at the size the kit shows it.
 */
export const DEFAULT_QR_CHUNK_CHARS: 600;
export type QrChunk = {
    index: number;
    total: number;
    checksum: string;
    part: string;
};
export type QrRefusalCode = "QR_CHUNK_MALFORMED" | "QR_CHUNKS_MIXED" | "QR_CHUNK_MISSING" | "QR_DOCUMENT_CORRUPT" | "QR_NOTHING_READ";
export type QrRefusal = {
    ok: false;
    code: QrRefusalCode;
    message: string;
    detail: Record<string, unknown>;
};
