import { FREE_TEXT_PATTERN, NAME_PATTERN } from '@airlock/core/internal';
import { Type, type StringOptions } from '@sinclair/typebox';

/** Shapes shared by the routes' schemas (and so by the OpenAPI document). */
export const Slug = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
export const Uuid = Type.String({ format: 'uuid' });

/**
 * The text rule of request fields (rules/text.ts in the core), as schemas: every string a route
 * takes is one of these, or has a pattern, format or list of values of its own. The app refuses
 * NUL, unpaired surrogates and control characters other than line breaks in every string anyway
 * (refuseUnsafeText); these say whether a field may break lines.
 */
/** One line: a name, an email, a password, an id typed by a person. No control character at all. */
export const OneLine = (options: Omit<StringOptions, 'pattern'> = {}) => Type.String({ ...options, pattern: NAME_PATTERN });
/** Free text: a note, a reason given at length, an armoured document. Tab and line breaks allowed. */
export const FreeText = (options: Omit<StringOptions, 'pattern'> = {}) => Type.String({ ...options, pattern: FREE_TEXT_PATTERN });

export const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
