import { isAirlockError } from '@airlock/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeKeyOf, verifyUnsubscribeToken } from '../features/reminders/unsubscribe-token.ts';
import { encodeCursor, readPaging, type ListSpec } from './paging.ts';

/**
 * The authority's own decoders of what callers send back to it — a list's `after` cursor and an
 * unsubscribe link's token — on arbitrary and damaged input: each answers with its one refusal
 * code, never with another error, and reads back exactly what it wrote.
 */
const RUNS = 2_000;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The code a call refused with, or the error itself when it was not one of ours. */
function outcome<T>(call: () => T): { ok: T } | { code: string } | { thrown: unknown } {
  try {
    return { ok: call() };
  } catch (error) {
    return isAirlockError(error) ? { code: error.code } : { thrown: error };
  }
}

/** The text with one character replaced, anywhere, by any of `alphabet` or any character at all. */
const damaged = (text: string) =>
  fc
    .tuple(
      fc.nat({ max: Math.max(0, text.length - 1) }),
      fc.oneof(fc.constantFrom(...BASE64URL, '.', '=', '+', '/'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })),
    )
    .map(([at, replacement]) => `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`)
    .filter((changed) => changed !== text);

describe("the authority's decoders of what it handed out", () => {
  const spec: ListSpec<'name' | 'createdAt'> = {
    id: 'id',
    idType: 'text',
    sorts: { name: { expression: 'name', type: 'text' }, createdAt: { expression: 'created_at', type: 'timestamptz' } },
    defaultSort: 'name',
    search: [],
    total: false,
  };

  it('reads back every cursor it wrote, whatever its key and id', () => {
    fc.assert(
      // Keys and ids are text from the database: any Unicode, no lone surrogate (UTF-8 cannot hold one).
      fc.property(fc.constantFrom('name', '-name', 'createdAt'), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (sort, key, id) => {
        const after = encodeCursor(sort, key, id);
        expect(readPaging(spec, { sort, after }).after).toEqual({ key, id });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses any other cursor with REQUEST_INVALID, and a damaged one with it or as another cursor of strings', () => {
    const real = encodeCursor('name', 'Acme, Inc.', '6f1c2a9e-0d4b-4c55-9a7e-3b2f1e0d9c8a');
    const cursors = fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[\w-]{0,80}$/), damaged(real));
    fc.assert(
      fc.property(cursors, (after) => {
        const read = outcome(() => readPaging(spec, { after }).after);
        if ('ok' in read) expect(read.ok).toEqual({ key: expect.any(String), id: expect.any(String) });
        else expect(read).toEqual({ code: 'REQUEST_INVALID' });
      }),
      { numRuns: RUNS },
    );
  });

  const key = unsubscribeKeyOf('the decoders fuzz passphrase');
  const genuine = signUnsubscribeToken(key, { customerId: 'acme', kind: 'olf-due' });

  it('refuses any text that is not a token it signed with UNSUBSCRIBE_TOKEN_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[\w-]{1,120}\.[\w-]{43}$/)), (token) => {
        expect(outcome(() => verifyUnsubscribeToken(key, token))).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every one-character change of a token it signed, its MAC spelled only one way', () => {
    fc.assert(
      fc.property(damaged(genuine), (token) => {
        expect(outcome(() => verifyUnsubscribeToken(key, token))).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
      }),
      { numRuns: RUNS },
    );
    // The last character of a 32-byte MAC carries two spare bits: each other spelling of the same bytes is refused too.
    const last = genuine.at(-1)!;
    const sameBytes = [...BASE64URL].filter((char) => char !== last && (BASE64URL.indexOf(char) & ~3) === (BASE64URL.indexOf(last) & ~3));
    expect(sameBytes).toHaveLength(3);
    for (const char of sameBytes)
      expect(outcome(() => verifyUnsubscribeToken(key, `${genuine.slice(0, -1)}${char}`))).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
  });
});
