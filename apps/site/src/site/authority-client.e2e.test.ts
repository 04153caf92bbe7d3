import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificate } from '@airlock/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorityClient, AuthorityUnreachableError, proxyFor } from './authority-client.ts';

/**
 * The site's HTTP client to the authority against real local servers: a plain HTTP server, an
 * HTTPS server with a private certificate authority, and a proxy that tunnels `CONNECT` and
 * forwards absolute-URI requests, as a customer's egress proxy does (docs/connected.md).
 */
describe('the authority client', () => {
  let dir = '';
  let ca = '';
  const servers: (http.Server | https.Server)[] = [];
  let plain = '';
  let secure = '';
  let silent = '';
  let proxy = '';
  const proxySaw: string[] = [];

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/not-json') {
        response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
        return;
      }
      response
        .writeHead(202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path: request.url, got: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
    });
  };
  const sockets = new Set<net.Socket>();
  const listen = async (server: http.Server | https.Server, scheme: string) => {
    servers.push(server);
    server.on('connection', (socket: net.Socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-authority-client-'));
    const files = await makeTestCertificate(dir, 'authority');
    ca = await readFile(files.certFile, 'utf8');
    plain = await listen(http.createServer(answer), 'http');
    secure = await listen(https.createServer({ cert: ca, key: await readFile(files.keyFile, 'utf8') }, answer), 'https');
    silent = await listen(
      http.createServer(() => undefined),
      'http',
    );
    const proxyServer = http.createServer((request, response) => {
      // An absolute-URI request for an http target: forwarded as is.
      proxySaw.push(`${request.method ?? ''} ${request.url ?? ''}`);
      const target = new URL(request.url ?? '');
      const forward = http.request(
        { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers },
        (upstream) => {
          response.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(response);
        },
      );
      request.pipe(forward);
    });
    proxyServer.on('connect', (request: IncomingMessage, client: net.Socket, head: Buffer) => {
      proxySaw.push(`CONNECT ${request.url ?? ''}`);
      const [host = '', port = ''] = (request.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        sockets.add(upstream);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    proxy = await listen(proxyServer, 'http');
  });
  afterAll(async () => {
    // Tunnels leave the HTTP server's hands: every socket is ended here.
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('posts JSON and reads the JSON answer with its status', async () => {
    const client = new AuthorityClient();
    expect(await client.postJson(`${plain}/v1/site-exchange`, { request: 'r' })).toEqual({
      status: 202,
      json: { path: '/v1/site-exchange', got: { request: 'r' } },
    });
    expect(await client.postJson(`${plain}/not-json`, {})).toEqual({ status: 502, json: null });
  });

  it('trusts the private certificate authority it is given, and only then', async () => {
    await expect(new AuthorityClient().postJson(`${secure}/v1/site-exchange`, {})).rejects.toBeInstanceOf(AuthorityUnreachableError);
    expect(await new AuthorityClient({ ca }).postJson(`${secure}/v1/site-exchange`, { lfr: 'l' })).toEqual({
      status: 202,
      json: { path: '/v1/site-exchange', got: { lfr: 'l' } },
    });
  });

  it('reaches an https authority through a CONNECT tunnel of the proxy HTTPS_PROXY names', async () => {
    proxySaw.length = 0;
    const client = new AuthorityClient({ ca, env: { HTTPS_PROXY: proxy } });
    expect(await client.postJson(`${secure}/v1/site-exchange`, { request: 'tunnelled' })).toMatchObject({
      status: 202,
      json: { got: { request: 'tunnelled' } },
    });
    expect(proxySaw).toEqual([`CONNECT ${new URL(secure).host}`]);
  });

  it('sends an absolute-URI request to the proxy for an http authority, and goes direct for a host NO_PROXY names', async () => {
    proxySaw.length = 0;
    const client = new AuthorityClient({ env: { http_proxy: proxy } });
    expect(await client.postJson(`${plain}/v1/site-exchange?x=1`, { request: 'forwarded' })).toMatchObject({
      status: 202,
      json: { path: '/v1/site-exchange?x=1', got: { request: 'forwarded' } },
    });
    expect(proxySaw).toEqual([`POST ${plain}/v1/site-exchange?x=1`]);

    proxySaw.length = 0;
    const bypassing = new AuthorityClient({ env: { HTTP_PROXY: proxy, NO_PROXY: 'example.com, 127.0.0.1' } });
    expect(await bypassing.postJson(`${plain}/v1/site-exchange`, {})).toMatchObject({ status: 202 });
    expect(proxySaw).toEqual([]);
  });

  it('reads NO_PROXY as curl does: a host, a domain and its subdomains, a port, or everything', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: 'proxy.corp:3128', NO_PROXY: noProxy });
    const via = (url: string, noProxy: string) => proxyFor(new URL(url), env(noProxy))?.url.href ?? null;
    expect(via('https://licensing.example.com', '')).toBe('http://proxy.corp:3128/');
    expect(via('https://licensing.example.com', '.example.com')).toBeNull();
    expect(via('https://licensing.example.com', 'example.com')).toBeNull();
    expect(via('https://licensing.example.com', 'ample.com')).toBe('http://proxy.corp:3128/');
    expect(via('https://licensing.example.com:8443', 'licensing.example.com:443')).toBe('http://proxy.corp:3128/');
    expect(via('https://licensing.example.com:8443', 'licensing.example.com:8443')).toBeNull();
    expect(via('https://licensing.example.com', '*')).toBeNull();
    expect(proxyFor(new URL('http://licensing.example.com'), env(''))).toBeNull();
  });

  it('gives up on an authority that does not answer within its timeout, and on one that refuses the connection', async () => {
    await expect(new AuthorityClient({ timeout: 200 }).postJson(`${silent}/v1/site-exchange`, {})).rejects.toThrow(/no answer from .* within 0.2 s/);
    const shutdown = new AbortController();
    const abandoned = new AuthorityClient().postJson(`${silent}/v1/site-exchange`, {}, { signal: shutdown.signal });
    shutdown.abort();
    await expect(abandoned).rejects.toThrow(/abandoned: the site is shutting down/);
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new AuthorityClient().postJson(`http://127.0.0.1:${port}/v1/site-exchange`, {})).rejects.toThrow(/ECONNREFUSED/);
    await expect(new AuthorityClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${port}` } }).postJson(`${secure}/v1/site-exchange`, {})).rejects.toThrow(
      /through the proxy/,
    );
  });
});
