import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { findTextFault, FREE_TEXT_PATTERN, isCleanName, isCleanText, NAME_PATTERN, textFault, unsafeCharacterFault } from './text.ts';

const controls = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)].map((code) =>
  String.fromCharCode(code),
);
const lineBreaks = ['\t', '\n', '\r'];

describe('the text rule', () => {
  it('takes names in any script, emoji (surrogate pairs) included', () => {
    for (const name of ['ada', 'José Müller', '山田太郎', 'Zoë 👩‍🔧', 'o\u2019brien']) {
      expect(isCleanName(name), name).toBe(true);
      expect(isCleanText(name), name).toBe(true);
    }
  });

  it('refuses every C0 and C1 control character and DEL in a name, saying which and where', () => {
    for (const control of controls) expect(isCleanName(`a${control}b`), JSON.stringify(control)).toBe(false);
    expect(textFault('nul\u0000user', 'name')).toEqual({ index: 3, character: 'U+0000' });
    expect(textFault('x\u009f', 'name')).toEqual({ index: 1, character: 'U+009F' });
  });

  it('lets free text break lines, and nothing else', () => {
    for (const control of controls) expect(isCleanText(`a${control}b`), JSON.stringify(control)).toBe(lineBreaks.includes(control));
  });

  it('refuses unpaired surrogates, high or low, alone or at either end', () => {
    for (const text of ['\ud800', 'a\ud83d', '\udc00a', 'a\udfffb', '\ud83d\ud83d\ude00x\ud800']) {
      expect(isCleanName(text), escape(text)).toBe(false);
      expect(isCleanText(text), escape(text)).toBe(false);
      expect(unsafeCharacterFault(text), escape(text)).not.toBeNull();
    }
    expect(textFault('a\ud83d', 'free-text')).toEqual({ index: 1, character: 'unpaired surrogate U+D83D' });
  });

  it('finds NUL or an unpaired surrogate anywhere in a JSON value, keys included, and nothing else', () => {
    expect(findTextFault({ a: [{ b: 'ok\ttab\u0007bell' }] })).toBeNull();
    expect(findTextFault({ a: [1, { b: 'x\u0000' }] })).toEqual({ index: 1, character: 'U+0000', path: '/a/1/b' });
    expect(findTextFault({ 'k/\ud800': 1 })).toMatchObject({ path: '/k~1\ud800' });
    expect(findTextFault(['a', 'b\udc00'])).toMatchObject({ path: '/1', character: 'unpaired surrogate U+DC00' });
  });

  it('gives patterns that schemas check alike, with or without the u flag', () => {
    const name = TypeCompiler.Compile(Type.String({ pattern: NAME_PATTERN }));
    const text = TypeCompiler.Compile(Type.String({ pattern: FREE_TEXT_PATTERN }));
    for (const control of controls) {
      expect(name.Check(`a${control}`)).toBe(false);
      expect(new RegExp(NAME_PATTERN, 'u').test(`a${control}`)).toBe(false);
      expect(text.Check(`a${control}`)).toBe(lineBreaks.includes(control));
      expect(new RegExp(FREE_TEXT_PATTERN, 'u').test(`a${control}`)).toBe(lineBreaks.includes(control));
    }
    expect(name.Check('Zoë 👩‍🔧')).toBe(true);
    expect(new RegExp(NAME_PATTERN, 'u').test('Zoë 👩‍🔧')).toBe(true);
  });
});

function escape(text: string): string {
  return JSON.stringify(text).replace(/[\ud800-\udfff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}
