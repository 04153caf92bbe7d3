import { watchTls, type TlsFiles, type TlsMaterial, type TlsReloader } from './tls.ts';

/**
 * Says which certificate a server started with, then keeps it on the newest one (`watchTls`),
 * saying each reload and each renewal it had to refuse. Both servers' `main.ts` use it.
 *
 * @example
 * ```ts
 * const reloader = tls && config.tls ? serveTlsFiles(app.server, config.tls, tls, config.tlsPollMs, say) : null;
 * ```
 */
export function serveTlsFiles(server: object, files: TlsFiles, material: TlsMaterial, intervalMs: number, say: (line: string) => void): TlsReloader {
  say(
    `TLS certificate ${material.subject.replaceAll('\n', ', ')}, SHA-256 ${material.fingerprint}, valid until ${material.validTo.toISOString()}; reloaded when its files change.`,
  );
  return watchTls(server, files, material, {
    intervalMs,
    onReload: (renewed) => say(`TLS certificate reloaded: SHA-256 ${renewed.fingerprint}, valid until ${renewed.validTo.toISOString()}.`),
    onError: (error) => say(`TLS certificate not reloaded (${error.message}); still serving the previous one.`),
  });
}

/** Resolves with the first SIGTERM or SIGINT the process receives: the servers stop on either. */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}
