import { html, type HtmlValue, type SafeHtml } from '../html.ts';

/**
 * Forms that post JSON to the app's API through the client script (`airlock.js`): the form
 * names its endpoint, every control's `name` is a path in the JSON body (`entitlements.0.type`
 * makes `{ entitlements: [{ type }] }`), and a refusal is shown in the form's own alert region.
 * Without the script nothing is sent: the API takes JSON only.
 */

/** What the page does once the API has said yes. */
export type FormThen =
  | { readonly reload: true; readonly message?: string }
  /** Go to a page; `{a.b}` in the path is filled from the answer, percent-encoded; `message` is shown there. */
  | { readonly navigate: string; readonly message?: string }
  /**
   * Offer a field of the answer as a text file; `{a.b}` in the name is filled from the answer.
   * `reload` then reloads the page (with `message` shown there), for a page that shows what the
   * download changed (a site's latest enablement token).
   */
  | { readonly download: { readonly field: string; readonly filename: string }; readonly message?: string; readonly reload?: true }
  /** Stay, and say so in the form's status region (`{a.b}` filled from the answer). */
  | { readonly message: string };

export interface ApiFormOptions {
  /** Unique on the page; the ids of the form's regions derive from it. */
  readonly id: string;
  /** The API path the form sends to. */
  readonly api: string;
  readonly method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly then: FormThen;
  /** A heading (h2) above the form, which also names it for assistive technology. */
  readonly title?: string;
  readonly description?: HtmlValue;
  readonly fields: HtmlValue;
  /** The submit button(s); a plain one labelled `submitLabel` when absent. */
  readonly submitLabel?: string;
  readonly buttons?: HtmlValue;
  /** A body field that must be given by one of several controls (a file or a pasted text). */
  readonly requireOneOf?: { readonly field: string; readonly message: string };
  readonly className?: string;
  /** A question the person must confirm before the form is sent (for what cannot be undone). */
  readonly confirm?: string;
  /**
   * The id of a hidden form for a second step: when the answer holds a `challenge` (a sign-in
   * that asks for a second factor), this form hides, that one shows with its `challenge` input
   * filled, and `then` waits for that form's answer instead.
   */
  readonly secondStep?: string;
}

function thenAttributes(then: FormThen): SafeHtml {
  if ('navigate' in then) return html`data-then="navigate" data-navigate="${then.navigate}" data-success="${then.message ?? ''}"`;
  if ('download' in then) {
    return html`data-then="download" data-download-field="${then.download.field}" data-download-name="${then.download.filename}" data-success="${then.message ?? ''}"${then.reload ? html` data-reload="true"` : ''}`;
  }
  if ('reload' in then) return html`data-then="reload" data-success="${then.message ?? ''}"`;
  return html`data-then="message" data-success="${then.message}"`;
}

/**
 * A form the client script sends to the API as JSON, with its alert region (refusals, as
 * `role="alert"`) and status region (success, as `role="status"`) beside it.
 *
 * @example
 * ```ts
 * const f = formFields('create-product');
 * apiForm({
 *   id: 'create-product', api: '/v1/products', title: 'New product', submitLabel: 'Create product',
 *   then: { navigate: '/console/catalogue#product-{id}' },
 *   fields: [f.text({ name: 'id', label: 'Id' }), f.text({ name: 'name', label: 'Name' })],
 * });
 * ```
 */
export function apiForm(options: ApiFormOptions): SafeHtml {
  const headingId = `${options.id}-heading`;
  const buttons = options.buttons ?? submitButton(options.submitLabel ?? 'Save');
  return html`<form class="api-form${options.className ? ` ${options.className}` : ''}" id="${options.id}" method="post" data-api="${options.api}" data-method="${options.method ?? 'POST'}" ${thenAttributes(options.then)}${options.requireOneOf ? html` data-require-field="${options.requireOneOf.field}" data-require-message="${options.requireOneOf.message}"` : ''}${options.confirm ? html` data-confirm="${options.confirm}"` : ''}${options.secondStep ? html` data-second-step="${options.secondStep}"` : ''}${options.title ? html` aria-labelledby="${headingId}"` : ''}>
${options.title ? html`<h2 id="${headingId}">${options.title}</h2>` : ''}${options.description ? html`<div class="form-description">${options.description}</div>` : ''}
<div class="form-alert" id="${options.id}-alert" role="alert"></div>
${options.fields}
<div class="form-actions">${buttons}</div>
<div class="form-status" id="${options.id}-status" role="status"></div>
</form>`;
}

