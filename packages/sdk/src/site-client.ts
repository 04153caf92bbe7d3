import { AirlockError } from '@airlock/core';
import { jsonClient } from './json-client.ts';

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

export function siteClient(options: SiteClientOptions): SiteClient {
  const call = jsonClient({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    bearer: options.appKey,
    server: { name: 'site', unreachable: 'SITE_UNREACHABLE' },
  });
  return {
    post: (path, body, timeoutMs) => call('POST', path, body, timeoutMs),
    delete: (path) => call('DELETE', path),
  };
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
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new AirlockError('SITE_UNREACHABLE', { reason: `the answer has no positive ${name}` });
  return value;
}
