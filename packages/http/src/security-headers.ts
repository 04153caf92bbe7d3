import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** Served over HTTPS: adds Strict-Transport-Security. */
  readonly https: boolean;
  /** Pages may use the camera (reading QR codes of documents); everything else stays off. */
  readonly allowCamera?: boolean;
}

/**
 * The headers every response of an Airlock server carries. The APIs serve JSON and documents,
 * the web apps serve their own scripts and styles only: no framing, no sniffing, no referrer,
 * nothing loaded from elsewhere, and nothing cached that holds license data.
 */
export function securityHeaders(options: SecurityHeaderOptions): Readonly<Record<string, string>> {
  return {
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': `camera=(${options.allowCamera ? 'self' : ''}), microphone=(), geolocation=(), payment=(), usb=()`,
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/**
 * Adds the security headers to every response of `app`, errors and 404s included. API
 * responses are also marked `no-store`: they hold license data and sessions. A route that
 * serves cacheable static files sets its own Cache-Control, which is kept.
 *
 * @example
 * ```ts
 * addSecurityHeaders(app, { https: true });
 * ```
 */
export function addSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headers = securityHeaders(options);
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(headers);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
