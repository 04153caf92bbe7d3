import { AirlockError } from '@airlock/core';
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { OneLine } from './schemas.ts';

/**
 * Keyset (cursor) pagination shared by the authority's lists (README, "Lists: pages, sorts and
 * search"). A list asked with any of `limit`, `after`, `sort` or `q` answers a page
 * `{items, next, total?}`; asked with none of them it keeps its older bare-array answer
 * (deprecated). A page is read by the index of its sort key and never by OFFSET, so a deep
 * page costs what the first does.
 */
const PAGE_LIMIT_DEFAULT = 50;
const PAGE_LIMIT_MAX = 500;
/** The longest `q`: a prefix longer than a name says nothing more. */
const SEARCH_MAX = 100;

/** The SQL type a sort key's cursor value is read back as. */
export type SortKeyType = 'text' | 'timestamptz' | 'date' | 'bigint';

/** One way a list may be sorted: an SQL expression an index serves, and the type of its value. */
export interface SortKey {
  /** The expression, as SQL (a column, or e.g. `lower(name) collate "C"` for its index). */
  readonly expression: string;
  readonly type: SortKeyType;
}

/**
 * What a list allows: its unique id column (the tie-breaker of every sort), its sorts by name,
 * the sort it has when none is asked (`-` before the name: descending), the expressions `q`
 * searches by prefix, and whether it counts its total (only where that is cheap).
 */
export interface ListSpec<S extends string = string> {
  readonly id: string;
  readonly idType: SortKeyType;
  readonly sorts: Readonly<Record<S, SortKey>>;
  readonly defaultSort: S | `-${S}`;
  /** SQL expressions compared with `like '<lower(q)>%'`; each needs a prefix-capable index. */
  readonly search: readonly string[];
  readonly total: boolean;
}

/** The paging parameters of a request, as they arrive in the query string. */
export interface PagingQuery {
  readonly limit?: string | undefined;
  readonly after?: string | undefined;
  readonly sort?: string | undefined;
  readonly q?: string | undefined;
}

/** A page request, read and checked. */
export interface Paging {
  readonly limit: number;
  readonly sortName: string;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly after: { readonly key: string; readonly id: string } | undefined;
  readonly q: string | undefined;
}

/** One page of a list: `next` is the `after` of the following page, null on the last one. */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
  readonly total?: number;
}

/**
 * The query-string schema of a paged list: its own filters plus `limit`, `after`, `sort`
 * (one of the list's sorts, `-` for descending) and `q`, so the OpenAPI document shows them.
 */
