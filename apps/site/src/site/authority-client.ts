import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import tls from 'node:tls';

/**
 * How the site reaches the authority over HTTPS (docs/connected.md, "The site's schedule"):
 * node's own `http`/`https`, no dependency. A private certificate authority may be added
 * (`AIRLOCK_SITE_AUTHORITY_CA`, or node's `NODE_EXTRA_CA_CERTS`); a proxy named by
 * `HTTPS_PROXY` / `HTTP_PROXY` (or their lower-case forms) is used unless `NO_PROXY` names the
 * host: an `https` target through a `CONNECT` tunnel, an `http` target by an absolute-URI
 * request. Every request ends within its timeout (30 s), whatever the network does.
 */

/** The longest a request to the authority may take, tunnel and answer included (ms). */
const AUTHORITY_REQUEST_TIMEOUT = 30_000;
/** The largest answer read (an OLF is a few KiB). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** The authority answered over HTTP: its status and its body, parsed as JSON (null when it is not JSON). */
export interface AuthorityAnswer {
  readonly status: number;
  readonly json: unknown;
}

/** The authority could not be reached, or the connection failed before a whole answer came: `reason` says how. */
export class AuthorityUnreachableError extends Error {
  override readonly name = 'AuthorityUnreachableError';
}

/** A proxy to go through: its URL, as `HTTPS_PROXY` names it. */
interface Proxy {
  readonly url: URL;
}

export interface AuthorityClientOptions {
  /** PEM text of certificate authorities to trust beside the system's (`AIRLOCK_SITE_AUTHORITY_CA`). */
  readonly ca?: string | null;
  /** The environment the proxy variables are read from (`process.env` in production). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeout?: number;
}

/** Reads the PEM file `AIRLOCK_SITE_AUTHORITY_CA` names, for `AuthorityClientOptions.ca`. */
export function readAuthorityCa(path: string | null): string | null {
  return path === null ? null : readFileSync(path, 'utf8');
}

/**
 * Posts JSON to the authority and reads its JSON answer.
 *
 * @example
 * ```ts
 * const client = new AuthorityClient({ ca: readAuthorityCa(config.authorityCa), env: process.env });
 * const { status, json } = await client.postJson('https://licensing.example.com/v1/site-exchange', { request, lfr });
 * ```
 */
export class AuthorityClient {
  private readonly ca: string[] | undefined;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly timeout: number;

  constructor(options: AuthorityClientOptions = {}) {
    // Node's default store already holds NODE_EXTRA_CA_CERTS; a `ca` option replaces it, so the system's roots are listed with it.
    this.ca = options.ca ? [...tls.rootCertificates, ...extraCaCertificates(), options.ca] : undefined;
    this.env = options.env ?? {};
    this.timeout = options.timeout ?? AUTHORITY_REQUEST_TIMEOUT;
  }

