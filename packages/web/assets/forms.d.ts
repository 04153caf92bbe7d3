// Generated from forms.js by TypeScript (declaration emit); test/assets.test.ts checks it matches.
/**
 * What the client script does with form data and answers, free of the page so it is tested
 * on its own: paths into the JSON body, values of the right type, templates filled from an
 * answer, safe file names.
 */
/**
 * Sets `value` at a dotted path, numeric segments making arrays: "a.0.b" → { a: [{ b }] }.
 *
 * @param {Record<string, unknown>} target
 * @param {string} path
 * @param {unknown} value
 */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void;
/**
 * The value at a dotted path, or undefined.
 *
 * @param {unknown} source
 * @param {string} path
 * @returns {unknown}
 */
export function getPath(source: unknown, path: string): unknown;
/**
 * Fills `{a.b}` placeholders from an answer; `encode` percent-encodes each value (for paths).
 *
 * @param {string} template
 * @param {unknown} answer
 * @param {boolean} encode
 * @returns {string}
 */
export function fillTemplate(template: string, answer: unknown, encode: boolean): string;
/**
 * A control's text as the JSON value its `data-value-type` asks for; a number that does not
 * parse is sent as typed, for the API to refuse with its own message. `integer-or-null` and
 * `string-or-null` send an empty control as null ("no limit", "no expiry"); `utc-day-or-null`
 * sends a date control's day as its first instant in UTC (`2027-11-23` → `2027-11-23T00:00:00Z`),
 * empty as null; `hours` sends a number of hours as milliseconds (a period the API takes in ms);
 * `lines` sends a textarea as its non-empty lines; `json` (for hidden controls the
 * page wrote) its JSON value, as `{}` to send an object whose fields may all be left out.
 *
 * @param {string} raw
 * @param {string | undefined} type
 * @returns {unknown}
 */
export function convertValue(raw: string, type: string | undefined): unknown;
/**
 * The body with every array's holes closed up: a row of a list nobody filled in leaves a gap
 * at its index, and the list the API gets is the rows that were filled, in order.
 *
 * @param {unknown} value
 * @returns {unknown}
 */
export function closeGaps(value: unknown): unknown;
/**
 * A safe file name: letters, digits, dots, dashes and underscores.
 *
 * @param {string} name
 * @returns {string}
 */
export function safeFileName(name: string): string;
/**
 * "heldElsewhere" → "held elsewhere".
 *
 * @param {string} key
 * @returns {string}
 */
export function labelOf(key: string): string;
/**
 * A value in a sentence: lists joined, objects as "key value" pairs.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function describeValue(value: unknown): string;
