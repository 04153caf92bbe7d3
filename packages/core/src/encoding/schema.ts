import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { AirlockError } from '../errors/airlock-error.ts';

/**
 * Document payloads are described once, as JSON Schema (TypeBox): the same schema checks what
 * arrives, types what we build, and documents the format. Every string and array is bounded,
 * so a hostile file cannot make a verifier allocate without limit.
 */

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor<T extends TSchema>(schema: T): TypeCheck<T> {
  let checker = compiled.get(schema);
  if (!checker) {
    checker = TypeCompiler.Compile(schema);
    compiled.set(schema, checker);
  }
  return checker as TypeCheck<T>;
}

/** The value, typed, when it matches the schema; PAYLOAD_INVALID naming the first mismatch otherwise. */
export function validate<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) return value;
  const first = checker.Errors(value).First();
  throw new AirlockError('PAYLOAD_INVALID', {
    document: what,
    path: first?.path ?? '',
    reason: first?.message ?? 'does not match the format',
  });
}

// Shared field shapes.
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Kid = Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' });
/**
 * The one rule for free text that names someone or something (users, device names, display
 * names): any characters but control characters — C0 (U+0000–U+001F), DEL and C1
 * (U+007F–U+009F) —, the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069, which reorder how the text around them is shown), and lone UTF-16 surrogates
 * (not text at all: no database or terminal takes them). A pair of surrogates (an emoji, any
 * character past U+FFFF) is fine. Written to mean the same with and without the regular
 * expression `u` flag, so every JSON Schema validator applies it alike.
 */
export const PRINTABLE_TEXT_PATTERN = '^(?:[^\\x00-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])+$';
const PRINTABLE_TEXT = new RegExp(PRINTABLE_TEXT_PATTERN);

/** Whether `text` is non-empty and follows `PRINTABLE_TEXT_PATTERN`. */
export function isPrintableText(text: string): boolean {
  return PRINTABLE_TEXT.test(text);
}

/**
 * Text made safe to print on a terminal or in a log line: every character the rule above
 * refuses is written as `\u{…}`, so an escape sequence in a name shows as text instead of
 * moving the cursor or recolouring the screen.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\x00-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (character) => `\\u{${character.charCodeAt(0).toString(16).padStart(4, '0')}}`);
}

/** A free-text name of 1 to `maxLength` characters, under `PRINTABLE_TEXT_PATTERN`. */
export function printableText(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: PRINTABLE_TEXT_PATTERN });
}

export const Name = printableText(200);
export const NumericDate = Type.Integer({ minimum: 0, maximum: 253402300799 });
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
export const Answers = Type.Array(Id, { maxItems: 16 });
export const Guid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const Ed25519Jwk = Type.Object(
  { kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String({ minLength: 43, maxLength: 43 }) },
  { additionalProperties: false },
);
export const X25519Jwk = Type.Object(
  { kty: Type.Literal('OKP'), crv: Type.Literal('X25519'), x: Type.String({ minLength: 43, maxLength: 43 }) },
  { additionalProperties: false },
);
