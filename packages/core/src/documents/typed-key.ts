import type { ErrorCode } from '../errors/error-codes.ts';
import { accept, refuse, type Outcome, type Refusal } from '../errors/outcome.ts';
import { dammCheckSymbol, dammValid } from './damm-gf32.ts';

/**
 * What license keys and Registration Keys share: keys people type, written as Crockford base32
 * data symbols and one Damm check symbol (which catches every single mistyped character and
 * every swap of two neighbours), in hyphen-separated groups.
 */
export interface TypedKeyFormat {
  /** Data symbols, before the check symbol. */
  readonly dataLength: number;
  /** Symbols per group; the key's whole length (data + check) is a multiple of it. */
  readonly group: number;
  /** The code every malformed text is refused with. */
  readonly malformed: ErrorCode;
  /** The refusal of a well-formed text whose check symbol does not match. */
  readonly mismatch: Refusal;
}

/** Crockford base32: digits and capitals without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Longer text is not a key, however generously spaced; the cap bounds the work on junk input. */
const MAX_INPUT_LENGTH = 64;

/**
 * What each accepted character reads as. ASCII only, on purpose: `toUpperCase()` would turn
 * `ß` into `SS` and a dotless `ı` into `I`, quietly accepting characters no key contains.
 * Crockford's look-alikes are forgiven: O reads as 0, I and L as 1.
 */
const SYMBOL_OF: ReadonlyMap<string, number> = new Map([
  ...[...ALPHABET].flatMap(
    (char, symbol) =>
      [
        [char, symbol],
        [char.toLowerCase(), symbol],
      ] as const,
  ),
  ...[...'Oo'].map((char) => [char, 0] as const),
  ...[...'IiLl'].map((char) => [char, 1] as const),
]);

/** Ignored between characters: any white space, the hyphen, and the dashes word processors put in its place. */
const SEPARATOR = /^[\s\u2010-\u2014\u2212-]$/u;

/**
 * The canonical key of `data` symbols (0–31): its check symbol appended, in groups.
 *
 * @example
 * ```ts
 * typedKeyOf(symbolsOfBits(digest, 15), { dataLength: 15, group: 4, … }); // 'XBWJ-N5F3-EP7S-3BYJ'
 * ```
 */
export function typedKeyOf(data: readonly number[], format: TypedKeyFormat): string {
  return canonical([...data, dammCheckSymbol(data)], format.group);
}

/**
 * Reads a typed key, forgiving of how people type (case, white space, hyphens or none, O/I/L
 * for 0/1). Refuses, in this order, so that the first refusal is the useful one: not text or
 * too long; a character no key contains (with the character and its index); the wrong number
 * of characters; a check symbol that does not match, which only a well-formed key can have.
 */
export function checkTypedKey(text: unknown, format: TypedKeyFormat): Outcome<string> {
  if (typeof text !== 'string') return refuse(format.malformed, { reason: 'not text' });
  if (text.length > MAX_INPUT_LENGTH) return refuse(format.malformed, { reason: 'too long', maximum: MAX_INPUT_LENGTH });
  const symbols: number[] = [];
  let index = 0;
  for (const char of text) {
    const symbol = SYMBOL_OF.get(char);
    if (symbol !== undefined) symbols.push(symbol);
    else if (!SEPARATOR.test(char)) return refuse(format.malformed, { reason: 'unexpected character', character: char, index });
    index += char.length;
  }
  const length = format.dataLength + 1;
  if (symbols.length !== length) return refuse(format.malformed, { reason: 'wrong length', expected: length, found: symbols.length });
  if (!dammValid(symbols)) return format.mismatch;
  return accept(canonical(symbols, format.group));
}

/** The first `count` 5-bit symbols of `bytes`, most significant bit first. */
export function symbolsOfBits(bytes: Uint8Array, count: number): number[] {
  return Array.from({ length: count }, (_, index) => {
    let value = 0;
    for (let bit = index * 5; bit < index * 5 + 5; bit++) value = (value << 1) | (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    return value;
  });
}

/**
 * The symbols (0–31) of a canonical key, hyphens skipped: what {@link checkTypedKey} accepted,
 * read back for a format that carries fields in its symbols.
 */
export function symbolsOfCanonical(key: string): number[] {
  return [...key.replace(/-/g, '')].map((char) => ALPHABET.indexOf(char));
}

/** The Crockford base32 characters of symbols 0–31, with no grouping. */
export function charactersOfSymbols(symbols: readonly number[]): string {
  return symbols.map((symbol) => ALPHABET.charAt(symbol)).join('');
}

function canonical(symbols: readonly number[], group: number): string {
  const chars = symbols.map((symbol) => ALPHABET.charAt(symbol)).join('');
  return Array.from({ length: chars.length / group }, (_, index) => chars.slice(index * group, (index + 1) * group)).join('-');
}
