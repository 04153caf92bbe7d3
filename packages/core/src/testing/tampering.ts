import { expect } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';

/**
 * Test support for refusals: await a refusal and check its code, and change a document one
 * character at a time to prove no change goes unnoticed.
 */
export async function expectCode(promise: Promise<unknown>, code: string) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AirlockError);
  expect((error as AirlockError).code).toBe(code);
  return error as AirlockError;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A base64url character with its top data bit flipped (never a padding bit); any other with its low bit flipped. */
export const flip = (c: string) => (BASE64URL.includes(c) ? BASE64URL[BASE64URL.indexOf(c) ^ 32]! : String.fromCharCode(c.charCodeAt(0) ^ 1));

/** Opens the text once per character changed, all but the final newline (text after the block is ignored by design). */
export async function alterEachCharacter(text: string, open: (altered: string) => Promise<unknown>) {
  const accepted: number[] = [];
  const foreign: string[] = [];
  const codes = new Set<string>();
  for (let i = 0; i < text.length - 1; i++) {
    await open(text.slice(0, i) + flip(text[i]!) + text.slice(i + 1)).then(
      () => accepted.push(i),
      (error: unknown) => (error instanceof AirlockError ? codes.add(error.code) : foreign.push(`${i}: ${String(error)}`)),
    );
  }
  return { accepted, foreign, codes: [...codes].sort() };
}