/**
 * One row of a list in a form (fields named `items.<n>.…`): a row whose controls are all left
 * empty is not sent, and the list closes up, so a form can offer more rows than a person needs.
 *
 * @example
 * ```ts
 * formRow('Item 2', html`${f.select({ name: 'items.1.product', … })}${f.number({ name: 'items.1.quantity', … })}`);
 * ```
 */
export function formRow(legend: string, fields: HtmlValue): SafeHtml {
  return html`<fieldset class="form-row" data-form-row=""><legend>${legend}</legend><div class="form-grid">${fields}</div></fieldset>`;
}

/** A submit button; `name`/`value` go into the body when this button sends the form. */
export function submitButton(
  label: string,
  options: { readonly name?: string; readonly value?: string; readonly variant?: 'primary' | 'secondary' | 'danger' } = {},
): SafeHtml {
  const variant = options.variant ?? 'primary';
  return html`<button type="submit" class="button button-${variant}"${options.name ? html` name="${options.name}" value="${options.value ?? ''}"` : ''}>${label}</button>`;
}

/**
 * How a control's value goes into the JSON body: `integer-or-null` and `string-or-null` send an
 * empty control as null, `utc-day-or-null` a date control's day as its first instant in UTC
 * (or null), `hours` a number of hours as milliseconds, `lines` a textarea as the list of its
 * non-empty lines, `json` a
 * hidden control's JSON (`{}` sends an object even when all its fields are left out).
 */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'integer-or-null' | 'string-or-null' | 'utc-day-or-null' | 'hours' | 'lines' | 'json';

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly hint?: HtmlValue;
  readonly required?: boolean;
  /** Left out of the body when empty (else sent as an empty string). */
  readonly optional?: boolean;
}

export interface TextFieldOptions extends FieldBase {
  /** `color`: the browser's colour picker, whose value is `#rrggbb`. */
  readonly type?: 'text' | 'email' | 'password' | 'date' | 'search' | 'url' | 'color';
  readonly value?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: string;
  readonly max?: string;
  readonly autocomplete?: string;
  readonly placeholder?: string;
  readonly readOnly?: boolean;
  readonly spellcheck?: boolean;
  /** `string-or-null`: an empty control is sent as null; `utc-day-or-null` (a date control): its day's first instant in UTC, or null. */
  readonly valueType?: 'string-or-null' | 'utc-day-or-null';
}

export interface NumberFieldOptions extends FieldBase {
  readonly value?: number;
  readonly min?: number;
  readonly max?: number;
  /** `hours`: a number of hours (fractions allowed), sent as milliseconds. */
  readonly valueType?: 'integer' | 'number' | 'integer-or-null' | 'hours';
  /** In use now: the client script warns while the value is below it. */
  readonly used?: number;
}

export interface SelectFieldOptions extends FieldBase {
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly value?: string;
  readonly valueType?: ValueType;
}

export interface TextareaFieldOptions extends FieldBase {
  readonly value?: string;
  readonly rows?: number;
  readonly maxLength?: number;
  /** Monospace, no spell check: for pasted documents. */
  readonly document?: boolean;
  /** `lines`: the body gets the list of non-empty lines. */
  readonly valueType?: 'lines';
}

export interface CheckboxFieldOptions extends Omit<FieldBase, 'required' | 'optional'> {
  readonly checked?: boolean;
}

export interface FileFieldOptions extends FieldBase {
  readonly accept?: string;
  /** How the chosen file goes into the body: its text (a document), or a `data:` URI of its bytes (an image). `text` when left out. */
  readonly readAs?: 'text' | 'data-uri';
}

