import { watchFile, unwatchFile, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Server as TlsServer } from 'node:tls';

/** Where a server's certificate and private key are: two PEM files. */
export interface TlsFiles {
  /** The certificate chain, leaf first (PEM). */
  readonly certFile: string;
  /** The private key of the leaf (PEM, unencrypted). */
  readonly keyFile: string;
}

/** A loaded certificate and key, ready for `https.createServer` or `setSecureContext`. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** SHA-256 fingerprint of the leaf, to say which certificate is served. */
  readonly fingerprint: string;
  readonly subject: string;
  readonly validTo: Date;
}

/** The PEM files do not make a usable certificate and key; the message says which and why. */
export class TlsError extends Error {
  override readonly name = 'TlsError';
}

/**
 * Reads and checks a certificate and its key: both parse, and the key is the certificate's.
 * A pair that does not match would only fail at the first handshake, far from its cause.
 *
 * @example
 * ```ts
 * const material = await loadTls({ certFile: '/etc/airlock/site.crt', keyFile: '/etc/airlock/site.key' });
 * const app = Fastify({ https: { cert: material.cert, key: material.key } });
 * ```
 */
export async function loadTls(files: TlsFiles): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([
    readFile(files.certFile).catch((error: unknown) => {
      throw new TlsError(`cannot read the certificate file ${files.certFile}: ${messageOf(error)}`);
    }),
    readFile(files.keyFile).catch((error: unknown) => {
      throw new TlsError(`cannot read the key file ${files.keyFile}: ${messageOf(error)}`);
    }),
  ]);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    throw new TlsError(`${files.certFile} is not a PEM certificate: ${messageOf(error)}`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new TlsError(`${files.keyFile} is not an unencrypted PEM private key: ${messageOf(error)}`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new TlsError(`the key in ${files.keyFile} is not the key of the certificate in ${files.certFile}`);
  }
  return { cert, key, fingerprint: leaf.fingerprint256, subject: leaf.subject, validTo: new Date(leaf.validTo) };
}

export interface TlsReloader {
  /** The material served now. */
  current(): TlsMaterial;
  /**
   * Reads the files again and serves them from the next handshake on; a bad pair is reported and
   * the old one kept. Called while a reload is in flight, it asks for one more reading after that
   * one (the files may have changed after they were read) and settles with the last reading.
   */
  reload(): Promise<TlsMaterial>;
  /** Settles with the next reload that puts a certificate in service, whatever started it. */
  nextReload(): Promise<TlsMaterial>;
  /** Stops watching the files. */
  close(): void;
}

export interface TlsReloadOptions {
  /** How often the files' modification times are polled (ms). Polling survives editors and tools that replace files by renaming. */
  readonly intervalMs?: number;
  readonly onReload?: (material: TlsMaterial) => void;
  readonly onError?: (error: Error) => void;
  /** Reads and checks the files; `loadTls` unless a test needs to hold a reading back. */
  readonly load?: (files: TlsFiles) => Promise<TlsMaterial>;
}

/**
 * Keeps a TLS server on the newest certificate: when either file changes, both are read again
 * and, if they make a valid pair, the server's secure context is replaced. Connections already
 * open keep their session; new handshakes get the new certificate. No restart, no dropped request.
 *
 * A change noticed while the files are being read marks the reading stale: once it is done,
 * the files are read again, so the last change is always the one served.
 *
 * @example
 * ```ts
 * const reloader = watchTls(app.server, files, material, { onReload: (m) => log.info(m.fingerprint) });
 * // on shutdown
 * reloader.close();
 * ```
 */
export function watchTls(server: object, files: TlsFiles, initial: TlsMaterial, options: TlsReloadOptions = {}): TlsReloader {
  if (!isTlsServer(server)) throw new TlsError('the server does not serve TLS: start it with the certificate before watching its files');
  const load = options.load ?? loadTls;
  let served = initial;
  let inFlight: Promise<TlsMaterial> | null = null;
  let stale = false;
  let waiting: { resolve(material: TlsMaterial): void }[] = [];

  const readUntilCurrent = async (): Promise<TlsMaterial> => {
    for (;;) {
      stale = false;
      let material: TlsMaterial;
      try {
        material = await load(files);
      } catch (error) {
        // A later change may repair a pair caught half-replaced: read again before giving up.
        if (stale) continue;
        throw error;
      }
      if (stale) continue;
      server.setSecureContext({ cert: material.cert, key: material.key });
      served = material;
      options.onReload?.(material);
      const settled = waiting;
      waiting = [];
      for (const waiter of settled) waiter.resolve(material);
      return material;
    }
  };
  const reload = (): Promise<TlsMaterial> => {
    if (inFlight) {
      stale = true;
      return inFlight;
    }
    inFlight = readUntilCurrent().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
    reload().catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))));
  };
  const interval = options.intervalMs ?? 2_000;
  watchFile(files.certFile, { interval, persistent: false }, onChange);
  watchFile(files.keyFile, { interval, persistent: false }, onChange);
  return {
    current: () => served,
    reload,
    nextReload: () => new Promise((resolve) => waiting.push({ resolve })),
    close() {
      unwatchFile(files.certFile, onChange);
      unwatchFile(files.keyFile, onChange);
    },
  };
}

function isTlsServer(server: object): server is Pick<TlsServer, 'setSecureContext'> {
  return typeof (server as Partial<TlsServer>).setSecureContext === 'function';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
