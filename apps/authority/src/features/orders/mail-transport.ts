import nodemailer from 'nodemailer';

/** One letter as it leaves: both parts, so every mail reader shows it well (multipart/alternative). */
export interface OutgoingLetter {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The Message-ID, stable per outbox row: a letter sent twice after a crash reads as one. */
  readonly messageId: string;
  /** Extra header fields, e.g. a reminder's `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Where letters go out. Production uses SMTP; a failure says whether trying again can help. */
export interface MailTransport {
  send(letter: OutgoingLetter): Promise<{ readonly messageId: string }>;
}

/**
 * A refused or failed delivery. `permanent` when the server refused this letter itself (a 5xx
 * answer to its recipient or content): sending it again would be refused again. Everything else
 * (no connection, a timeout, a 4xx, a refused login) may pass later, so it is retried.
 */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Bounds on one SMTP exchange: well inside the outbox's claim on a letter (see mail-outbox.ts). */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * Letters over SMTP with nodemailer, from a URL such as `smtp://127.0.0.1:2525` or
 * `smtps://user:password@mail.example.com`. The URL may hold credentials: it is never logged
 * and no error message repeats it.
 *
 * @example
 * ```ts
 * const transport = smtpTransport(process.env.AIRLOCK_SMTP_URL);
 * await transport.send({ from, to, subject, text, html, messageId });
 * ```
 */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(letter) {
      try {
        const info = await transporter.sendMail({ ...letter });
        return { messageId: info.messageId };
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}

interface SmtpFailure {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly command?: unknown;
  readonly responseCode?: unknown;
}

/** Only the recipient or the content refused for good is permanent: a 5xx at login is the operator's to fix. */
export function deliveryErrorOf(error: unknown): MailDeliveryError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const responseCode = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const command = typeof failure.command === 'string' ? failure.command : undefined;
  const permanent = responseCode !== undefined && responseCode >= 500 && (command === 'RCPT TO' || command === 'DATA');
  const parts = [
    typeof failure.code === 'string' ? failure.code : undefined,
    responseCode === undefined ? undefined : String(responseCode),
    typeof failure.message === 'string' ? failure.message : describe(error),
  ].filter((part) => part !== undefined);
  return new MailDeliveryError(parts.join(' ').slice(0, 500), permanent);
}

/** Text for anything thrown, even an object that cannot be converted to a string. */
function describe(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  try {
    return String(thrown);
  } catch {
    return 'unknown failure';
  }
}
