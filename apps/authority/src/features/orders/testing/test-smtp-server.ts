import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Test support: a real SMTP server on 127.0.0.1 that keeps what it receives, parsed. A message
 * is recorded before the server acknowledges its DATA, so once the sender's delivery resolves,
 * the message is here. It can stop and start again on the same port (mail going down and
 * coming back). Never for production.
 */
export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The message as it came over the wire. */
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface TestSmtpServer {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`. */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Resolves with the message of that index (0 for the first) once it has arrived. */
  message(index: number): Promise<ReceivedMail>;
  /** Recipients the server refuses for good (550), as a real one does for an unknown mailbox. */
  refuse(address: string): void;
  stop(): Promise<void>;
  /** Starts again on the same port after `stop`. */
  start(): Promise<void>;
}

/** Starts the server on a free port of 127.0.0.1; plain SMTP, no login, no STARTTLS. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiting = new Map<number, (mail: ReceivedMail) => void>();
  const refused = new Set<string>();
  let server: SMTPServer | null = null;
  let port = 0;

  const open = async () => {
    const instance = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!refused.has(address.address)) return callback();
        callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              const mail: ReceivedMail = {
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                },
                raw,
                parsed,
              };
              received.push(mail);
              waiting.get(received.length - 1)?.(mail);
              callback();
            },
            (error: unknown) => callback(error as Error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      instance.server.once('error', reject);
      instance.listen(port, '127.0.0.1', () => resolve());
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  };

  await open();
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    message(index) {
      const arrived = received[index];
      if (arrived) return Promise.resolve(arrived);
      return new Promise((resolve) => waiting.set(index, resolve));
    },
    refuse(address) {
      refused.add(address);
    },
    async stop() {
      const running = server;
      server = null;
      if (running) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    start: open,
  };
}
