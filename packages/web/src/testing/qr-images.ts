import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';

/**
 * Test support for QR codes: pictures of the codes a page shows, as a person would take them,
 * and a video of codes for Chromium's fake camera. Never for production.
 */

/**
 * Saves a PNG of every `.qr-code` figure on the page into `dir` (`<prefix>-1.png`, …) and
 * returns their paths, in page order.
 *
 * @example
 * ```ts
 * const images = await screenshotQrCodes(page, tmp, 'olf');
 * await page.setInputFiles('input[data-qr-images]', images.reverse());
 * ```
 */
export async function screenshotQrCodes(page: Page, dir: string, prefix: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const figures = await page.locator('.qr-code').all();
  const paths: string[] = [];
  for (const [index, figure] of figures.entries()) {
    const file = `${dir}/${prefix}-${index + 1}.png`;
    await figure.screenshot({ path: file });
    paths.push(file);
  }
  return paths;
}

/**
 * A Y4M video (YUV 4:2:0, 640×480, 10 frames a second) showing each text as a QR code for
 * `framesEach` frames, in order; Chromium loops it when given as its fake camera.
 *
 * @example
 * ```ts
 * await writeY4mOfQrCodes('/tmp/codes.y4m', splitIntoQrChunks(text));
 * const browser = await launchBrowser({ fakeCamera: '/tmp/codes.y4m' });
 * ```
 */
export async function writeY4mOfQrCodes(file: string, texts: readonly string[], options: { readonly framesEach?: number } = {}): Promise<void> {
  const width = 640;
  const height = 480;
  const framesEach = options.framesEach ?? 10;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frames: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (const text of texts) {
    const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const size = modules.size + 8;
    const scale = Math.floor(Math.min(width, height) / size);
    if (scale < 2) throw new Error(`a code of ${modules.size} modules does not fit a ${width}×${height} frame`);
    const luma = Buffer.alloc(width * height, 235);
    const left = Math.floor((width - modules.size * scale) / 2);
    const top = Math.floor((height - modules.size * scale) / 2);
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (!modules.get(row, column)) continue;
        for (let dy = 0; dy < scale; dy++)
          luma.fill(16, (top + row * scale + dy) * width + left + column * scale, (top + row * scale + dy) * width + left + (column + 1) * scale);
      }
    }
    for (let frame = 0; frame < framesEach; frame++) frames.push(Buffer.from('FRAME\n'), luma, chroma);
  }
  await writeFile(file, Buffer.concat(frames));
}
