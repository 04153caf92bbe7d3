import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { armor, dearmor, MAX_DOCUMENT_CHARS } from './armor.ts';

const body = 'eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2lnbmF0dXJl'.repeat(3);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AirlockError);
    return (error as AirlockError).code;
  }
}

describe('armour', () => {
  it('writes a header line naming the kind, the body in 64-character lines, and an end line', () => {
    const text = armor('OFFLINE LICENSE FILE', body);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----');
    expect(lines.at(-1)).toBe('-----END AIRLOCK OFFLINE LICENSE FILE-----');
    expect(lines.slice(1, -1).every((line) => line.length <= 64)).toBe(true);
    expect(lines.slice(1, -1).join('')).toBe(body);
  });

  it('reads back what mail does to text: CRLF, indentation, quoting around the block', () => {
    const mangled = `Hello, here is the file:\r\n\r\n${armor('LICENSE FILE REQUEST', body).replaceAll('\n', '\r\n  ')}\r\nRegards`;
    expect(dearmor(mangled)).toEqual({ label: 'LICENSE FILE REQUEST', body });
  });

  it('refuses text with no armour, a missing end line, a mismatched end line or foreign characters', () => {
    expect(codeOf(() => dearmor('just text'))).toBe('DOCUMENT_MALFORMED');
    expect(codeOf(() => dearmor('-----BEGIN AIRLOCK ENABLEMENT TOKEN-----\nabc\n'))).toBe('DOCUMENT_MALFORMED');
    expect(codeOf(() => dearmor('-----BEGIN AIRLOCK ENABLEMENT TOKEN-----\nabc\n-----END AIRLOCK DEACTIVATION FILE-----'))).toBe('DOCUMENT_MALFORMED');
    expect(codeOf(() => dearmor('-----BEGIN AIRLOCK ENABLEMENT TOKEN-----\nab$c\n-----END AIRLOCK ENABLEMENT TOKEN-----'))).toBe('DOCUMENT_MALFORMED');
    expect(codeOf(() => dearmor(42))).toBe('DOCUMENT_MALFORMED');
  });

  it('refuses an oversized document before reading it', () => {
    expect(codeOf(() => dearmor('A'.repeat(MAX_DOCUMENT_CHARS + 1)))).toBe('DOCUMENT_TOO_LARGE');
  });

  it('never throws anything but a registry error on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (noise, label) => {
        const text = `-----BEGIN AIRLOCK ${label}-----\n${noise}\n-----END AIRLOCK ${label}-----`;
        for (const candidate of [noise, text]) {
          const code = codeOf(() => dearmor(candidate));
          if (code !== undefined) expect(['DOCUMENT_MALFORMED', 'DOCUMENT_TOO_LARGE']).toContain(code);
        }
      }),
    );
  });
});
