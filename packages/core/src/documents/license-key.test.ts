import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { dammValid } from './damm-gf32.ts';
import { checkLicenseKey, generateLicenseKey, parseLicenseKey } from './license-key.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/;
/** The key `seededRandom('license-key')` gives: a vector for other implementations. */
const KEY = 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4';

const symbolsOf = (key: string) => [...key.replaceAll('-', '')].map((char) => ALPHABET.indexOf(char));
const keyOf = (symbols: readonly number[]) =>
  symbols
    .map((s) => ALPHABET[s])
    .join('')
    .match(/.{5}/g)!
    .join('-');
const randomSources = fc.uint8Array({ minLength: 15, maxLength: 15 }).map((bytes) => ({ bytes: () => Uint8Array.from(bytes) }));

describe('generateLicenseKey', () => {
  it('gives the test vector for a fixed random source', () => {
    expect(generateLicenseKey(seededRandom('license-key'))).toBe(KEY);
  });

  it('writes 120 random bits, most significant first, as 24 symbols and a valid check symbol', () => {
    const allOnes = { bytes: (n: number) => new Uint8Array(n).fill(0xff) };
    const key = generateLicenseKey(allOnes);
    expect(key.slice(0, 28)).toBe('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ');
    expect(dammValid(symbolsOf(key))).toBe(true);
    const bits = { bytes: (n: number) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0b1000_0001 : 0)) };
    expect(generateLicenseKey(bits).slice(0, 3)).toBe('G40'); // 10000 00100 00000
  });

  it('always makes canonical keys that check, and different random bytes make different keys', () => {
    fc.assert(
      fc.property(randomSources, randomSources, (a, b) => {
        const [left, right] = [generateLicenseKey(a), generateLicenseKey(b)];
        expect(left).toMatch(CANONICAL);
        expect(checkLicenseKey(left)).toEqual({ ok: true, value: left });
        expect(left === right).toBe(Buffer.from(a.bytes()).equals(Buffer.from(b.bytes())));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a random source that returns the wrong length', () => {
    expect(() => generateLicenseKey({ bytes: () => new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('checkLicenseKey', () => {
  it('reads a key however a person types it: case, spaces, no hyphens, O for 0 and I or L for 1', () => {
    const typed = [KEY.toLowerCase(), KEY.replaceAll('-', ' '), KEY.replaceAll('-', ''), ` ${KEY} `, KEY.replaceAll('-', '\u2013')];
    expect(typed.map((text) => checkLicenseKey(text))).toEqual(typed.map(() => ({ ok: true, value: KEY })));
    const withZeroAndOne = generateLicenseKey({ bytes: (n) => new Uint8Array(n) })
      .replace(/^00/, 'Oo')
      .replace('0', 'O');
    expect(checkLicenseKey(withZeroAndOne)).toEqual({ ok: true, value: generateLicenseKey({ bytes: (n) => new Uint8Array(n) }) });
    expect(parseLicenseKey('j7ab22xn317qvkkcsc4jszzs4')).toBe(KEY);
  });

  it('catches every single mistyped character and every swap of two different neighbours', () => {
    const symbols = symbolsOf(KEY);
    const caught: boolean[] = [];
    for (let at = 0; at < symbols.length; at++) {
      for (let to = 0; to < 32; to++) {
        if (to === symbols[at]) continue;
        const typo = [...symbols];
        typo[at] = to;
        caught.push(!checkLicenseKey(keyOf(typo)).ok);
      }
      if (at + 1 < symbols.length && symbols[at] !== symbols[at + 1]) {
        const swapped = [...symbols];
        [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
        caught.push(!checkLicenseKey(keyOf(swapped)).ok);
      }
    }
    expect(caught.length).toBeGreaterThan(25 * 31);
    expect(caught.every(Boolean)).toBe(true);
    const [first] = [keyOf([...symbols.slice(0, 24), (symbols[24]! + 1) % 32])];
    expect(checkLicenseKey(first)).toEqual({
      ok: false,
      code: 'LICENSE_KEY_MALFORMED',
      detail: { reason: 'check character does not match: a character is mistyped' },
    });
  });

  it('refuses what is not a key, saying why, in its order', () => {
    expect([42, null, undefined, 'x'.repeat(65), `${KEY}U`, 'J7AB2-2XN31', `${KEY}0`].map((text) => checkLicenseKey(text))).toEqual([
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'too long', maximum: 64 } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'unexpected character', character: 'U', index: 29 } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'wrong length', expected: 25, found: 10 } },
      { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'wrong length', expected: 25, found: 26 } },
    ]);
    const error = (() => {
      try {
        parseLicenseKey('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).code).toBe('LICENSE_KEY_MALFORMED');
  });

  it('answers any text with a canonical key or LICENSE_KEY_MALFORMED, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[0-9A-Za-z -]{20,35}$/)), (text) => {
        const outcome = checkLicenseKey(text);
        if (outcome.ok) expect(outcome.value).toMatch(CANONICAL);
        else expect(outcome.code).toBe('LICENSE_KEY_MALFORMED');
      }),
      { numRuns: 500 },
    );
  });
});
