import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTls, TlsError, watchTls, type TlsMaterial } from './tls.ts';
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

    const reloaded = new Promise<TlsMaterial>((resolve, reject) => {
      const reloader = watchTls(app.server, live, initial, {
        intervalMs: 50,
        onReload: (material) => {
          reloader.close();
          resolve(material);
        },
        onError: reject,
      });
    });
    // Replace both files as a certificate tool would: key first, then the certificate.
    await copyFile(second.keyFile, live.keyFile);
    await copyFile(second.certFile, live.certFile);
    const material = await reloaded;

    const expected = new X509Certificate(await readFile(second.certFile)).fingerprint256;
    expect(material.fingerprint).toBe(expected);
    expect(await servedFingerprint(port, ca)).toBe(expected);
    const response = await fetch(`https://127.0.0.1:${port}/`).catch((error: unknown) => error);
    // Node's fetch does not trust the test CA: the refusal proves it is a TLS server, not plain HTTP.
    expect(response).toBeInstanceOf(Error);
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
