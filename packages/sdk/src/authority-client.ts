import { AirlockError } from '@airlock/core';
import { jsonClient } from './json-client.ts';

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

export function authorityClient(options: AuthorityClientOptions): AuthorityClient {
  const call = jsonClient({ ...options, server: { name: 'authority', unreachable: 'AUTHORITY_UNREACHABLE' } });
  return { post: (path, body) => call('POST', path, body), get: (path) => call('GET', path) };
}

/** A string member of an authority answer, or AUTHORITY_UNREACHABLE naming what is missing. */
export function stringMember(answer: Record<string, unknown>, name: string): string {
  const value = answer[name];
  if (typeof value !== 'string') throw new AirlockError('AUTHORITY_UNREACHABLE', { reason: `the answer has no ${name}` });
  return value;
}
