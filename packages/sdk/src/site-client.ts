import { AirlockError, allErrorCodes, type ErrorCode } from '@airlock/core';

/**
 * The calls the SDK makes to a site's floating-seat API (docs/floating.md, "The API"): JSON in
 * and out, with the tenant's application key as a bearer token. A refusal comes back as
 * problem+json with a stable code and is raised as that AirlockError; a site that does not
 * answer, or answers something else than JSON or a known problem, as SITE_UNREACHABLE.
 */
export interface SiteClient {
  post(path: string, body: unknown, timeoutMs?: number): Promise<Record<string, unknown>>;
  delete(path: string): Promise<Record<string, unknown>>;
}

export interface SiteClientOptions {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

const knownCodes = new Set<string>(allErrorCodes);

export function siteClient(options: SiteClientOptions): SiteClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  async function call(method: 'POST' | 'DELETE', path: string, body: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
    let response: Response;
    let json: unknown;
    try {
      response = await options.fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${options.appKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      json = await readJson(response);
    } catch (cause) {
      throw new AirlockError('SITE_UNREACHABLE', { url: baseUrl, reason: reasonOf(cause) }, { cause });
    }
    if (response.ok && isObject(json)) return json;
    if (!response.ok && isObject(json) && typeof json.code === 'string' && knownCodes.has(json.code)) {
      throw new AirlockError(json.code as ErrorCode, isObject(json.errors) ? json.errors : {});
    }
    throw new AirlockError('SITE_UNREACHABLE', {
      url: baseUrl,
      status: response.status,
      reason: response.ok ? 'the answer is not JSON' : `the site answered ${response.status} without a known error code`,
      ...(isObject(json) && typeof json.code === 'string' ? { code: json.code.slice(0, 100) } : {}),
    });
  }
  return {
    post: (path, body, timeoutMs) => call('POST', path, body, timeoutMs ?? options.timeoutMs),
    delete: (path) => call('DELETE', path, undefined, options.timeoutMs),
  };
}

/** The body as JSON, or undefined when it is not; a body cut off by the network throws (the site did not answer). */
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

/** A member of a site answer that must be text, or SITE_UNREACHABLE naming what is missing. */
export function textMember(answer: Record<string, unknown>, name: string): string {
  const value = answer[name];
  if (typeof value !== 'string') throw new AirlockError('SITE_UNREACHABLE', { reason: `the answer has no ${name}` });
  return value;
}

/** A member of a site answer that must be a positive number, or SITE_UNREACHABLE naming it. */
export function positiveMember(answer: Record<string, unknown>, name: string): number {
  const value = answer[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new AirlockError('SITE_UNREACHABLE', { reason: `the answer has no positive ${name}` });
  return value;
}