export interface QrReaderOptions {
  /** The id of the textarea the read document goes into. */
  readonly into: string;
  readonly label?: string;
}

/** Builds the controls of one form, with ids unique on the page (`<form id>-<name>`). */
export interface FormFields {
  text(options: TextFieldOptions): SafeHtml;
  number(options: NumberFieldOptions): SafeHtml;
  select(options: SelectFieldOptions): SafeHtml;
  textarea(options: TextareaFieldOptions): SafeHtml;
  checkbox(options: CheckboxFieldOptions): SafeHtml;
  /** A file chosen here is read as text into the body field `name`. */
  file(options: FileFieldOptions): SafeHtml;
  /** Images of QR codes (or the camera), read and joined into the document put in `into`. */
  qrReader(options: QrReaderOptions): SafeHtml;
  hidden(options: { readonly name: string; readonly value: string | number; readonly valueType?: ValueType }): SafeHtml;
  /** The id a control of this name gets. */
  idOf(name: string): string;
}

/**
 * The control builders of the form `formId`: each control has a visible label tied to it, a
 * hint tied by `aria-describedby`, and the data attributes the client script reads.
 *
 * @example
 * ```ts
 * const f = formFields('register-site');
 * html`${f.text({ name: 'guid', label: 'Site GUID', required: true })}`;
 * ```
 */
