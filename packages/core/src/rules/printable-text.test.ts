import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, isPrintableText, NAME_PATTERN } from './text.ts';
import { Name } from '../encoding/schema.ts';

/** The one rule for names, as both servers and every document apply it. */
const refused = [
  '\u0000',
  'nul\u0000user',
  '\u0007',
  '\t',
  'a\nb',
  '\r',
  '\u001b[2J',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009b31m',
  '\u009f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  'abc\u202edcb',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ud800',
  '\udfff',
  'a\ud83d',
  '\ude42b',
  '\ude42\ud83d',
  '',
];
const accepted = [
  'ana',
  'José Núñez',
  'ana@example.com',
  '李小龙',
  'עברית',
  'العربية',
  '🙂',
  'a🙂b',
  'x\u200ey',
  'ana smith',
  'ü'.repeat(200),
  '\u00a0',
  '\u00ff',
];

describe('printable text', () => {
  it('refuses control characters, bidi overrides and isolates, and lone surrogates, with and without the u flag', () => {
    const withU = new RegExp(NAME_PATTERN, 'u');
    const withoutU = new RegExp(NAME_PATTERN);
    for (const text of refused) {
      expect({ text, ok: isPrintableText(text) }).toEqual({ text, ok: false });
      // The pattern is about characters; an empty name is refused by its length (minLength 1).
      if (text !== '') expect({ text, u: withU.test(text), plain: withoutU.test(text) }).toEqual({ text, u: false, plain: false });
      expect(Value.Check(Name, text)).toBe(false);
    }
    for (const text of accepted) {
      expect({ text, u: withU.test(text), plain: withoutU.test(text) }).toEqual({ text, u: true, plain: true });
      expect(Value.Check(Name, text)).toBe(true);
    }
  });

  it('escapes for a terminal exactly what it refuses, leaving everything else as it is', () => {
    expect(escapeControlCharacters('nul\u0000user \u001b[2J \u009b \u202eabc \ud800 🙂 José')).toBe(
      'nul\\u{0000}user \\u{001b}[2J \\u{009b} \\u{202e}abc \\u{d800} 🙂 José',
    );
    for (const text of accepted) expect(escapeControlCharacters(text)).toBe(text);
    for (const text of refused.filter((entry) => entry !== '')) {
      const escaped = escapeControlCharacters(text);
      expect(isPrintableText(escaped)).toBe(true);
    }
  });
});
