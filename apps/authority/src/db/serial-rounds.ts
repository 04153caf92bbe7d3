/**
 * The delivery rounds of an outbox on one replica (the mail outbox, the webhook outbox): a round
 * claims and sends what is due; rounds never overlap on a replica, and kicks that arrive while
 * one is waiting share it, so a burst of commits starts one round, not one each. Which replica
 * sends a row is settled by the outbox's claim (`FOR UPDATE … SKIP LOCKED` and a lease), not here.
 */
export interface SerialRounds<Report> {
  /** Runs a round after those under way, and answers its report. */
  readonly run: () => Promise<Report>;
  /** Starts a round after a commit; one waiting kick serves every change committed before it starts. */
  readonly kick: () => Promise<Report>;
  /** Resolves when no round is under way or waiting (before the database closes). */
  readonly idle: () => Promise<void>;
}

/**
 * @example
 * ```ts
 * const rounds = serialRounds(() => deliverAll());
 * void rounds.kick(); // after a commit
 * await rounds.idle(); // before closing the database
 * ```
 */
export function serialRounds<Report>(round: () => Promise<Report>): SerialRounds<Report> {
  let tail: Promise<void> = Promise.resolve();
  let waitingKick: Promise<Report> | null = null;
  const enqueue = (run: Promise<Report>): Promise<Report> => {
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
  return {
    run: () => enqueue(tail.then(round)),
    kick() {
      waitingKick ??= enqueue(
        tail.then(() => {
          waitingKick = null;
          return round();
        }),
      );
      return waitingKick;
    },
    async idle() {
      let seen: Promise<void>;
      do {
        seen = tail;
        await seen;
      } while (seen !== tail);
    },
  };
}
