import QRCode from 'qrcode';
import { splitIntoQrChunks } from '../assets/qr-chunks.js';
import { escapeHtml, html, trustedHtml, type SafeHtml } from './html.ts';

export { assembleQrChunks, parseQrChunk, qrChecksum, splitIntoQrChunks, DEFAULT_QR_CHUNK_CHARS, MAX_QR_CHUNKS, QR_CHUNK_PREFIX } from '../assets/qr-chunks.js';
export type { QrChunk, QrRefusal, QrRefusalCode } from '../assets/qr-chunks.js';

/**
 * One QR code as an SVG element (black modules on white, a quiet zone of 4 modules), labelled
 * for assistive technology. The SVG is drawn by the `qrcode` library from the text; the text
 * itself never appears in the markup.
 *
 * @example
 * ```ts
 * html`<figure>${await qrCodeSvg('AIRLOCK-QR 1/1 …', 'QR code 1 of 1')}</figure>`;
 * ```
 */
export async function qrCodeSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  if (!svg.startsWith('<svg ')) throw new Error('the QR library drew no SVG');
  return trustedHtml(`<svg role="img" aria-label="${escapeHtml(label)}" focusable="false" ${svg.slice('<svg '.length)}`);
}

/**
 * A document as its numbered QR codes, one figure each, for a person to photograph or a
 * screen to be captured (see the upload form's QR reader). Large documents take several codes;
 * they may be read in any order.
 *
 * @example
 * ```ts
 * html`<section>${await documentQrCodes(olf.text, { name: 'Offline license file' })}</section>`;
 * ```
 */
export async function documentQrCodes(text: string, options: { readonly name: string; readonly maxChunkChars?: number }): Promise<SafeHtml> {
  const chunks = splitIntoQrChunks(text, options.maxChunkChars === undefined ? {} : { maxChunkChars: options.maxChunkChars });
  const figures = await Promise.all(
    chunks.map(async (chunk, index) => {
      const caption = `${options.name}: code ${index + 1} of ${chunks.length}`;
      return html`<figure class="qr-code" data-qr-index="${index + 1}">${await qrCodeSvg(chunk, caption)}<figcaption>${caption}</figcaption></figure>`;
    }),
  );
  return html`<div class="qr-codes">${figures}</div>`;
}
