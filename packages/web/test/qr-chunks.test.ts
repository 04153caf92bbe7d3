import { buildSampleScenario } from '@airlock/core/testing';
import fc from 'fast-check';
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { assembleQrChunks, documentQrCodes, qrChecksum, splitIntoQrChunks } from '../src/qr.ts';

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

describe('cutting a document into QR chunks', () => {
  it('numbers the chunks with the document’s checksum, and joins them back into the same text', () => {
    const text = `-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----\n${'A'.repeat(1500)}\n-----END AIRLOCK OFFLINE LICENSE FILE-----\n`;
    const chunks = splitIntoQrChunks(text);
    const checksum = qrChecksum(text);
    expect(chunks).toHaveLength(3);
    expect(chunks.map((chunk) => chunk.slice(0, 23))).toEqual([`AIRLOCK-QR 1/3 ${checksum}`, `AIRLOCK-QR 2/3 ${checksum}`, `AIRLOCK-QR 3/3 ${checksum}`]);
    expect(chunks.map((chunk) => chunk.length - 24)).toEqual([600, 600, text.length - 1200]);
    expect(assembleQrChunks(chunks)).toEqual({ ok: true, text, total: 3 });
  });

  it('round-trips any text in any order, each chunk read any number of times', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 0, max: 3 }),
        (text, size, seed, repeats) => {
          const chunks = splitIntoQrChunks(text, { maxChunkChars: size });
          const read = shuffled([...chunks, ...chunks.slice(0, repeats)], seed);
          expect(assembleQrChunks(read)).toEqual({ ok: true, text, total: chunks.length });
        },
      ),
    );
  });

  it('names the chunks that were not read', () => {
    const chunks = splitIntoQrChunks('x'.repeat(50), { maxChunkChars: 10 });
    expect(assembleQrChunks([chunks[4]!, chunks[1]!, chunks[0]!])).toEqual({
      ok: false,
      code: 'QR_CHUNK_MISSING',
      message: 'Some QR codes of this document were not read: 3, 4 of 5.',
      detail: { missing: [3, 4], total: 5 },
    });
  });

  it('refuses chunks of two documents, naming both', () => {
    const first = splitIntoQrChunks('first document', { maxChunkChars: 5 });
    const second = splitIntoQrChunks('second document', { maxChunkChars: 5 });
    expect(assembleQrChunks([first[0]!, second[1]!, first[1]!])).toEqual({
      ok: false,
      code: 'QR_CHUNKS_MIXED',
      message: 'These QR codes belong to more than one document: read the codes of one document only.',
      detail: { documents: [`${qrChecksum('first document')} (3 codes)`, `${qrChecksum('second document')} (3 codes)`] },
    });
  });

  it('refuses two different chunks under one number, and a text that does not match its checksum', () => {
    const chunks = splitIntoQrChunks('abcdefghij', { maxChunkChars: 5 });
    const forged = chunks[1]!.replace(/fghij$/, 'FGHIJ');
    expect(assembleQrChunks([...chunks, forged])).toEqual({
      ok: false,
      code: 'QR_DOCUMENT_CORRUPT',
      message: 'The QR codes do not join into the document they came from.',
      detail: { reason: 'two different codes are numbered 2' },
    });
    expect(assembleQrChunks([chunks[0]!, forged])).toEqual({
      ok: false,
      code: 'QR_DOCUMENT_CORRUPT',
      message: 'The QR codes do not join into the document they came from.',
      detail: { reason: 'the joined text does not match its checksum' },
    });
  });

  it('says when nothing was read', () => {
    expect(assembleQrChunks([])).toEqual({ ok: false, code: 'QR_NOTHING_READ', message: 'No QR code of an Airlock document was read.', detail: {} });
  });

  it('refuses malformed chunk headers with QR_CHUNK_MALFORMED, naming which code', () => {
    const good = splitIntoQrChunks('abcdef', { maxChunkChars: 3 });
    const cases: [string, string][] = [
      ['-----BEGIN AIRLOCK', 'the code does not start with "AIRLOCK-QR "'],
      ['AIRLOCK-QR', 'the code does not start with "AIRLOCK-QR "'],
      ['AIRLOCK-QR 0/2 12345678 x', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 1/02 12345678 x', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 1/1000 12345678 x', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 1/2 1234567 x', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 1/2 ABCDEF12 x', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 1/2 12345678 ', 'the code\'s header is not "AIRLOCK-QR <n>/<total> <checksum> "'],
      ['AIRLOCK-QR 3/2 12345678 x', 'chunk 3 of 2 cannot exist'],
    ];
    for (const [value, reason] of cases) {
      expect(assembleQrChunks([good[0]!, value]), value).toEqual({
        ok: false,
        code: 'QR_CHUNK_MALFORMED',
        message: 'A QR code read is not part of an Airlock document.',
        detail: { reason, position: 2 },
      });
    }
  });

  it('answers every malformed or mutated code with a refusal value, never an exception', () => {
    const document = '-----BEGIN AIRLOCK LICENSE FILE REQUEST-----\nabc.def.ghi\n';
    const chunks = splitIntoQrChunks(document, { maxChunkChars: 16 });
    const header = fc
      .tuple(
        fc.constantFrom('AIRLOCK-QR', 'AIRLOCK-Q', 'airlock-qr', 'AIRLOCK-QR ', ''),
        fc.oneof(fc.nat(1500).map(String), fc.string({ maxLength: 4 })),
        fc.constantFrom('/', '\\', ' ', ''),
        fc.oneof(fc.nat(1500).map(String), fc.string({ maxLength: 4 })),
        fc.oneof(fc.string({ minLength: 0, maxLength: 10, unit: fc.constantFrom(...'0123456789abcdef') }), fc.string({ maxLength: 9 })),
        fc.string({ maxLength: 20, unit: 'binary' }),
      )
      .map(([prefix, index, slash, total, checksum, part]) => `${prefix} ${index}${slash}${total} ${checksum} ${part}`);
    const mutated = fc
      .tuple(fc.constantFrom(...chunks), fc.nat(60), fc.string({ maxLength: 3, unit: 'binary' }))
      .map(([chunk, at, insert]) => chunk.slice(0, at) + insert + chunk.slice(at + insert.length));
    fc.assert(
      fc.property(fc.array(fc.oneof(header, mutated, fc.string({ unit: 'binary' })), { minLength: 1, maxLength: 6 }), (values) => {
        const joined = assembleQrChunks(values);
        if (joined.ok) {
          // Only the codes of the one real document, unharmed, may join, and into that document.
          expect(joined.text).toBe(document);
          expect(values.every((value) => chunks.includes(value))).toBe(true);
        } else {
          expect(['QR_CHUNK_MALFORMED', 'QR_CHUNKS_MIXED', 'QR_CHUNK_MISSING', 'QR_DOCUMENT_CORRUPT']).toContain(joined.code);
          expect(joined.message).toMatch(/\.$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses to cut what cannot be cut', () => {
    expect(() => splitIntoQrChunks('')).toThrow('an empty document has no QR codes');
    expect(() => splitIntoQrChunks('abc', { maxChunkChars: 0 })).toThrow('maxChunkChars must be a positive integer, not 0');
    expect(() => splitIntoQrChunks('x'.repeat(1000), { maxChunkChars: 1 })).toThrow('the document needs 1000 QR codes, more than 999');
  });
});

/** The code's modules as RGBA pixels, `scale` pixels a module, with a quiet zone of `margin` modules. */
function raster(
  modules: { size: number; get(row: number, column: number): number | boolean },
  scale: number,
  margin: number,
): { data: Uint8ClampedArray; width: number; height: number } {
  const width = (modules.size + 2 * margin) * scale;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const offset = (((row + margin) * scale + dy) * width + (column + margin) * scale + dx) * 4;
          data.fill(0, offset, offset + 3);
        }
      }
    }
  }
  return { data, width, height: width };
}

