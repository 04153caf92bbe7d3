import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { AirlockError } from '../errors/airlock-error.ts';
import { describeTextFault, findTextFault, NAME_PATTERN, textFault } from '../rules/text.ts';

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

/**
 * The value, typed, when it matches the schema; PAYLOAD_INVALID naming the first mismatch
 * otherwise. No string of a document, whatever its field, holds a control character other than
 * a line break or tab, NUL or an unpaired surrogate (the text rule of rules/text.ts); names hold
 * no control character at all (their pattern).
 */
export function validate<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) {
    const fault = findTextFault(value, (text) => textFault(text, 'free-text'));
    if (fault) throw new AirlockError('PAYLOAD_INVALID', { document: what, path: fault.path, reason: describeTextFault(fault) });
    return value;
  }
  const first = checker.Errors(value).First();
  // A name refused for a character says which character, not the pattern.
  const nameFault = first?.schema.pattern === NAME_PATTERN && typeof first.value === 'string' ? textFault(first.value, 'name') : null;
  throw new AirlockError('PAYLOAD_INVALID', {
    document: what,
    path: first?.path ?? '',
    reason: nameFault ? describeTextFault(nameFault) : (first?.message ?? 'does not match the format'),
  });
}

// Shared field shapes.
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Kid = Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' });
/** A name of 1 to `maxLength` characters under the one rule for names (rules/text.ts). */
export function printableText(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: NAME_PATTERN });
}

/** A name (a user, a tenant's label): one line, no control character. */
export const Name = printableText(200);
export const NumericDate = Type.Integer({ minimum: 0, maximum: 253402300799 });
export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Quantity = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
export const Answers = Type.Array(Id, { maxItems: 16 });
export const Guid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const X25519Jwk = Type.Object(
  { kty: Type.Literal('OKP'), crv: Type.Literal('X25519'), x: Type.String({ minLength: 43, maxLength: 43 }) },
  { additionalProperties: false },
);
