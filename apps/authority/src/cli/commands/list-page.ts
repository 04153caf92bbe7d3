import type { ItemOf } from '@airlock/client';

/**
 * The rows of a list endpoint's answer: a bare array, or a page (`{items, next}` or
 * `{<name>, next}`) of which only this first page is read; `more` says whether one follows.
 * The rows' type follows from the answer's, as the typed client (@airlock/client) gives it.
 */
export function rowsOf<Answer, T = ItemOf<Answer>>(body: Answer, name: string): { readonly rows: readonly T[]; readonly more: boolean } {
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