describe('documents as QR codes on a page', () => {
  it('draws every chunk of a real document as an SVG code that a decoder reads back, the whole joining into the document', async () => {
    const scenario = await buildSampleScenario();
    const lfr = scenario.documents.find((document) => document.kind.name === 'license-file-request')!;
    const markup = (await documentQrCodes(lfr.text, { name: 'License file request' })).markup;
    const chunks = splitIntoQrChunks(lfr.text);
    expect(chunks.length).toBeGreaterThan(1);
    expect(markup.match(/<figure class="qr-code"/g)).toHaveLength(chunks.length);
    expect(markup).toContain(`aria-label="License file request: code 1 of ${chunks.length}"`);
    expect(markup).not.toContain(lfr.text.slice(0, 40));
    // The SVG in the page is the library's drawing of each chunk: decode a raster of the same code.
    const read = chunks.map((chunk) => {
      const image = raster(QRCode.create(chunk, { errorCorrectionLevel: 'M' }).modules, 3, 4);
      return jsQR.default(image.data, image.width, image.height)?.data;
    });
    expect(
      assembleQrChunks(
        shuffled(
          read.map((value) => value ?? ''),
          7,
        ),
      ),
    ).toEqual({ ok: true, text: lfr.text, total: chunks.length });
  });
});
