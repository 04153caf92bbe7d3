import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/features/webhooks/webhook-signature.ts';

/**
 * A webhook receiver in a process of its own, for the e2e test: it listens on 127.0.0.1:PORT,
 * verifies each POST's signature with SECRET, appends `{eventId, type, objectId, verified}` as a
 * line to LOG (before answering, so a line means the event reached the receiver), waits DELAY_MS
 * and answers 200. It prints `{"port": N}` once it listens.
 */
const secret = process.env.SECRET ?? '';
const log = process.env.LOG ?? '';
const delayMs = Number(process.env.DELAY_MS ?? 0);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const event = JSON.parse(body) as { id: string; type: string; object: { id: string } };
    const verified = verifySignature(secret, String(request.headers['airlock-signature'] ?? ''), body, new Date());
    appendFileSync(
      log,
      `${JSON.stringify({ eventId: request.headers['airlock-event-id'], bodyId: event.id, type: event.type, objectId: event.object.id, verified })}\n`,
    );
    setTimeout(() => response.writeHead(200).end(), delayMs);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
