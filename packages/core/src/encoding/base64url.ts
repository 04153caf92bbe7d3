const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict base64url: only the URL-safe alphabet, no padding, and a length that can be valid. */
export function decodeBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  // Reject non-canonical encodings (stray low bits), so one document has one spelling.
  if (bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes);
}

export function encodeJsonBase64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
