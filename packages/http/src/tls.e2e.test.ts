import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTls, TlsError, watchTls, type TlsFiles, type TlsMaterial } from './tls.ts';
import { makeTestCertificate } from './testing/test-certificate.ts';

let dir: string;
let first: { certFile: string; keyFile: string };
let second: { certFile: string; keyFile: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-tls-'));
  [first, second] = await Promise.all([makeTestCertificate(dir, 'first'), makeTestCertificate(dir, 'second')]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The fingerprint of the certificate a server presents at a new handshake. */
function servedFingerprint(port: number, ca: Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca }, () => {
      const fingerprint = socket.getPeerX509Certificate()?.fingerprint256 ?? '';
      socket.end();
      resolve(fingerprint);
    });
    socket.on('error', reject);
  });
}

describe('loadTls', () => {
  it('reads a certificate and its key', async () => {
    const material = await loadTls(first);
    expect(material.fingerprint).toBe(new X509Certificate(await readFile(first.certFile)).fingerprint256);
    expect(material.subject).toContain('Airlock test first');
    expect(material.validTo.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a key that is not the certificate’s', async () => {
    await expect(loadTls({ certFile: first.certFile, keyFile: second.keyFile })).rejects.toThrow(/is not the key of the certificate/);
  });

  it('refuses files that are missing or not PEM, naming the file', async () => {
    const junk = join(dir, 'junk.pem');
    await writeFile(junk, 'not a certificate');
    await expect(loadTls({ certFile: join(dir, 'missing.crt'), keyFile: first.keyFile })).rejects.toThrow(TlsError);
    await expect(loadTls({ certFile: junk, keyFile: first.keyFile })).rejects.toThrow(/junk\.pem is not a PEM certificate/);
    await expect(loadTls({ certFile: first.certFile, keyFile: junk })).rejects.toThrow(/junk\.pem is not an unencrypted PEM private key/);
  });
});

describe('watchTls', () => {
  let app: FastifyInstance;
  let port: number;
  const live = { certFile: '', keyFile: '' };
  let initial: TlsMaterial;

  beforeAll(async () => {
    live.certFile = join(dir, 'live.crt');
    live.keyFile = join(dir, 'live.key');
    await copyFile(first.certFile, live.certFile);
    await copyFile(first.keyFile, live.keyFile);
    initial = await loadTls(live);
    app = Fastify({ https: { cert: initial.cert, key: initial.key } });
    app.get('/', async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => app.close());

  it('serves the new certificate after the files change, without a restart', async () => {
    const ca = [await readFile(first.certFile), await readFile(second.certFile)];
    expect(await servedFingerprint(port, ca)).toBe(initial.fingerprint);

    const errors: Error[] = [];
    const reloader = watchTls(app.server, live, initial, { intervalMs: 50, onError: (error) => errors.push(error) });
    const expected = new X509Certificate(await readFile(second.certFile)).fingerprint256;
    try {
      const reloaded = reloadServing(reloader, expected);
      // Replace both files as a certificate tool would: key first, then the certificate, each
      // written aside and renamed into place, so that no reading sees half a file.
      await replaceAtomically(second.keyFile, live.keyFile);
      await replaceAtomically(second.certFile, live.certFile);
      const material = await reloaded;
      expect(material.fingerprint).toBe(expected);
    } finally {
      reloader.close();
    }
    // Between the two renames the key is new and the certificate old: a reading then is refused
    // as a mismatched pair, never as a broken file.
    for (const error of errors) expect(error.message).toMatch(/is not the key of the certificate/);
    expect(reloader.current().fingerprint).toBe(expected);
    expect(await servedFingerprint(port, ca)).toBe(expected);
    const response = await fetch(`https://127.0.0.1:${port}/`).catch((error: unknown) => error);
    // Node's fetch does not trust the test CA: the refusal proves it is a TLS server, not plain HTTP.
    expect(response).toBeInstanceOf(Error);
  });

  it('reads the files again when they change during a reading, so the last change is served', async () => {
    const old = fakeMaterial('old');
    const renewed = fakeMaterial('renewed');
    const served: string[] = [];
    const server = { setSecureContext: (context: { cert: Buffer }) => served.push(context.cert.toString()) };
    // The file on disk: what a reading started now would get.
    let onDisk = old;
    const readings: { release(): void }[] = [];
    const load = (_files: TlsFiles) =>
      new Promise<TlsMaterial>((resolve) => {
        const seen = onDisk; // the reading sees the file as it is when it starts…
        readings.push({ release: () => resolve(seen) }); // …and finishes when the test says so.
      });
    const reloader = watchTls(server, { certFile: join(dir, 'absent.crt'), keyFile: join(dir, 'absent.key') }, initial, { intervalMs: 60_000, load });
    try {
      const started = reloader.reload(); // a change: the reading starts and sees the old file
      await waitUntil(() => readings.length === 1);
      onDisk = renewed; // the renewal lands while that reading is in flight
      const noticed = reloader.reload(); // and its change is noticed
      readings[0]!.release();
      await waitUntil(() => readings.length === 2);
      readings[1]!.release();
      expect((await started).fingerprint).toBe(renewed.fingerprint);
      expect((await noticed).fingerprint).toBe(renewed.fingerprint);
      expect(reloader.current().fingerprint).toBe(renewed.fingerprint);
      expect(served.at(-1)).toBe('renewed');
    } finally {
      reloader.close();
    }
  });

  it('keeps serving the old certificate when the new files do not make a pair', async () => {
    const pair = { certFile: join(dir, 'pair.crt'), keyFile: join(dir, 'pair.key') };
    await copyFile(first.certFile, pair.certFile);
    await copyFile(first.keyFile, pair.keyFile);
    const server = Fastify({ https: { cert: await readFile(pair.certFile), key: await readFile(pair.keyFile) } });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const serverPort = typeof address === 'object' && address ? address.port : 0;
    try {
      const start = await loadTls(pair);
      const reloader = watchTls(server.server, pair, start, { intervalMs: 60_000 });
      await copyFile(second.certFile, pair.certFile); // the key is still the first one's
      await expect(reloader.reload()).rejects.toThrow(/is not the key of the certificate/);
      expect(reloader.current().fingerprint).toBe(start.fingerprint);
      expect(await servedFingerprint(serverPort, [await readFile(first.certFile)])).toBe(start.fingerprint);
      reloader.close();
    } finally {
      await server.close();
    }
  });
});

/** Settles with the first reload that serves the certificate with this fingerprint. */
async function reloadServing(reloader: { nextReload(): Promise<TlsMaterial> }, fingerprint: string): Promise<TlsMaterial> {
  for (;;) {
    const material = await reloader.nextReload();
    if (material.fingerprint === fingerprint) return material;
  }
}

/** Copies `from` over `to` the way careful tools do: a temporary file beside it, then a rename. */
async function replaceAtomically(from: string, to: string): Promise<void> {
  const aside = `${to}.new`;
  await copyFile(from, aside);
  await rename(aside, to);
}

function fakeMaterial(name: string): TlsMaterial {
  return { cert: Buffer.from(name), key: Buffer.from(name), fingerprint: `fingerprint of ${name}`, subject: name, validTo: new Date('2030-01-01T00:00:00Z') };
}

/** Lets pending promise callbacks run until the condition holds (no timers involved). */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
