import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A value of a cell: text, a number, a yes/no, or nothing. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * One table as CSV (RFC 4180): a header row, then a row per record, CRLF line ends, a field
 * quoted when it holds a comma, a quote or a line break. Text that a spreadsheet would run as a
 * formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`, so
 * a customer or site name can never become a formula in the vendor's spreadsheet; numbers stay
 * numbers.
 *
 * @example
 * ```ts
 * toCsv(['customer', 'seats'], [['Acme, Inc.', 12], ['=HYPERLINK("x")', 0]]);
 * // 'customer,seats\r\n"Acme, Inc.",12\r\n"\'=HYPERLINK(""x"")",0\r\n'
 * ```
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The records of a list as a table: every record flattened (a nested object's members become
 * `parent.member` columns; an array becomes its JSON), the columns in the order they first appear.
 */
export function recordsToCsv(records: readonly unknown[]): string {
  const flat = records.map((record) => flatten(record));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of flat) {
    for (const column of row.keys()) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
    }
  }
  return toCsv(
    columns,
    flat.map((row) => columns.map((column) => row.get(column))),
  );
}

function flatten(record: unknown, prefix = '', into = new Map<string, CsvCell>()): Map<string, CsvCell> {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    into.set(prefix || 'value', Array.isArray(record) ? JSON.stringify(record) : (record as CsvCell));
    return into;
  }
  for (const [key, value] of Object.entries(record)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value, column, into);
    else into.set(column, Array.isArray(value) ? JSON.stringify(value) : (value as CsvCell));
  }
  return into;
}

/**
 * The records of a list answer: the answer itself when it is an array; else a page's `items`; else
 * the array of an answer that holds one array and nothing else but paging (`next`, `total`).
 */
function listOf(payload: unknown): readonly unknown[] | undefined {
  const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
  if (isList(payload)) return payload;
  if (payload === null || typeof payload !== 'object') return undefined;
  const items: unknown = (payload as { items?: unknown }).items;
  if (isList(items)) return items;
  const entries = Object.entries(payload as Record<string, unknown>).filter(([key]) => key !== 'next' && key !== 'total');
  const only: unknown = entries.length === 1 ? entries[0]?.[1] : undefined;
  return isList(only) ? only : undefined;
}

const wantsCsv = new WeakSet<FastifyRequest>();

/**
 * Every list of the API also answers as CSV: `GET …?format=csv` (taken off the query before the
 * route's own validation) or `Accept: text/csv`. A successful answer that is a list — an array,
 * a page's `items`, or an answer of one array and its paging — is sent as `text/csv` with a file name from
 * the route; any other answer, and every refusal, stays JSON.
 *
 * @example
 * ```sh
 * curl -H "authorization: Bearer $TOKEN" "$AIRLOCK_URL/v1/customers?format=csv" > customers.csv
 * ```
 */
export function serveCsvExports(app: FastifyInstance): void {
  // A callback hook: it runs on every request, and a promise each costs (docs/design.md, "A lean read path").
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.method === 'GET') {
      const query = request.query as Record<string, unknown> | undefined;
      const asked = query?.format === 'csv' || /^text\/csv\b/.test(request.headers.accept ?? '');
      if (query && query.format === 'csv') delete query.format;
      if (asked) wantsCsv.add(request);
    }
    done();
  });
  app.addHook('preSerialization', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    if (wantsCsv.has(request) && reply.statusCode < 300) answerAsCsv(request, reply, payload);
    done(null, payload);
  });
}

/** A list's answer sent as CSV (the route's JSON serializer replaced), when the payload is a list. */
function answerAsCsv(request: FastifyRequest, reply: FastifyReply, payload: unknown): void {
  const records = listOf(payload);
  if (!records) return;
  const csv = recordsToCsv(records);
  const name =
    (request.routeOptions.url ?? 'export')
      .replace(/^\/v1\//, '')
      .replace(/[/:]+/g, '-')
      .replace(/-+$/, '') || 'export';
  reply.type('text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  reply.serializer(() => csv);
}