  /**
   * Posts `body` as JSON to `url`; `AuthorityUnreachableError` when no whole answer comes within
   * the timeout, or `signal` aborts first (the site shutting down).
   */
  postJson(url: string, body: unknown, options: { readonly signal?: AbortSignal } = {}): Promise<AuthorityAnswer> {
    const target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return Promise.reject(new AuthorityUnreachableError(`${url} is not an http or https URL`));
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const proxy = proxyFor(target, this.env);
    return new Promise<AuthorityAnswer>((resolve, reject) => {
      const live: { destroy(error?: Error): void }[] = [];
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const part of live) part.destroy();
        reject(error instanceof AuthorityUnreachableError ? error : new AuthorityUnreachableError(describe(error, target, proxy)));
      };
      const succeed = (answer: AuthorityAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => fail(new AuthorityUnreachableError(`no answer from ${target.origin} within ${this.timeout / 1000} s`)), this.timeout);
      timer.unref();
      const { signal } = options;
      if (signal?.aborted) return fail(new AuthorityUnreachableError('the request was abandoned: the site is shutting down'));
      signal?.addEventListener('abort', () => fail(new AuthorityUnreachableError('the request was abandoned: the site is shutting down')), { once: true });
      const send = (request: http.ClientRequest) => {
        live.push(request);
        request.on('error', fail);
        request.on('response', (response) => void readAnswer(response, live).then(succeed, fail));
        request.end(payload);
      };
      const headers = { 'content-type': 'application/json', 'content-length': String(payload.length), accept: 'application/json' };
      const path = `${target.pathname}${target.search}`;
      if (!proxy) {
        send((target.protocol === 'https:' ? https : http).request(target, { method: 'POST', headers, ...this.tlsOptions(target) }));
      } else if (target.protocol === 'http:') {
        send(
          http.request({
            host: proxy.url.hostname,
            port: portOf(proxy.url),
            method: 'POST',
            path: target.href,
            headers: { ...headers, host: target.host, ...proxyAuthorization(proxy) },
          }),
        );
      } else {
        this.tunnel(target, proxy, live).then((socket) => {
          if (settled) return socket.destroy();
          // No agent: node then makes the connection with `createConnection`, TLS over the tunnel.
          send(
            https.request({
              host: target.hostname,
              port: portOf(target),
              method: 'POST',
              path,
              headers: { ...headers, host: target.host },
              createConnection: () => tls.connect({ socket, servername: servername(target), ...this.tlsOptions(target) }),
            }),
          );
        }, fail);
      }
    });
  }

  private tlsOptions(target: URL): { ca?: string[] } {
    return target.protocol === 'https:' && this.ca ? { ca: this.ca } : {};
  }

  /** Opens a `CONNECT` tunnel through the proxy to the target's host and port. */
  private tunnel(target: URL, proxy: Proxy, live: { destroy(error?: Error): void }[]): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const authority = `${target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname}:${portOf(target)}`;
      const connect = (proxy.url.protocol === 'https:' ? https : http).request({
        host: proxy.url.hostname,
        port: portOf(proxy.url),
        method: 'CONNECT',
        path: authority,
        headers: { host: authority, ...proxyAuthorization(proxy) },
        agent: false,
      });
      live.push(connect);
      connect.on('error', reject);
      connect.on('connect', (response: IncomingMessage, socket: Socket) => {
        live.push(socket);
        if (response.statusCode !== 200) {
          socket.destroy();
          reject(new AuthorityUnreachableError(`the proxy ${proxy.url.host} refused the tunnel to ${authority}: HTTP ${response.statusCode ?? 0}`));
          return;
        }
        resolve(socket);
      });
      connect.end();
    });
  }
}

/** Reads a whole answer (at most 1 MiB) and parses it as JSON when it is JSON. */
function readAnswer(response: IncomingMessage, live: { destroy(error?: Error): void }[]): Promise<AuthorityAnswer> {
  live.push(response);
  return new Promise<AuthorityAnswer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) response.destroy(new AuthorityUnreachableError(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
      else chunks.push(chunk);
    });
    response.on('error', reject);
    response.on('aborted', () => reject(new AuthorityUnreachableError('the connection closed before the whole answer came')));
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        json = null;
      }
      resolve({ status: response.statusCode ?? 0, json });
    });
  });
}

/**
 * The proxy for a target, from the environment as curl and most tools read it: `HTTPS_PROXY` /
 * `https_proxy` for https, `HTTP_PROXY` / `http_proxy` for http; none when `NO_PROXY` /
 * `no_proxy` names the host (`*`, a host, a domain suffix with or without its leading dot,
 * optionally with `:port`).
 */
export function proxyFor(target: URL, env: Readonly<Record<string, string | undefined>>): Proxy | null {
  const read = (name: string) => env[name]?.trim() || env[name.toLowerCase()]?.trim() || undefined;
  const named = target.protocol === 'https:' ? read('HTTPS_PROXY') : read('HTTP_PROXY');
  if (named === undefined || bypassed(target, read('NO_PROXY'))) return null;
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(named) ? named : `http://${named}`);
  return { url };
}

function bypassed(target: URL, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = portOf(target);
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const [name = '', entryPort] = entry
        .toLowerCase()
        .replace(/^\[|\](?=:|$)/g, '')
        .split(/:(?=\d+$)/);
      if (entryPort !== undefined && Number(entryPort) !== port) return false;
      const domain = name.replace(/^\*?\./, '');
      return host === domain || host.endsWith(`.${domain}`);
    });
}

function proxyAuthorization(proxy: Proxy): Record<string, string> {
  if (proxy.url.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

function portOf(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** TLS's server name: a host name, never an IP address (SNI forbids those). */
function servername(target: URL): string | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return /^[\d.]+$/.test(host) || host.includes(':') ? undefined : host;
}

/** NODE_EXTRA_CA_CERTS's certificates, where node can list them (it keeps them only in its default store otherwise). */
function extraCaCertificates(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
}

function describe(error: Error, target: URL, proxy: Proxy | null): string {
  const code = (error as NodeJS.ErrnoException).code;
  const via = proxy ? ` through the proxy ${proxy.url.host}` : '';
  return `${target.origin}${via} cannot be reached: ${code ? `${code} ` : ''}${error.message}`;
}
