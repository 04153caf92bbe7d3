/**
 * HTML built from templates in which every interpolated value is escaped, unless it is itself
 * HTML made by this module (`html`…``) or explicitly marked trusted (`trustedHtml`). A page is
 * one `SafeHtml` value: there is no other way to put text into markup, so forgetting to escape
 * is not possible, only choosing not to — visibly, by name.
 */

const brand: unique symbol = Symbol('SafeHtml');

/** Markup that is safe to send as is: built by `html`, or marked with `trustedHtml`. */
export interface SafeHtml {
  readonly [brand]: true;
  readonly markup: string;
  toString(): string;
}

/**
 * What a template accepts: text and numbers (escaped), markup (kept), lists of either
 * (concatenated), and nothing (`null`, `undefined`, `false`: rendered as nothing, so
 * `${condition && html`…`}` works).
 */
export type HtmlValue = SafeHtml | string | number | bigint | null | undefined | false | readonly HtmlValue[];

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/**
 * Escapes text for HTML content and for quoted or unquoted attribute values: `& < > " ' \` =`
 * become character references. Other characters are kept (the page is UTF-8).
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Acme" & co</b>'); // '&lt;b&gt;&quot;Acme&quot; &amp; co&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (character) => entities[character]!);
}

function safe(markup: string): SafeHtml {
  return { [brand]: true, markup, toString: () => markup };
}

/** Whether a value is markup made by this module. */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escapeHtml(String(value));
  if (isSafeHtml(value)) return value.markup;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  // `true`, objects, functions: a bug in the caller, never "[object Object]" on a page.
  throw new TypeError(`cannot put a ${typeof value} into HTML: ${String(value)}`);
}

/**
 * The template tag: the literal parts are markup, every `${value}` is escaped unless it is
 * `SafeHtml`.
 *
 * @example
 * ```ts
 * const name = '<script>alert(1)</script>';
 * html`<p class="greeting">Hello, ${name}</p>`.markup;
 * // '<p class="greeting">Hello, &lt;script&gt;alert(1)&lt;/script&gt;</p>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return safe(markup);
}

/**
 * Marks a string as markup to be sent unescaped. Only for markup a program made (an SVG a
 * library drew), never for text that came from a person or a request.
 *
 * @example
 * ```ts
 * html`<figure>${trustedHtml(svgFromQrLibrary)}</figure>`;
 * ```
 */
export function trustedHtml(markup: string): SafeHtml {
  return safe(markup);
}

/**
 * Joins values with a separator, each escaped as in a template.
 *
 * @example
 * ```ts
 * joinHtml(['a', html`<b>b</b>`], html`<br>`).markup; // 'a<br><b>b</b>'
 * ```
 */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return safe(values.map(render).join(render(separator)));
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * An application path whose interpolated parts are percent-encoded, so an id can never add a
 * path segment, a query or a scheme. Returns a plain string, escaped again where it is used.
 *
 * @example
 * ```ts
 * path`/console/customers/${'a/b?c'}`; // '/console/customers/a%2Fb%3Fc'
 * ```
 */
export function path(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  let result = strings[0] ?? '';
  values.forEach((value, index) => {
    // A lone surrogate cannot be percent-encoded: it becomes U+FFFD, as a browser would send it.
    result += encodeURIComponent(String(value).replace(loneSurrogate, '\uFFFD')) + (strings[index + 1] ?? '');
  });
  return result;
}
