/**
 * Where a server may listen. Without TLS, traffic (passwords, session cookies, license
 * documents) would cross the network in clear, so a server without a certificate listens on
 * the loopback interface only, unless its operator says plainly that something in front of it
 * (a TLS-terminating proxy) takes care of that.
 */
export interface ListenRequest {
  /** The host the operator asked for, or undefined for the default. */
  readonly host: string | undefined;
  /** Whether a certificate and key are configured. */
  readonly tls: boolean;
  /** The operator's explicit permission to serve plain HTTP beyond loopback. */
  readonly allowPlainHttp: boolean;
}

export interface ListenDecision {
  readonly host: string;
  readonly scheme: 'http' | 'https';
  /** What to tell the operator at start: where it listens and why there. */
  readonly notice: string;
}

/** The server cannot listen where it was asked to; the message says what to set. */
export class ListenPolicyError extends Error {
  override readonly name = 'ListenPolicyError';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Decides the host and scheme. With TLS: the host asked for (default loopback). Without TLS:
 * loopback, or the host asked for when plain HTTP beyond loopback was explicitly allowed.
 * Asking for a non-loopback host without TLS and without that permission is refused rather
 * than quietly narrowed, so the operator is never surprised by where the server listens.
 *
 * @example
 * ```ts
 * decideListen({ host: '0.0.0.0', tls: false, allowPlainHttp: false, variables });
 * // throws ListenPolicyError: set the certificate variables, or the plain-HTTP one
 * ```
 */
export function decideListen(
  request: ListenRequest & { readonly variables: { readonly host: string; readonly cert: string; readonly key: string; readonly allowPlainHttp: string } },
): ListenDecision {
  const host = request.host ?? '127.0.0.1';
  const names = request.variables;
  if (request.tls) {
    return { host, scheme: 'https', notice: `serving HTTPS on ${host}` };
  }
  if (isLoopback(host)) {
    return {
      host,
      scheme: 'http',
      notice: `serving plain HTTP on the loopback interface only (${host}): set ${names.cert} and ${names.key} to serve HTTPS to other machines`,
    };
  }
  if (!request.allowPlainHttp) {
    throw new ListenPolicyError(
      `${names.host}=${host} would serve plain HTTP beyond this machine: set ${names.cert} and ${names.key} to serve HTTPS, or ${names.allowPlainHttp}=true if a TLS proxy in front of it terminates HTTPS`,
    );
  }
  return {
    host,
    scheme: 'http',
    notice: `serving plain HTTP on ${host} because ${names.allowPlainHttp}=true: only a TLS-terminating proxy should reach it`,
  };
}
