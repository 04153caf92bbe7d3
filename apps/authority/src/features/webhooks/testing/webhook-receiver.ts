import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as a receiver got it. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly eventId: string;
}

/**
 * A real webhook receiver on 127.0.0.1 for the tests: it records every POST, answers `status`
 * (200 unless told otherwise) after `delayMs`, can be stopped (connections are then refused) and
 * started again on the same port (starting a running one does nothing), and notes any event it was sent twice at the same time.
 */
export interface TestReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Event ids that arrived while another copy of them was still being answered. */
  readonly overlapping: string[];
  status: number;
  delayMs: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const inFlight = new Set<string>();
  let server: Server | undefined;
  let port = 0;
  const receiver: TestReceiver = {
    url: '',
    received: [],
    overlapping: [],
    status: 200,
    delayMs: 0,
    async stop() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async start() {
      if (server) return;
      const listening = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const eventId = String(request.headers['airlock-event-id'] ?? '');
          if (inFlight.has(eventId)) receiver.overlapping.push(eventId);
          inFlight.add(eventId);
          receiver.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), eventId });
          setTimeout(() => {
            inFlight.delete(eventId);
            response.writeHead(receiver.status).end();
          }, receiver.delayMs);
        });
      });
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
      port = (listening.address() as AddressInfo).port;
      server = listening;
      (receiver as { url: string }).url = `http://127.0.0.1:${port}/hooks`;
    },
  };
  await receiver.start();
  return receiver;
}
