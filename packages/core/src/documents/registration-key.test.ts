import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { dammCheckSymbol } from './damm-gf32.ts';
import {
  checkRegistrationKey,
  deriveRegistrationKey,
  formatRegistrationKey,
  parseRegistrationKey,
  registrationKeysEqual,
  type RegistrationKey,
  type RegistrationKeySubject,
} from './registration-key.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CANONICAL = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** A fixed subject and its RK: a test vector for other implementations. */
const subject: RegistrationKeySubject = {
  siteGuid: '0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b',
  tenantId: 'default',
  siteKeyThumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
};
const RK = 'XBWJ-N5F3-EP7S-3BYJ';

const subjects = fc.record({
  siteGuid: fc.uuid(),
  tenantId: fc.string({ minLength: 1, maxLength: 40 }),
  siteKeyThumbprint: fc.base64String({ minLength: 4, maxLength: 44 }),
});

const checksumRefusal = { ok: false, code: 'REGISTRATION_KEY_CHECKSUM', detail: {} };

/** The 16 characters of a key, without its hyphens. */
const charsOf = (rk: string): string => rk.replaceAll('-', '');

/** The derivation as the TSDoc documents it, written independently: bits read from a BigInt. */
function documentedDerivation({ siteGuid, tenantId, siteKeyThumbprint }: RegistrationKeySubject): string {
  const encode = (field: string) => {
    const bytes = new TextEncoder().encode(field);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    return [length, bytes];
  };
  const digest = createHash('sha256')
    .update(Buffer.concat([new TextEncoder().encode('airlock-rk-v1\0'), ...encode(siteGuid.toLowerCase()), ...encode(tenantId), ...encode(siteKeyThumbprint)]))
    .digest('hex');
  const first75 = BigInt(`0x${digest}`) >> 181n;
  const data = Array.from({ length: 15 }, (_, i) => Number((first75 >> BigInt(5 * (14 - i))) & 31n));
  const chars = [...data, dammCheckSymbol(data)].map((symbol) => ALPHABET[symbol]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

describe('deriveRegistrationKey', () => {
  it('gives the test vector for the fixed subject', () => {
    expect(deriveRegistrationKey(subject)).toBe(RK);
  });

  it('follows the documented derivation for any subject', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        expect(deriveRegistrationKey(s)).toBe(documentedDerivation(s));
      }),
    );
  });

  it('derives a canonical, valid key, the same one every time, whatever the case of the GUID', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const rk = deriveRegistrationKey(s);
        expect(rk).toMatch(CANONICAL);
        expect(deriveRegistrationKey({ ...s })).toBe(rk);
        expect(deriveRegistrationKey({ ...s, siteGuid: s.siteGuid.toUpperCase() })).toBe(rk);
        expect(checkRegistrationKey(rk)).toEqual({ ok: true, value: rk });
      }),
    );
  });

  it('differs per site, per tenant and per site key', () => {
    expect([
      deriveRegistrationKey({ ...subject, siteGuid: '1b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b' }),
      deriveRegistrationKey({ ...subject, tenantId: 'acme' }),
      deriveRegistrationKey({ ...subject, tenantId: 'Default' }),
      deriveRegistrationKey({ ...subject, siteKeyThumbprint: 'lPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' }),
    ]).not.toContain(RK);
    fc.assert(
      fc.property(subjects, subjects, (a, b) => {
        fc.pre(a.siteGuid !== b.siteGuid || a.tenantId !== b.tenantId || a.siteKeyThumbprint !== b.siteKeyThumbprint);
        expect(deriveRegistrationKey(a)).not.toBe(deriveRegistrationKey(b));
      }),
    );
  });

  it('cannot be confused by moving characters from one field to the next', () => {
    const keys = new Set([
      deriveRegistrationKey({ siteGuid: 'g', tenantId: 'ab', siteKeyThumbprint: 'c' }),
      deriveRegistrationKey({ siteGuid: 'g', tenantId: 'a', siteKeyThumbprint: 'bc' }),
      deriveRegistrationKey({ siteGuid: 'ga', tenantId: 'b', siteKeyThumbprint: 'c' }),
      deriveRegistrationKey({ siteGuid: 'g', tenantId: 'a\0', siteKeyThumbprint: 'bc' }),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe('checkRegistrationKey', () => {
  it('refuses every single mistyped character, at every position, with each of the 31 other characters', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const chars = charsOf(deriveRegistrationKey(s));
        let typos = 0;
        for (let at = 0; at < chars.length; at++) {
          for (const typo of ALPHABET) {
            if (typo === chars[at]) continue;
            typos++;
            expect(checkRegistrationKey(chars.slice(0, at) + typo + chars.slice(at + 1))).toEqual(checksumRefusal);
          }
        }
        expect(typos).toBe(16 * 31);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every swap of two different neighbouring characters, the check character included', () => {
    fc.assert(
      fc.property(subjects, (s) => {
        const chars = charsOf(deriveRegistrationKey(s));
        for (let at = 0; at + 1 < chars.length; at++) {
          if (chars[at] === chars[at + 1]) continue;
          const swapped = chars.slice(0, at) + chars[at + 1]! + chars[at]! + chars.slice(at + 2);
          expect(checkRegistrationKey(swapped)).toEqual(checksumRefusal);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('forgives lower case, spaces, missing or extra hyphens and O, I or L for 0 and 1', () => {
    const withLookAlikes = deriveRegistrationKey({ ...subject, tenantId: 'tenant-11' });
    expect(withLookAlikes).toBe('AHRQ-9Z10-G142-RVMF');
    const typed = [
      'xbwj-n5f3-ep7s-3byj',
      'XBWJN5F3EP7S3BYJ',
      '  xbwj n5f3\tep7s 3byj\n',
      'X-B-W-J-N-5-F-3-E-P-7-S-3-B-Y-J',
      'XBWJ\u2013N5F3\u2013EP7S\u2013\u00a03BYJ',
    ];
    expect(typed.map((text) => checkRegistrationKey(text))).toEqual(typed.map(() => ({ ok: true, value: RK })));
    expect(['ahrq 9zio g142 rvmf', 'AHRQ-9ZLO-GI42-RVMF', 'ahrq9zlogl42rvmf'].map((text) => parseRegistrationKey(text))).toEqual([
      withLookAlikes,
      withLookAlikes,
      withLookAlikes,
    ]);
  });

  it('refuses a wrong number of characters as malformed, with the count', () => {
    const wrongLength = (found: number) => ({ ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'wrong length', expected: 16, found } });
    expect(['', '   ', '-', RK.slice(0, -1), `${RK}7`, `${RK}-${RK}`].map((text) => checkRegistrationKey(text))).toEqual(
      [0, 0, 0, 15, 17, 32].map(wrongLength),
    );
  });

  it('refuses characters no RK contains as malformed, naming the first one and its index', () => {
    const unexpected = (character: string, index: number) => ({
      ok: false,
      code: 'REGISTRATION_KEY_MALFORMED',
      detail: { reason: 'unexpected character', character, index },
    });
    expect(
      ['XBWJ-N5F3-EP7S-3BYU', 'XBWJ-N5F3-EP7S-3BY*', 'XBWJ_N5F3', 'ßBWJ-N5F3-EP7S-3BYJ', 'XBWJ-ıBWJ', 'XBWJ-ſ', '😀X', 'XBWJ-N5F3-EP7S-3BYJ.'].map((text) =>
        checkRegistrationKey(text),
      ),
    ).toEqual([
      unexpected('U', 18),
      unexpected('*', 18),
      unexpected('_', 4),
      unexpected('ß', 0),
      unexpected('ı', 5),
      unexpected('ſ', 5),
      unexpected('😀', 0),
      unexpected('.', 19),
    ]);
  });

  it('refuses text too long to be a key, and anything that is not text, as malformed', () => {
    expect(['x'.repeat(10_000), ' '.repeat(65), 42, null, undefined, ['XBWJ-N5F3-EP7S-3BYJ']].map((text) => checkRegistrationKey(text))).toEqual([
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'too long', maximum: 64 } },
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'too long', maximum: 64 } },
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'not text' } },
      { ok: false, code: 'REGISTRATION_KEY_MALFORMED', detail: { reason: 'not text' } },
    ]);
  });

  it('answers arbitrary input with a canonical key or one of the two RK codes, and never throws', () => {
    const texts = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'0123456789abxyzOIL -'), maxLength: 24 }), fc.anything());
    fc.assert(
      fc.property(texts, (text) => {
        const outcome = checkRegistrationKey(text);
        if (outcome.ok) expect(outcome.value).toMatch(CANONICAL);
        else expect(['REGISTRATION_KEY_MALFORMED', 'REGISTRATION_KEY_CHECKSUM']).toContain(outcome.code);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseRegistrationKey', () => {
  it('returns the canonical key', () => {
    expect(parseRegistrationKey('xbwj n5f3 ep7s 3byj')).toBe(RK);
  });

  it('throws an AirlockError carrying the refusal', () => {
    const thrown = (text: unknown) => {
      try {
        parseRegistrationKey(text);
      } catch (error) {
        return error instanceof AirlockError ? error.toJSON() : error;
      }
      return undefined;
    };
    expect([thrown('XBWJ-N5F3-EP7S-3BJY'), thrown('XBWJ')]).toEqual([
      { code: 'REGISTRATION_KEY_CHECKSUM', message: 'The Registration Key has a mistyped character: its checksum does not match.', detail: {} },
      {
        code: 'REGISTRATION_KEY_MALFORMED',
        message: 'The Registration Key has the wrong length or characters.',
        detail: { reason: 'wrong length', expected: 16, found: 4 },
      },
    ]);
  });

  it('throws nothing but an AirlockError with one of the two RK codes, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.anything()), (text) => {
        try {
          expect(parseRegistrationKey(text)).toMatch(CANONICAL);
        } catch (error) {
          expect(error).toBeInstanceOf(AirlockError);
          expect(['REGISTRATION_KEY_MALFORMED', 'REGISTRATION_KEY_CHECKSUM']).toContain((error as AirlockError).code);
        }
      }),
    );
  });
});

describe('formatRegistrationKey', () => {
  it('joins the four groups with a hyphen, a space or nothing, and each form parses back', () => {
    const rk = RK as RegistrationKey;
    const forms = [formatRegistrationKey(rk), formatRegistrationKey(rk, '-'), formatRegistrationKey(rk, ' '), formatRegistrationKey(rk, '')];
    expect(forms).toEqual([RK, RK, 'XBWJ N5F3 EP7S 3BYJ', 'XBWJN5F3EP7S3BYJ']);
    expect(forms.map((form) => parseRegistrationKey(form))).toEqual([RK, RK, RK, RK]);
  });
});

describe('registrationKeysEqual', () => {
  it('is true for two spellings of the same key and false for different or invalid keys', () => {
    expect([
      registrationKeysEqual('xbwj n5f3 ep7s 3byj', RK),
      registrationKeysEqual(RK, deriveRegistrationKey({ ...subject, tenantId: 'acme' })),
      registrationKeysEqual('XBWJ-N5F3-EP7S-3BJY', 'XBWJ-N5F3-EP7S-3BJY'),
      registrationKeysEqual('', ''),
    ]).toEqual([true, false, false, false]);
  });
});
