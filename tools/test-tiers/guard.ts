import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

/**
 * What the tiers' set-up files share (docs/testing.md, "Which tier a file is in"): replacing a
 * function of Node's, in the test's own process, by one that throws a message naming the tier
 * the file belongs in. vitest's worker talks to vitest over a channel opened before this runs.
 */

/** Marks a refusing function, process-wide: set-up files run again in a reused worker. */
const refusingMark = Symbol.for('airlock.test-tiers.refusing');

/**
 * Replaces `object[key]` by a function that throws `refusal` (once), unless the caller's stack
 * matches `allowedFrom`.
 */
export function guard(object: object, key: string, refusal: () => Error, allowedFrom?: RegExp): void {
  const current: unknown = Reflect.get(object, key);
  if (typeof current !== 'function' || refusingMark in current) return;
  const original = current as (...args: unknown[]) => unknown;
  const refusing = Object.assign(
    function refusing(this: unknown, ...args: unknown[]): unknown {
      if (allowedFrom === undefined || !allowedFrom.test(new Error().stack ?? '')) throw refusal();
      return new.target === undefined ? Reflect.apply(original, this, args) : Reflect.construct(original, args, new.target);
    },
    { [refusingMark]: true },
  );
  Object.defineProperty(object, key, { value: refusing, writable: true, configurable: true, enumerable: true });
}

/** Refuses every way of starting a child process, named imports (`import { spawn } …`) included. */
export function guardChildProcesses(refusal: (what: string) => Error): void {
  for (const key of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
    guard(childProcess, key, () => refusal(`start a child process (child_process.${key})`));
  }
  syncBuiltinESMExports();
}
