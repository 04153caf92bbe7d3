import QRCode from 'qrcode';

/**
 * The enrolment QR code as an SVG document, drawn on the server by the `qrcode` library: the
 * pages' Content-Security-Policy (security-headers.ts) allows no external image, and the
 * secret it holds must never leave for a third-party renderer.
 *
 * @example
 * ```ts
 * const svg = await otpauthQrSvg(otpauthUri({ issuer, account, secret }));
 * ```
 */
export async function otpauthQrSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  if (!svg.startsWith('<svg ')) throw new Error('the QR library drew no SVG');
  return svg;
}
