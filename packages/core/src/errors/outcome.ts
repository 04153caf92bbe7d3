import type { ErrorCode } from './error-codes.ts';
import type { ErrorDetail } from './airlock-error.ts';

/**
 * What a licensing rule returns: rule outcomes are data, not exceptions.
 * A refusal carries a registry code and the facts behind it.
 */
export type Outcome<T = undefined> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ErrorCode; readonly detail: ErrorDetail };

/** An `Outcome` that refuses: the error code and its detail. */
export type Refusal = Extract<Outcome<never>, { ok: false }>;

export function accept(): Outcome<undefined>;
export function accept<T>(value: T): Outcome<T>;
export function accept<T>(value?: T): Outcome<T | undefined> {
  return { ok: true, value };
}

export function refuse(code: ErrorCode, detail: ErrorDetail = {}): Refusal {
  return { ok: false, code, detail };
}
