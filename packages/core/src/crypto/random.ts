/**
 * The core's only source of randomness is one passed in. Servers pass
 * `{ bytes: (n) => crypto.randomBytes(n) }`; tests pass a seeded one so that
 * documents and test vectors come out byte for byte the same.
 */
export interface Random {
  bytes(length: number): Uint8Array;
}

/** A random (version 4) UUID built from the given source: the id every document carries. */
export function newDocumentId(random: Random): string {
  const b = random.bytes(16);
  if (b.length !== 16) throw new RangeError('Random.bytes(16) returned another length');
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(b.buffer, b.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