export function formFields(formId: string): FormFields {
  const idOf = (name: string) => `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const describedBy = (id: string, hint: HtmlValue, extra: string[] = []) => {
    const ids = [...(hint === undefined || hint === null || hint === false ? [] : [`${id}-hint`]), ...extra];
    return ids.length === 0 ? '' : html` aria-describedby="${ids.join(' ')}"`;
  };
  const hintOf = (id: string, hint: HtmlValue) =>
    hint === undefined || hint === null || hint === false ? '' : html`<p class="hint" id="${id}-hint">${hint}</p>`;
  const labelOf = (id: string, options: FieldBase) =>
    html`<label for="${id}">${options.label}${options.optional ? html` <span class="optional">(optional)</span>` : ''}</label>`;
  const common = (options: FieldBase) => html`name="${options.name}"${options.required ? ' required' : ''}${options.optional ? html` data-optional=""` : ''}`;

  return {
    idOf,
    text(options) {
      const id = idOf(options.name);
      const attributes = html`${options.value !== undefined ? html` value="${options.value}"` : ''}${options.pattern ? html` pattern="${options.pattern}"` : ''}${options.minLength !== undefined ? html` minlength="${options.minLength}"` : ''}${options.maxLength !== undefined ? html` maxlength="${options.maxLength}"` : ''}${options.min ? html` min="${options.min}"` : ''}${options.max ? html` max="${options.max}"` : ''}${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ''}${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}${options.readOnly ? ' readonly' : ''}${options.spellcheck === false ? html` spellcheck="false"` : ''}${options.valueType ? html` data-value-type="${options.valueType}"` : ''}`;
      return html`<div class="field">${labelOf(id, options)}<input id="${id}" type="${options.type ?? 'text'}" ${common(options)}${attributes}${describedBy(id, options.hint)}>${hintOf(id, options.hint)}</div>`;
    },
    number(options) {
      const id = idOf(options.name);
      const warning = options.used === undefined ? '' : html`<p class="field-warning" id="${id}-warning" aria-live="polite"></p>`;
      return html`<div class="field field-number">${labelOf(id, options)}<input id="${id}" type="number" inputmode="numeric" ${common(options)} data-value-type="${options.valueType ?? 'integer'}"${options.value !== undefined ? html` value="${options.value}"` : ''}${options.min !== undefined ? html` min="${options.min}"` : ''}${options.max !== undefined ? html` max="${options.max}"` : ''}${options.valueType === 'number' || options.valueType === 'hours' ? html` step="any"` : ''}${options.used !== undefined ? html` data-used="${options.used}"` : ''}${describedBy(id, options.hint, options.used === undefined ? [] : [`${id}-warning`])}>${hintOf(id, options.hint)}${warning}</div>`;
    },
    select(options) {
      const id = idOf(options.name);
      const choices = options.options.map(
        (choice) => html`<option value="${choice.value}"${choice.value === options.value ? ' selected' : ''}>${choice.label}</option>`,
      );
      return html`<div class="field">${labelOf(id, options)}<select id="${id}" ${common(options)}${options.valueType ? html` data-value-type="${options.valueType}"` : ''}${describedBy(id, options.hint)}>${choices}</select>${hintOf(id, options.hint)}</div>`;
    },
    textarea(options) {
      const id = idOf(options.name);
      return html`<div class="field">${labelOf(id, options)}<textarea id="${id}" ${common(options)} rows="${options.rows ?? 4}"${options.valueType ? html` data-value-type="${options.valueType}"` : ''}${options.maxLength !== undefined ? html` maxlength="${options.maxLength}"` : ''}${options.document ? html` class="document-text" spellcheck="false" autocomplete="off"` : ''}${describedBy(id, options.hint)}>${options.value ?? ''}</textarea>${hintOf(id, options.hint)}</div>`;
    },
    checkbox(options) {
      const id = idOf(options.name);
      return html`<div class="field field-checkbox"><input id="${id}" type="checkbox" name="${options.name}" data-value-type="boolean"${options.checked ? ' checked' : ''}${describedBy(id, options.hint)}><label for="${id}">${options.label}</label>${hintOf(id, options.hint)}</div>`;
    },
    file(options) {
      const id = idOf(`${options.name}-file`);
      return html`<div class="field">${labelOf(id, options)}<input id="${id}" type="file" ${common(options)} data-read-as="${options.readAs ?? 'text'}"${options.accept ? html` accept="${options.accept}"` : ''}${describedBy(id, options.hint)}>${hintOf(id, options.hint)}</div>`;
    },
    qrReader(options) {
      const id = idOf(`${options.into}-qr`);
      return html`<fieldset class="qr-reader" data-qr-reader="${options.into}">
<legend>${options.label ?? 'Or read it from QR codes'}</legend>
<div class="field"><label for="${id}-images">Images of the QR codes</label><input id="${id}-images" type="file" accept="image/*" multiple data-qr-images="${options.into}" aria-describedby="${id}-hint ${id}-progress"><p class="hint" id="${id}-hint">Photos or screenshots of every code, in any order. The codes are read in this browser.</p></div>
<div class="qr-camera"><button type="button" class="button button-secondary" data-qr-camera="${options.into}" aria-controls="${id}-video">Read with the camera</button><button type="button" class="button button-secondary" data-qr-camera-stop="${options.into}" hidden>Stop the camera</button><video id="${id}-video" class="qr-video" muted playsinline hidden aria-label="Camera view"></video></div>
<p class="qr-progress" id="${id}-progress" role="status" aria-live="polite"></p>
</fieldset>`;
    },
    hidden(options) {
      return html`<input type="hidden" name="${options.name}" value="${String(options.value)}"${options.valueType ? html` data-value-type="${options.valueType}"` : ''}>`;
    },
  };
}

/**
 * A button that fetches a document from the API and offers it as a text file; no form needed.
 * `filename` may use `{a.b}` from the answer.
 *
 * @example
 * ```ts
 * downloadButton({ id: 'olf-1', label: 'Download the OLF', api: `/v1/customers/acme/olfs/${id}`, field: 'text', filename: `olf-${guid}.txt` });
 * ```
 */
export function downloadButton(options: {
  readonly id: string;
  readonly label: string;
  readonly api: string;
  readonly method?: 'GET' | 'POST';
  readonly field: string;
  readonly filename: string;
  readonly variant?: 'primary' | 'secondary';
}): SafeHtml {
  return html`<div class="download" id="${options.id}"><button type="button" class="button button-${options.variant ?? 'secondary'}" data-download-api="${options.api}" data-method="${options.method ?? 'GET'}" data-download-field="${options.field}" data-download-name="${options.filename}">${options.label}</button>
<div class="form-alert" id="${options.id}-alert" role="alert"></div><div class="form-status" id="${options.id}-status" role="status"></div></div>`;
}
