import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openSiteExchangeRequest, type SiteEntitlement } from '@airlock/core';
import { lfrDigest } from '@airlock/core/internal';
import type { TestAuthorityDesk } from './site-fixtures.ts';

/** What the stub authority answers next: an OLF, a wait, a problem, or the network failing. */
export type StubBehaviour =
  | { readonly kind: 'answer'; readonly entitlements: readonly SiteEntitlement[] }
  | { readonly kind: 'pending'; readonly reason?: string; readonly retryAfter?: number; readonly then: readonly SiteEntitlement[] }
  | { readonly kind: 'problem'; readonly status: number; readonly code: string }
  | { readonly kind: 'down' }
  | { readonly kind: 'garbage' };

/** One exchange the stub saw (even one whose connection it then dropped): what the request did, for which LFR. */
export interface SeenExchange {
  readonly submitted: boolean;
  readonly lfrId: string;
  readonly tenant: string;
}

/**
 * The authority's side of `POST /v1/site-exchange` as a test plays it (docs/connected.md, HTTP
 * contract): a real node HTTP server that opens each exchange request with the core's
 * `openSiteExchangeRequest` and the test authority's keys, checks the LFR's digest, and answers
 * with a real OLF the desk issues, a wait, a problem, or a dropped connection. Not the authority:
 * no policy, no allocation; a test says what comes next with `behave`.
 *
 * @example
 * ```ts
 * const stub = await StubAuthority.start(test.desk);
 * stub.behave({ kind: 'answer', entitlements: [seat('bot-runner', 5)] });
 * await site.setLicensingMode('default', { mode: 'connected', authorityUrl: stub.url });
 * ```
 */
export class StubAuthority {
  readonly seen: SeenExchange[] = [];
  /** The LFRs submitted, by id: an `awaits` is answered from here. */
  readonly lfrs = new Map<string, string>();
  private behaviour: StubBehaviour = { kind: 'down' };
  private readonly waiting = new Map<string, readonly SiteEntitlement[]>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly desk: TestAuthorityDesk,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(desk: TestAuthorityDesk): Promise<StubAuthority> {
    let stub: StubAuthority | null = null;
    const server = http.createServer((request, response) => void stub?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub = new StubAuthority(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, desk);
    return stub;
  }

  behave(behaviour: StubBehaviour): void {
    this.behaviour = behaviour;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const behaviour = this.behaviour;
    const reply = (status: number, body: unknown): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: string; lfr?: string };
      const { authority } = this.desk;
      const opened = await openSiteExchangeRequest(body.request, { now: this.desk.now(), rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
      const { claims } = opened;
      let lfrId: string;
      if (claims.lfrSha256 !== undefined) {
        if (body.lfr === undefined || lfrDigest(body.lfr) !== claims.lfrSha256)
          return reply(400, { code: 'REQUEST_INVALID', message: 'the LFR does not match the request' });
        lfrId = (await this.desk.read(body.lfr)).jti;
        this.lfrs.set(lfrId, body.lfr);
      } else {
        lfrId = claims.awaits ?? '';
      }
      this.seen.push({ submitted: claims.lfrSha256 !== undefined, lfrId, tenant: claims.tenant });
      if (behaviour.kind === 'down') {
        // The request reached the wire, and the connection drops: what a broken link looks like to the site.
        request.socket.destroy();
        return;
      }
      if (behaviour.kind === 'garbage') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
      if (behaviour.kind === 'problem') return reply(behaviour.status, { code: behaviour.code, message: 'refused by the stub', detail: {} });
      const lfr = this.lfrs.get(lfrId);
      if (lfr === undefined) return reply(404, { code: 'NOT_FOUND', message: 'no such LFR' });
      const later = this.waiting.get(lfrId);
      if (behaviour.kind === 'pending' && later === undefined) {
        this.waiting.set(lfrId, behaviour.then);
        return reply(202, {
          status: 'pending',
          lfrId,
          reason: behaviour.reason ?? 'approval',
          detail: 'a person approves it',
          retryAfter: behaviour.retryAfter ?? 300,
        });
      }
      const entitlements = later ?? (behaviour.kind === 'answer' ? behaviour.entitlements : behaviour.then);
      const olf = await this.desk.issue(lfr, { entitlements });
      return reply(200, { status: 'answered', lfrId, olf });
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      return reply(code ? 400 : 500, { code: code ?? 'INTERNAL', message });
    }
  }
}
