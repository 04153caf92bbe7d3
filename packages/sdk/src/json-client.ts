import { AirlockError, allErrorCodes, type ErrorCode } from '@airlock/core';

/**
 * The SDK's one way of calling an Airlock server — the authority's devices API or a site's
 * floating-seat API: JSON in and out, a timeout on every call. A refusal comes back as
 * problem+json with a stable code and is raised as that AirlockError; a server that does not
 * answer, or answers something else than JSON or a known problem, as the server's own
 * "unreachable" code, naming what went wrong.
 */
export interface JsonClientOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** Sent as `Authorization: Bearer …` when given (a site's application key). */
  readonly bearer?: string | undefined;
  /** Who is called, for the messages, and the code of a call it does not answer. */
  readonly server: { readonly name: 'site' | 'authority'; readonly unreachable: Extract<ErrorCode, 'SITE_UNREACHABLE' | 'AUTHORITY_UNREACHABLE'> };
}

export type JsonCall = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs?: number) => Promise<Record<string, unknown>>;

const knownCodes = new Set<string>(allErrorCodes);

/** A call function bound to one server (see the module comment). */
export function jsonClient(options: JsonClientOptions): JsonCall {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const { name, unreachable } = options.server;
  return async (method, path, body, timeoutMs = options.timeoutMs) => {
    let response: Response;
    let json: unknown;
    try {
      response = await options.fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.bearer === undefined ? {} : { authorization: `Bearer ${options.bearer}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Inside the try: a body the network cuts off is a server that did not answer.
      json = await readJson(response);
    } catch (cause) {
      throw new AirlockError(unreachable, { url: baseUrl, reason: reasonOf(cause) }, { cause });
    }
    if (response.ok && isObject(json)) return json;
    if (!response.ok && isObject(json) && typeof json.code === 'string' && knownCodes.has(json.code)) {
      throw new AirlockError(json.code as ErrorCode, isObject(json.errors) ? json.errors : {});
    }
    throw new AirlockError(unreachable, {
      url: baseUrl,
      status: response.status,
      reason: response.ok ? 'the answer is not JSON' : `the ${name} answered ${response.status} without a known error code`,
      ...(isObject(json) && typeof json.code === 'string' ? { code: json.code.slice(0, 100) } : {}),
    });
  };
}

/** The body as JSON, or undefined when it is not. */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'the request failed';
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return (cause ?? error.message).slice(0, 200);
}
