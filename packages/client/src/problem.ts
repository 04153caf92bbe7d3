/**
 * How both APIs refuse: an RFC 9457 problem document (`application/problem+json`) with
 * Airlock's stable `code` (docs/errors.md) and a `detail` for people.
 */
export interface Problem {
  readonly status: number;
  /** Stable, UPPER_SNAKE (docs/errors.md): what a program branches on. */
  readonly code: string;
  /** For people: what was wrong, and often what to do. */
  readonly detail: string;
  readonly title?: string;
  readonly type?: string;
  readonly instance?: string;
  readonly requestId?: string;
  /** Per-field details of a refused request body. */
  readonly errors?: Readonly<Record<string, unknown>>;
}

/**
 * The server refused the call (a 4xx or 5xx answer): `problem` is its problem document. An
 * answer that was not a problem document still becomes one, with the code `HTTP_<status>`.
 *
 * @example
 * ```ts
 * try {
 *   await authority.post('/v1/products', { body: { id: 'automation', name: 'Automation' } });
 * } catch (error) {
 *   if (error instanceof ApiProblem && error.code === 'ALREADY_EXISTS') console.log(error.detail);
 *   else throw error;
 * }
 * ```
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
  }
}

/** The problem an answer of `status` carries, from its parsed body (whatever it is). */
export function problemOf(status: number, body: unknown): Problem {
  const found = typeof body === 'object' && body !== null ? (body as Partial<Record<keyof Problem, unknown>>) : {};
  const text = (value: unknown): value is string => typeof value === 'string';
  return {
    status,
    code: text(found.code) ? found.code : `HTTP_${status}`,
    detail: text(found.detail) ? found.detail : text(body) && body !== '' ? body : `The server answered ${status}.`,
    ...(text(found.title) ? { title: found.title } : {}),
    ...(text(found.type) ? { type: found.type } : {}),
    ...(text(found.instance) ? { instance: found.instance } : {}),
    ...(text(found.requestId) ? { requestId: found.requestId } : {}),
    ...(typeof found.errors === 'object' && found.errors !== null ? { errors: found.errors as Readonly<Record<string, unknown>> } : {}),
  };
}
