import { describeError, type ErrorCode } from './error-codes.ts';

/** Structured, JSON-safe facts that explain an error (which type, which users, which dates). */
export type ErrorDetail = Readonly<Record<string, unknown>>;

/**
 * The only exception the core throws for bad input. It carries a stable code from the
 * registry and never an HTTP status: servers map codes to statuses at their edge.
 *
 * @example
 * ```ts
 * try { await openOfflineLicenseFile(text, context); }
 * catch (error) { if (isAirlockError(error)) console.log(error.code); }
 * ```
 */
export class AirlockError extends Error {
  override readonly name = 'AirlockError';
  readonly code: ErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: ErrorCode, detail: ErrorDetail = {}, options?: { cause?: unknown }) {
    super(describeError(code), options);
    this.code = code;
    this.detail = detail;
  }

  toJSON(): { code: ErrorCode; message: string; detail: ErrorDetail } {
    return { code: this.code, message: this.message, detail: this.detail };
  }
}

/** Whether a value is an `AirlockError`: what to test a caught error with before reading its code. */
export function isAirlockError(value: unknown): value is AirlockError {
  return value instanceof AirlockError;
}

/**
 * Untrusted input, shown safely in an error's detail: JSON, cut to 100 characters. Never
 * `String(value)`, which runs the input's own `toString` (a JSON `{"toString":0}` breaks it).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 100);
  try {
    return (JSON.stringify(value) ?? typeof value).slice(0, 100);
  } catch {
    return typeof value;
  }
}
