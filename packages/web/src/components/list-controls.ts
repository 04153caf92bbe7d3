import { html, type HtmlValue, type SafeHtml } from '../html.ts';
import { dataTable, type Column } from './content.ts';

/**
 * The controls of a paged list (an API list answering `{items, next}`): a search box, column
 * headers that sort, and previous/next links. Everything is a plain link or a GET form, so
 * a page is a URL a person may share or bookmark, and works without the client script.
 * Keyset pages have no page numbers: the URL keeps the `after` of each page before this one
 * (`back`), so "Previous" is the page before, and "First page" goes back to the start.
 */
export interface ListState {
  /** The page's own path, e.g. `/console/customers`. */
  readonly base: string;
  readonly q: string | undefined;
  /** The sort asked, e.g. `name` or `-accountEndsOn`; undefined: the list's default. */
  readonly sort: string | undefined;
  readonly after: string | undefined;
  /** The `after` of each earlier page, oldest first (`.` for the first page). */
  readonly back: readonly string[];
  /** The list's own filters (e.g. `actor`), kept by every link, the search and the API query. */
  readonly filters?: Readonly<Record<string, string>>;
}

const FIRST = '.';

/**
 * Reads a list's state from a page's query string: `q`, `sort`, `after`, `back`, and the
 * list's own filters named in `filterNames` (those given and not blank).
 *
 * @example
 * ```ts
 * const state = listState('/console/customers', context.query);
 * const audit = listState('/console/audit', context.query, ['actor', 'action']);
 * ```
 */
