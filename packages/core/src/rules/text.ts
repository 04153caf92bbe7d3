/**
 * Which characters Airlock takes in text it stores, shows or signs. One rule for every server
 * and every document, in two strengths:
 * - a name (an email, a user name, a product or customer name, one line of anything) holds no
 *   control character at all: no C0 (U+0000–U+001F), no DEL (U+007F), no C1 (U+0080–U+009F),
 *   and none of the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069), which reorder how the text around them is shown;
 * - free text (a note, a reason, a document's armour) may also break lines: tab, line feed and
 *   carriage return are allowed, every other control character is not.
 * Neither may hold an unpaired UTF-16 surrogate: such a string has no UTF-8 form, so a database
 * or a signature would store or sign something else than what was sent.
 */

/** Why a text is refused: which character, at which position (in UTF-16 units). */
export interface TextFault {
  readonly index: number;
  /** The character's code point as `U+XXXX`, or `unpaired surrogate U+D8xx`. */
  readonly character: string;
}

export type TextKind = 'name' | 'free-text';

/**
 * JSON Schema patterns of the rule, for schemas (Ajv or TypeBox, with or without the `u` flag).
 * The name pattern also refuses unpaired surrogates and means the same in both modes (a pair is
 * one code point with the flag, two units matched by the second branch without it); the free-text
 * pattern leaves surrogates to the servers' edge guard and to `textFault`.
 */
export const NAME_PATTERN = '^(?:[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff])*$';
export const FREE_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';

// Control characters are what these expressions are for.
/* eslint-disable no-control-regex */
const NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FREE_TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What no string anywhere may hold, whatever it is for: NUL and unpaired surrogates. */
const NEVER = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/* eslint-enable no-control-regex */

/**
 * The first character the rule refuses in `text`, or null when it may be taken.
 *
 * @example
 * ```ts
 * textFault('ada', 'name'); // null
 * textFault('nul\u0000user', 'name'); // { index: 3, character: 'U+0000' }
 * textFault('line one\nline two', 'free-text'); // null
 * ```
 */
export function textFault(text: string, kind: TextKind): TextFault | null {
  return faultOf(text, kind === 'name' ? NAME_FORBIDDEN : FREE_TEXT_FORBIDDEN);
}

/** True when `text` may be taken as a name (one line, no control character, well-formed). */
export function isCleanName(text: string): boolean {
  return textFault(text, 'name') === null;
}

/** True when `text` may be taken as free text (line breaks and tabs allowed). */
export function isCleanText(text: string): boolean {
  return textFault(text, 'free-text') === null;
}

/**
 * The first NUL or unpaired surrogate in `text`: what no string may hold, even one the rule of
 * names or free text does not govern (a password, a document's armour).
 */
export function unsafeCharacterFault(text: string): TextFault | null {
  return faultOf(text, NEVER);
}

/**
 * The first string inside a JSON value (keys included) holding a character `fault` refuses,
 * with its JSON Pointer; null when there is none. Walks arrays and plain objects only.
 */
export function findTextFault(
  value: unknown,
  fault: (text: string) => TextFault | null = unsafeCharacterFault,
  path = '',
): (TextFault & { readonly path: string }) | null {
  // Every request goes through here: the pointer is only spelled out once a fault is found.
  if (typeof value === 'string') {
    const found = fault(value);
    return found ? { ...found, path } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextFault(value[i], fault);
      if (found) return { ...found, path: `${path}/${i}${found.path}` };
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const inKey = fault(key);
      if (inKey) return { ...inKey, path: `${path}/${pointerToken(key)}` };
      const found = findTextFault((value as Record<string, unknown>)[key], fault);
      if (found) return { ...found, path: `${path}/${pointerToken(key)}${found.path}` };
    }
  }
  return null;
}

/** A key as a JSON Pointer reference token. */
function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** How a fault is told in a refusal: `U+0000 at 3`. */
export function describeTextFault(fault: TextFault): string {
  return `${fault.character} at ${fault.index} is not allowed`;
}

function faultOf(text: string, forbidden: RegExp): TextFault | null {
  const match = forbidden.exec(text);
  if (!match) return null;
  const unit = match[0].charCodeAt(0);
  const hex = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
  return { index: match.index, character: unit >= 0xd800 && unit <= 0xdfff ? `unpaired surrogate ${hex}` : hex };
}

/**
 * Text made safe to print on a terminal or in a log line: every character the rule of names
 * refuses is written as `\u{…}`, so an escape sequence in a name shows as text instead of
 * moving the cursor or recolouring the screen.
 *
 * @example
 * ```ts
 * escapeControlCharacters('evil\u001b[2J'); // 'evil\\u{001b}[2J'
 * ```
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(new RegExp(NAME_FORBIDDEN.source, 'g'), (character) => `\\u{${character.charCodeAt(0).toString(16).padStart(4, '0')}}`);
}

/** True when `text` is a non-empty name under the rule (the schemas' `printableText`). */
export function isPrintableText(text: string): boolean {
  return text.length > 0 && isCleanName(text);
}
