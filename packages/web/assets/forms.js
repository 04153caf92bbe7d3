// @ts-check
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
export function setPath(target, path, value) {
  const keys = path.split('.');
  if (keys.some((key) => key === '' || key === '__proto__' || key === 'constructor' || key === 'prototype')) throw new Error(`not a field path: ${path}`);
  /** @type {any} */
  let node = target;
  keys.forEach((key, index) => {
    const last = index === keys.length - 1;
    if (last) {
      node[key] = value;
      return;
    }
    if (node[key] === undefined) node[key] = /^\d+$/.test(keys[index + 1] ?? '') ? [] : {};
    node = node[key];
  });
}

/**
 * The value at a dotted path, or undefined.
 *
 * @param {unknown} source
 * @param {string} path
 * @returns {unknown}
 */
export function getPath(source, path) {
  /** @type {any} */
  let node = source;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Fills `{a.b}` placeholders from an answer; `encode` percent-encodes each value (for paths).
 *
 * @param {string} template
 * @param {unknown} answer
 * @param {boolean} encode
 * @returns {string}
 */
export function fillTemplate(template, answer, encode) {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (_match, path) => {
    const value = getPath(answer, path);
    const text = value === undefined || value === null ? '' : String(value);
    return encode ? encodeURIComponent(text) : text;
  });
}

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
export function convertValue(raw, type) {
  if (type === 'integer-or-null') return raw.trim() === '' ? null : convertValue(raw, 'integer');
  if (type === 'string-or-null') return raw.trim() === '' ? null : raw.trim();
  if (type === 'utc-day-or-null') return raw.trim() === '' ? null : /^\d{4}-\d{2}-\d{2}$/.test(raw.trim()) ? `${raw.trim()}T00:00:00Z` : raw.trim();
  if (type === 'hours') {
    const hours = convertValue(raw, 'number');
    return typeof hours === 'number' ? Math.round(hours * 3_600_000) : hours;
  }
  if (type === 'json') return JSON.parse(raw);
  if (type === 'lines')
    return raw
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  if (type === 'integer' || type === 'number') {
    const number = Number(raw);
    return raw.trim() !== '' && Number.isFinite(number) ? number : raw;
  }
  if (type === 'boolean') return raw === 'true';
  return raw;
}

/**
 * The body with every array's holes closed up: a row of a list nobody filled in leaves a gap
 * at its index, and the list the API gets is the rows that were filled, in order.
 *
 * @param {unknown} value
 * @returns {unknown}
 */
export function closeGaps(value) {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(closeGaps);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, closeGaps(inner)]));
  }
  return value;
}

/**
 * A safe file name: letters, digits, dots, dashes and underscores.
 *
 * @param {string} name
 * @returns {string}
 */
export function safeFileName(name) {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned === '' ? 'document.txt' : cleaned;
}

/**
 * "heldElsewhere" → "held elsewhere".
 *
 * @param {string} key
 * @returns {string}
 */
export function labelOf(key) {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A value in a sentence: lists joined, objects as "key value" pairs.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function describeValue(value) {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describeValue).join(', ');
  if (typeof value === 'object') {
    return Object.entries(/** @type {Record<string, unknown>} */ (value))
      .map(([key, inner]) => `${labelOf(key).toLowerCase()} ${describeValue(inner)}`)
      .join(', ');
  }
  return String(value);
}