export function listState(base: string, query: Readonly<Record<string, string | undefined>>, filterNames: readonly string[] = []): ListState {
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const filters = Object.fromEntries(
    filterNames.flatMap((name) => {
      const value = text(query[name]);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return {
    base,
    q: text(query.q),
    sort: text(query.sort),
    after: text(query.after),
    back:
      text(query.back)
        ?.split(',')
        .filter((entry) => entry !== '') ?? [],
    ...(Object.keys(filters).length === 0 ? {} : { filters }),
  };
}

/** The URL of the list in `state` with some of its parameters changed. */
export function listUrl(state: ListState, changes: Partial<Omit<ListState, 'base'>> = {}): string {
  const merged = { ...state, ...changes };
  const params = new URLSearchParams(merged.filters);
  if (merged.q !== undefined) params.set('q', merged.q);
  if (merged.sort !== undefined) params.set('sort', merged.sort);
  if (merged.after !== undefined) params.set('after', merged.after);
  if (merged.back.length > 0) params.set('back', merged.back.join(','));
  const query = params.toString();
  return query === '' ? merged.base : `${merged.base}?${query}`;
}

/** The API query of the list in `state`: its filters, `limit` and its search, sort and cursor. */
export function listApiQuery(state: ListState, limit: number): string {
  const params = new URLSearchParams({ ...state.filters, limit: String(limit) });
  if (state.q !== undefined) params.set('q', state.q);
  if (state.sort !== undefined) params.set('sort', state.sort);
  if (state.after !== undefined) params.set('after', state.after);
  return params.toString();
}

/** A GET search form for the list: the sort and filters are kept, the page starts again. */
export function listSearch(state: ListState, options: { readonly label: string; readonly placeholder?: string }): SafeHtml {
  return html`<form class="list-search" method="get" action="${state.base}" role="search">
<label for="list-q">${options.label}</label>
<input id="list-q" name="q" type="search" value="${state.q ?? ''}" maxlength="100"${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}>
${state.sort === undefined ? '' : html`<input type="hidden" name="sort" value="${state.sort}">`}
${Object.entries(state.filters ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button class="button button-secondary" type="submit">Search</button>
${state.q === undefined ? '' : html`<a href="${listUrl(state, { q: undefined, after: undefined, back: [] })}">Clear</a>`}
</form>`;
}

/**
 * A column header that sorts the list by `key`: ascending first, then descending on a second
 * click; says the current order to assistive technology (`aria-sort` goes on the `th`, which
 * the data table draws, so the words say it here).
 */
export function sortHeader(state: ListState, label: HtmlValue, key: string, defaultSort: string): SafeHtml {
  const current = state.sort ?? defaultSort;
  const active = current === key || current === `-${key}`;
  const descending = current === `-${key}`;
  const next = active && !descending ? `-${key}` : key;
  const mark = active ? (descending ? ' ▼' : ' ▲') : '';
  const said = active ? (descending ? ' (sorted descending)' : ' (sorted ascending)') : '';
  return html`<a href="${listUrl(state, { sort: next, after: undefined, back: [] })}">${label}${mark}<span class="visually-hidden">${said}</span></a>`;
}

/** Previous / next links under a page; nothing when the list fits one page. */
export function pagerLinks(state: ListState, next: string | null, summary?: string): SafeHtml {
  const previousAfter = state.back.at(-1);
  const previous =
    previousAfter === undefined ? null : listUrl(state, { after: previousAfter === FIRST ? undefined : previousAfter, back: state.back.slice(0, -1) });
  const following = next === null ? null : listUrl(state, { after: next, back: [...state.back, state.after ?? FIRST] });
  if (previous === null && following === null && summary === undefined) return html``;
  return html`<nav class="pager" aria-label="Pages">
${summary === undefined ? '' : html`<span class="pager-summary">${summary}</span>`}
${previous === null ? '' : html`<a class="button button-secondary" rel="prev" href="${previous}">Previous</a>`}
${following === null ? '' : html`<a class="button button-secondary" rel="next" href="${following}">Next</a>`}
</nav>`;
}

/** A column of a paged table; `sortKey` (one of the API list's sorts) makes its header sort the list. */
export interface PagedColumn<Row> extends Omit<Column<Row>, 'sorted'> {
  readonly sortKey?: string;
}

/** A page of an API list: `{items, next, total?}`. */
export interface ListPage<Row> {
  readonly items: readonly Row[];
  readonly next: string | null;
  readonly total?: number;
}

/**
 * A whole paged list: the search box (when the list searches), the table whose sortable
 * headers re-sort it, what an empty page means (nothing yet, nothing found, no more), the pager
 * with the count where the API gives it, and a link to the list as CSV.
 *
 * @example
 * ```ts
 * pagedTable({ state, page, caption: 'Sites', defaultSort: 'registeredAt', noun: ['site', 'sites'],
 *   empty: 'No site registered yet.', search: { label: 'Find a site' },
 *   columns: [{ header: 'Site', sortKey: 'name', cell: (site) => site.name, rowHeader: true }] });
 * ```
 */
export function pagedTable<Row>(options: {
  readonly state: ListState;
  readonly page: ListPage<Row>;
  readonly caption: string;
  readonly columns: readonly PagedColumn<Row>[];
  /** The list's default sort, as the API names it (`-` for descending). */
  readonly defaultSort: string;
  /** What one item and several are called, for the count: `['customer', 'customers']`. */
  readonly noun: readonly [string, string];
  /** What an empty list means when nothing is searched (e.g. how to add the first). */
  readonly empty: string;
  /** The search box, for a list whose API takes `q`. */
  readonly search?: { readonly label: string; readonly placeholder?: string };
  /**
   * Where the list is downloaded as CSV (the API list with `format=csv`): a URL, said as
   * "Download every <item> as CSV", or a URL and the words of its link (for a list whose API
   * answers a page even as CSV, so "every" would not be true).
   */
  readonly csv?: string | { readonly href: string; readonly label: string };
}): SafeHtml {
  const { state, page } = options;
  const [one, many] = options.noun;
  const current = state.sort ?? options.defaultSort;
  const columns: Column<Row>[] = options.columns.map(({ sortKey, ...column }) => {
    if (sortKey === undefined) return column;
    const sorted = current === sortKey ? ('ascending' as const) : current === `-${sortKey}` ? ('descending' as const) : undefined;
    return { ...column, header: sortHeader(state, column.header, sortKey, options.defaultSort), ...(sorted ? { sorted } : {}) };
  });
  const empty = state.q !== undefined ? `No ${one} found for “${state.q}”.` : state.after !== undefined ? `No more ${many}.` : options.empty;
  const total =
    page.total === undefined ? undefined : `${page.total.toLocaleString('en-US')} ${page.total === 1 ? one : many}${state.q === undefined ? '' : ' found'}`;
  const csv =
    options.csv === undefined
      ? ''
      : typeof options.csv === 'string'
        ? html`<p class="list-export"><a href="${options.csv}" download>Download every ${one} as CSV</a></p>`
        : html`<p class="list-export"><a href="${options.csv.href}" download>${options.csv.label}</a></p>`;
  return html`${options.search ? listSearch(state, options.search) : ''}${dataTable({
    caption: options.caption,
    captionHidden: true,
    rows: page.items,
    empty,
    columns,
  })}${pagerLinks(state, page.next, total)}${csv}`;
}

/**
 * The first few items of a list on a page that shows several (a customer's sites, device
 * licenses and users on the customer's page): a plain table, how many there are in all, and a
 * link to the list's own page, where it is searched, sorted, paged and exported. One list per
 * page keeps `q`, `sort`, `after` and `back` unprefixed in every list's URL.
 *
 * @example
 * ```ts
 * listPreview({ page, caption: 'Sites', noun: ['site', 'sites'], empty: 'No site yet.',
 *   all: '/console/customers/acme/sites', columns: [{ header: 'Site', cell: (site) => site.name }] });
 * ```
 */
export function listPreview<Row>(options: {
  /** The first page of the API list, asked with the few items to show as its `limit`. */
  readonly page: ListPage<Row>;
  readonly caption: string;
  /** The columns of the list's own page; their headers do not sort here. */
  readonly columns: readonly PagedColumn<Row>[];
  readonly noun: readonly [string, string];
  readonly empty: string;
  /** The list's own page. */
  readonly all: string;
}): SafeHtml {
  const { page } = options;
  const [one, many] = options.noun;
  // The headers do not sort a preview: the list's own page does.
  const columns: Column<Row>[] = options.columns.map(({ sortKey: _sortKey, ...column }) => column);
  const table = dataTable({ caption: options.caption, captionHidden: true, rows: page.items, empty: options.empty, columns });
  if (page.items.length === 0 && page.next === null) return table;
  const count = page.total;
  const more = count === undefined ? page.next !== null : count > page.items.length;
  const shown = !more
    ? ''
    : count === undefined
      ? `The first ${page.items.length} ${page.items.length === 1 ? one : many}. `
      : `${page.items.length} of ${count.toLocaleString('en-US')} ${many}. `;
  const words = count === undefined ? `All ${many}` : `All ${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
  return html`${table}<p class="list-more">${shown}<a href="${options.all}">${words}<span aria-hidden="true"> →</span></a><span class="hint">: search, sort, pages and CSV</span></p>`;
}

/**
 * A text field that names one item of a long list by its id (a customer of 100,000): the id
 * is typed, and the client script suggests items whose name or id begins with what is typed
 * (`GET <lookup>?q=…&limit=10` into a `<datalist>`), then checks the id typed
 * (`GET <lookup>/<id>`): it says the item's name beside the field, or the API's refusal
 * (`NOT_FOUND`, with its code). Without the script it is a plain field where the id is typed,
 * and the API refuses an unknown one in the form's alert. Its id is `<formId>-<name>`, as
 * `formFields` names controls.
 *
 * @example
 * ```ts
 * lookupField({ formId: 'new-device-license', name: 'customerId', label: 'Customer', lookup: '/v1/customers', required: true });
 * ```
 */
export function lookupField(options: {
  readonly formId: string;
  readonly name: string;
  readonly label: string;
  /** The API list searched with `q`; an item is read at `<lookup>/<id>`. */
  readonly lookup: string;
  readonly required?: boolean;
  readonly hint?: string;
  readonly placeholder?: string;
  /** The id the field starts with (e.g. the customer whose page the form was opened from). */
  readonly value?: string | undefined;
}): SafeHtml {
  const id = `${options.formId}-${options.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const hint = options.hint ?? 'Type its id, or the start of its name or id to choose from the suggestions.';
  return html`<div class="field field-lookup"><label for="${id}">${options.label}</label><input id="${id}" type="text" name="${options.name}"${options.required ? ' required' : ''} list="${id}-options" autocomplete="off" spellcheck="false" maxlength="200" data-lookup="${options.lookup}"${options.value ? html` value="${options.value}"` : ''}${options.placeholder ? html` placeholder="${options.placeholder}"` : ''} aria-describedby="${id}-hint ${id}-found ${id}-refusal"><datalist id="${id}-options"></datalist><p class="hint" id="${id}-hint">${hint}</p><p class="lookup-found" id="${id}-found" aria-live="polite"></p><div class="form-alert" id="${id}-refusal" role="alert"></div></div>`;
}
