/**
 * The rows of a list endpoint's answer: a bare array, or a page (`{items, next}` or
 * `{<name>, next}`) of which only this first page is read; `more` says whether one follows.
 */
export function rowsOf<T>(body: unknown, name: string): { readonly rows: readonly T[]; readonly more: boolean } {
  if (Array.isArray(body)) return { rows: body as T[], more: false };
  if (typeof body === 'object' && body !== null) {
    const page = body as Record<string, unknown>;
    const rows = Array.isArray(page.items) ? page.items : page[name];
    if (Array.isArray(rows)) return { rows: rows as T[], more: page.next !== null && page.next !== undefined };
  }
  return { rows: [], more: false };
}

/** The line a list ends with when the authority had more than its first page. */
export function moreLine(more: boolean): string[] {
  return more ? ['(first page only: the authority has more; see the console or the API with ?after=)'] : [];
}
