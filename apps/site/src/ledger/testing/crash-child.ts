/**
 * The process the crash test kills: opens the ledger in argv[2] (witness argv[3]) and appends
 * single events from many concurrent writers until killed, printing `ack <sequence>` for each
 * acknowledged one. Each event carries the sequence it will get (appends are numbered in call
 * order), so the test can check every record. stdout to a pipe is synchronous on Linux: a
 * printed ack was acknowledged before the kill.
 */
import { randomInt } from 'node:crypto';
import { openLedger } from '../open-ledger.ts';

const [directory, witnessFile] = process.argv.slice(2) as [string, string];
const WRITERS = 64;
const opened = await openLedger<{ n: number; pad: string }>({
  directory,
  witnessFile,
  key: new Uint8Array(32).fill(7),
  now: () => new Date(),
  maxBatchDelayMs: 0,
  segmentBytes: 256 * 1024,
});
if (!opened.verification.ok) {
  process.stdout.write(`problem ${JSON.stringify(opened.verification.problem)}\n`);
  process.exit(2);
}
const { ledger } = opened;
let next = ledger.head().sequence;
process.stdout.write(`ready ${next}\n`);

async function writer(): Promise<never> {
  for (;;) {
    const n = ++next;
    const [record] = await ledger.append([{ n, pad: 'x'.repeat(randomInt(0, 400)) }]);
    process.stdout.write(`ack ${record!.sequence}\n`);
  }
}
await Promise.all(Array.from({ length: WRITERS }, writer));
