import { html, type HtmlValue, type SafeHtml } from '../html.ts';

/** A column of `dataTable`: its header and how a row fills its cell. */
export interface Column<Row> {
  /** Text, or markup such as a sorting link (`sortHeader`). */
  readonly header: HtmlValue;
  /** The column the rows are sorted by, and which way (`aria-sort`). */
  readonly sorted?: 'ascending' | 'descending';
  readonly cell: (row: Row) => HtmlValue;
  /** Right-aligned, tabular figures. */
  readonly numeric?: boolean;
  /** The cell is the row's header (`<th scope="row">`): the thing the row is about. */
  readonly rowHeader?: boolean;
}

/**
 * A table with a caption, column headers with scopes, and a sentence in place of the table
 * when there are no rows. Wide tables scroll inside their own focusable region, so the page
 * never scrolls sideways.
 *
 * @example
 * ```ts
 * dataTable({ caption: 'Products', rows: products, empty: 'No products yet.', columns: [
 *   { header: 'Id', cell: (p) => p.id, rowHeader: true },
 *   { header: 'Name', cell: (p) => p.name },
 * ] });
 * ```
 */
export function dataTable<Row>(options: {
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  readonly empty: string;
  /** Shows the caption to assistive technology only (a heading above says the same). */
  readonly captionHidden?: boolean;
  readonly id?: string;
}): SafeHtml {
  if (options.rows.length === 0) return html`<p class="empty"${options.id ? html` id="${options.id}"` : ''}>${options.empty}</p>`;
  const header = options.columns.map(
    (column) =>
      html`<th scope="col"${column.numeric ? html` class="numeric"` : ''}${column.sorted ? html` aria-sort="${column.sorted}"` : ''}>${column.header}</th>`,
  );
  const rows = options.rows.map(
    (row) =>
      html`<tr>${options.columns.map((column) => {
        const numeric = column.numeric ? html` class="numeric"` : '';
        return column.rowHeader ? html`<th scope="row"${numeric}>${column.cell(row)}</th>` : html`<td${numeric}>${column.cell(row)}</td>`;
      })}</tr>`,
  );
  // A hidden caption names the table for assistive technology only (a heading above says the same).
  const caption = options.captionHidden ? '' : html`<caption>${options.caption}</caption>`;
  return html`<div class="table-scroll" role="region" tabindex="0" aria-label="${options.caption}"${options.id ? html` id="${options.id}"` : ''}><table${options.captionHidden ? html` aria-label="${options.caption}"` : ''}>
${caption}
<thead><tr>${header}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/**
 * Facts about one thing, as a definition list.
 *
 * @example
 * ```ts
 * definitionList([['Customer', customer.name], ['Account ends', customer.accountEndsOn]]);
 * ```
 */
export function definitionList(entries: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  return html`<dl class="facts">${entries.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** How a status reads at a glance; the word itself always says it too (colour is never the only sign). */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

/**
 * A status word in a coloured badge.
 *
 * @example
 * ```ts
 * statusBadge('approved', 'ok');
 * ```
 */
export function statusBadge(label: string, tone: Tone): SafeHtml {
  return html`<span class="badge badge-${tone}">${label}</span>`;
}

/**
 * A box that stands out from the page: a warning, a piece of news, or what went wrong.
 * `role` makes it announced: `status` for news, `alert` for what needs attention now.
 */
export function notice(content: HtmlValue, options: { readonly tone?: Tone; readonly role?: 'status' | 'alert' | 'note' } = {}): SafeHtml {
  return html`<div class="notice notice-${options.tone ?? 'info'}"${options.role ? html` role="${options.role}"` : ''}>${content}</div>`;
}

/**
 * A titled part of a page, its heading tied to it so the section is a named landmark.
 *
 * @example
 * ```ts
 * section({ id: 'sites', title: 'Sites' }, sitesTable);
 * ```
 */
export function section(
  options: { readonly id: string; readonly title: string; readonly level?: 2 | 3; readonly actions?: HtmlValue },
  content: HtmlValue,
): SafeHtml {
  const heading = options.level === 3 ? html`<h3 id="${options.id}-heading">${options.title}</h3>` : html`<h2 id="${options.id}-heading">${options.title}</h2>`;
  return html`<section class="panel" id="${options.id}" aria-labelledby="${options.id}-heading"><div class="panel-header">${heading}${options.actions ? html`<div class="panel-actions">${options.actions}</div>` : ''}</div>${content}</section>`;
}

/** A link styled as a button (for navigation, never for actions). */
export function linkButton(href: string, label: HtmlValue, variant: 'primary' | 'secondary' = 'secondary'): SafeHtml {
  return html`<a class="button button-${variant}" href="${href}">${label}</a>`;
}

/** Text a person may copy exactly (ids, GUIDs, key thumbprints). */
export function code(text: string): SafeHtml {
  return html`<code>${text}</code>`;
}
