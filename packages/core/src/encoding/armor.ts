import { AirlockError } from '../errors/airlock-error.ts';

/**
 * Airlock documents travel as text a person can recognise and paste into an e-mail:
 *
 * ```text
 * -----BEGIN AIRLOCK OFFLINE LICENSE FILE-----
 * eyJhbGciOiJFQ0RILUVTIiwiZW5jIjoiQTI1NkdDTSIs...
 * -----END AIRLOCK OFFLINE LICENSE FILE-----
 * ```
 *
 * The body is a JOSE compact serialization wrapped at 64 characters. Reading is forgiving of
 * what mail and editors do to text (CRLF, indentation, text around the block); it is strict
 * about everything else.
 */

/** No Airlock document comes near this; anything larger is refused before it is parsed. */
export const MAX_DOCUMENT_CHARS = 1_048_576;

const LINE_WIDTH = 64;
const LABEL = /^[A-Z][A-Z ]{2,48}[A-Z]$/;
const BEGIN = /-----BEGIN AIRLOCK ([A-Z ]+)-----/;
const BODY = /^[A-Za-z0-9_.-]+$/;

/** An armoured block taken apart: its label (the document kind's) and its body (a JOSE compact serialization). */
export interface Armored {
  readonly label: string;
  readonly body: string;
}

/** Wraps a JOSE compact serialization in the armour lines of a label, 64 characters a line (docs/formats.md). */
export function armor(label: string, body: string): string {
  if (!LABEL.test(label)) throw new RangeError(`invalid armour label: ${label}`);
  if (!BODY.test(body)) throw new RangeError('armour body must be a JOSE compact serialization');
  let text = `-----BEGIN AIRLOCK ${label}-----\n`;
  for (let i = 0; i < body.length; i += LINE_WIDTH) text += `${body.slice(i, i + LINE_WIDTH)}\n`;
  return `${text}-----END AIRLOCK ${label}-----\n`;
}

/** The label and body of the first armoured block in the text. */
export function dearmor(text: unknown): Armored {
  if (typeof text !== 'string') throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'not text' });
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new AirlockError('DOCUMENT_TOO_LARGE', { length: text.length, limit: MAX_DOCUMENT_CHARS });
  }
  const begin = BEGIN.exec(text);
  if (!begin) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'no BEGIN AIRLOCK line' });
  const label = begin[1]!;
  const endLine = `-----END AIRLOCK ${label}-----`;
  const bodyStart = begin.index + begin[0].length;
  const end = text.indexOf(endLine, bodyStart);
  if (end < 0) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'no matching END line', label });
  const body = text.slice(bodyStart, end).replace(/[ \t\r\n]+/g, '');
  if (!LABEL.test(label) || !BODY.test(body)) {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'unexpected characters in the block', label });
  }
  return { label, body };
}