export function PageQuery<S extends string, F extends TProperties = Record<never, never>>(spec: ListSpec<S>, filters?: F) {
  const names = Object.keys(spec.sorts);
  const sorts = names.flatMap((name) => [Type.Literal(name), Type.Literal(`-${name}`)]);
  return Type.Object(
    {
      ...(filters as F),
      limit: Type.Optional(
        Type.String({
          pattern: '^[0-9]{1,6}$',
          description: `Items per page, 1 to ${PAGE_LIMIT_MAX} (${PAGE_LIMIT_DEFAULT} when left out). Any paging parameter answers a page instead of the deprecated bare array.`,
        }),
      ),
      after: Type.Optional(
        Type.String({ maxLength: 2048, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the page before: an opaque cursor, valid for the same sort.' }),
      ),
      sort: Type.Optional(
        Type.Union(sorts, {
          description: `One of ${names.join(', ')}; \`-\` before it sorts descending. Default \`${spec.defaultSort}\`; ties are broken by id.`,
        }),
      ),
      q: Type.Optional(
        OneLine({
          minLength: 1,
          maxLength: SEARCH_MAX,
          description:
            spec.search.length > 0
              ? 'Search: items whose name or id begins with this text, case-insensitively.'
              : 'Search: this list has no searchable column; any q is refused.',
        }),
      ),
    },
    { additionalProperties: false },
  );
}

/**
 * The answer schema of a paged list of `item`. `total` is there only on lists that count it
 * cheaply (`ListSpec.total`); `totalNote` says so in the OpenAPI document.
 */
export function PageOf<T extends TSchema>(item: T, totalNote: string) {
  return Type.Object({
    items: Type.Array(item),
    next: Type.Union([Type.String(), Type.Null()], { description: 'The `after` of the next page; null on the last page.' }),
    total: Type.Optional(Type.Integer({ description: totalNote })),
  });
}

/** Whether a request asks for a page (any paging parameter) rather than the deprecated bare array. */
export function wantsPage(query: PagingQuery): boolean {
  return query.limit !== undefined || query.after !== undefined || query.sort !== undefined || query.q !== undefined;
}

/** Reads and checks a page request; REQUEST_INVALID for a limit out of bounds, an unknown sort or a cursor this list did not give. */
export function readPaging<S extends string>(spec: ListSpec<S>, query: PagingQuery): Paging {
  const limit = query.limit === undefined ? PAGE_LIMIT_DEFAULT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) {
    throw new AirlockError('REQUEST_INVALID', { field: 'limit', reason: `a whole number from 1 to ${PAGE_LIMIT_MAX}` });
  }
  const asked: string = query.sort ?? spec.defaultSort;
  const descending = asked.startsWith('-');
  const sortName = descending ? asked.slice(1) : asked;
  const sort = Object.hasOwn(spec.sorts, sortName) ? spec.sorts[sortName as S] : undefined;
  if (!sort) throw new AirlockError('REQUEST_INVALID', { field: 'sort', reason: `one of ${Object.keys(spec.sorts).join(', ')}, with - for descending` });
  if (query.q !== undefined && spec.search.length === 0) throw new AirlockError('REQUEST_INVALID', { field: 'q', reason: 'this list has no search' });
  const after = query.after === undefined ? undefined : decodeCursor(query.after, asked);
  return { limit, sortName, sort, descending, after, q: query.q };
}

/** A cursor: base64url of the JSON `[sort, key, id]` of the last item of a page. */
export function encodeCursor(sort: string, key: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, sort: string): { key: string; id: string } {
  const refused = new AirlockError('REQUEST_INVALID', { field: 'after', reason: 'not a cursor this list gave for this sort' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort) throw refused;
  const [, key, id] = parsed as unknown[];
  if (typeof key !== 'string' || typeof id !== 'string') throw refused;
  return { key, id };
}

/** A `like` pattern that matches text beginning with `q`, lower-cased, its wildcards escaped. */
function prefixPattern(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function typed(value: string, type: SortKeyType): RawBuilder<unknown> {
  return sql`cast(${value} as ${sql.raw(type)})`;
}

/** The search condition of `q` over the list's searchable expressions (any of them begins with it). */
function searchCondition(spec: ListSpec, q: string): RawBuilder<boolean> {
  const pattern = prefixPattern(q);
  return sql<boolean>`(${sql.join(
    spec.search.map((expression) => sql`${sql.raw(expression)} like ${pattern}`),
    sql` or `,
  )})`;
}

/**
 * Reads one page of `query` (a select with the list's filters and no order): adds the search,
 * the keyset condition after the cursor, the order of the sort then id, and `limit + 1` rows
 * to know whether a next page exists. Counts the total with the same filters when the list
 * says that is cheap.
 */
export async function fetchPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  spec: ListSpec,
  paging: Paging,
): Promise<{ rows: O[]; next: string | null; total?: number }> {
  const filtered = paging.q === undefined ? query : query.where(searchCondition(spec, paging.q));
  const key = sql.raw(paging.sort.expression);
  const id = sql.raw(spec.id);
  const sameColumn = paging.sort.expression === spec.id;
  let page = filtered
    .select([sql<string>`(${key})::text`.as('page_key'), sql<string>`(${id})::text`.as('page_id')])
    .$castTo<O & { page_key: string; page_id: string }>();
  if (paging.after) {
    const { key: afterKey, id: afterId } = paging.after;
    const op = sql.raw(paging.descending ? '<' : '>');
    page = page.where(
      sameColumn
        ? sql<boolean>`${id} ${op} ${typed(afterId, spec.idType)}`
        : sql<boolean>`(${key}, ${id}) ${op} (${typed(afterKey, paging.sort.type)}, ${typed(afterId, spec.idType)})`,
    );
  }
  const direction = sql.raw(paging.descending ? 'desc' : 'asc');
  page = sameColumn ? page.orderBy(sql`${id} ${direction}`) : page.orderBy(sql`${key} ${direction}`).orderBy(sql`${id} ${direction}`);
  const [fetched, counted] = await Promise.all([
    page.limit(paging.limit + 1).execute(),
    spec.total
      ? filtered
          .clearSelect()
          .select(sql<string>`count(*)::text`.as('total'))
          .$castTo<{ total: string }>()
          .executeTakeFirstOrThrow()
      : undefined,
  ]);
  const rows = fetched.slice(0, paging.limit);
  const last = rows.at(-1);
  const asked = `${paging.descending ? '-' : ''}${paging.sortName}`;
  const next = fetched.length > paging.limit && last ? encodeCursor(asked, last.page_key, last.page_id) : null;
  return { rows, next, ...(counted === undefined ? {} : { total: Number(counted.total) }) };
}
