import { AirlockError, allErrorCodes, type ErrorCode } from '@airlock/core';

/**
 * The few calls the SDK makes to the authority's devices API: JSON in and out, no credentials
 * but what the signed documents carry. A refusal comes back as problem+json with a stable
 * code and is raised as that AirlockError; an unreachable authority as AUTHORITY_UNREACHABLE.
 */
export interface AuthorityClient {
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
  get(path: string): Promise<Record<string, unknown>>;
}

export interface AuthorityClientOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

const knownCodes = new Set<string>(allErrorCodes);

export function authorityClient(options: AuthorityClientOptions): AuthorityClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await options.fetch(`${baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      throw new AirlockError('AUTHORITY_UNREACHABLE', { url: baseUrl, reason: reasonOf(cause) }, { cause });
    }
    const json = await readJson(response);
    if (response.ok && isObject(json)) return json;
    if (!response.ok && isObject(json) && typeof json.code === 'string' && knownCodes.has(json.code)) {
      throw new AirlockError(json.code as ErrorCode, isObject(json.errors) ? json.errors : {});
    }
    throw new AirlockError('AUTHORITY_UNREACHABLE', {
      url: baseUrl,
      status: response.status,
      reason: response.ok ? 'the answer is not JSON' : `the authority answered ${response.status} without a known error code`,
      ...(isObject(json) && typeof json.code === 'string' ? { code: json.code.slice(0, 100) } : {}),
    });
  }
  return { post: (path, body) => call('POST', path, body), get: (path) => call('GET', path) };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
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

/** A string member of an authority answer, or AUTHORITY_UNREACHABLE naming what is missing. */
export function stringMember(answer: Record<string, unknown>, name: string): string {
  const value = answer[name];
  if (typeof value !== 'string') throw new AirlockError('AUTHORITY_UNREACHABLE', { reason: `the answer has no ${name}` });
  return value;
}
