import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SiteConfigError } from '../config.ts';
import { siteFileOf, witnessFileOf } from './site-identity.ts';

/**
 * Where the ledger's witness is. `site init` records the witness directory it used in
 * `site.json` (`witnessDir`), and every start uses that one: a start that silently made a
 * second witness elsewhere would lose rollback detection against the first. A start refuses,
 * with exit code 2, when:
 * - `AIRLOCK_SITE_WITNESS_DIR` (`--witness-dir`) names another directory than the recorded one
 *   (`WITNESS_ELSEWHERE`), unless `AIRLOCK_SITE_WITNESS_MOVED=true` (`--witness-moved`) says the
 *   operator moved the witness there on purpose: then that directory is used and recorded;
 * - the witness file is missing where it should be (`WITNESS_MISSING`), unless
 *   `AIRLOCK_SITE_NEW_WITNESS=true` (`--new-witness`) says it is lost for good: then a new one
 *   starts from the ledger's head, and rollback detection restarts from there.
 * A site made before the location was recorded uses `AIRLOCK_SITE_WITNESS_DIR` (or its default)
 * as before, and records it at that start.
 */
class WitnessLocationError extends SiteConfigError {
  constructor(
    readonly code: 'WITNESS_MISSING' | 'WITNESS_ELSEWHERE',
    message: string,
  ) {
    super(`${message} (${code})`);
  }
}

export interface WitnessChoice {
  /** The witness directory given this start (a flag or the environment), or null when none was. */
  readonly given: string | null;
  /** The default when neither the site nor the start names one. */
  readonly fallback: string;
  readonly moved: boolean;
  readonly newWitness: boolean;
}

export interface WitnessLocation {
  readonly directory: string;
  readonly file: string;
  /** Whether `site.json` must be updated to record `directory`. */
  readonly record: boolean;
  /** A sentence for the operator when the witness moved or starts anew, else null. */
  readonly notice: string | null;
}

/** The witness directory `site.json` records, or null for a site made before it was recorded. */
async function recordedWitnessDir(dataDir: string): Promise<string | null> {
  const file = JSON.parse(await readFile(siteFileOf(dataDir), 'utf8')) as { witnessDir?: unknown };
  return typeof file.witnessDir === 'string' && file.witnessDir !== '' ? file.witnessDir : null;
}

/** Decides where this start's witness is (see `WitnessLocationError`), or throws why the site must not start. */
export async function locateWitness(dataDir: string, guid: string, choice: WitnessChoice): Promise<WitnessLocation> {
  const recorded = await recordedWitnessDir(dataDir);
  const given = choice.given === null ? null : resolve(choice.given);
  let directory = recorded ?? given ?? choice.fallback;
  let notice: string | null = null;
  if (recorded !== null && given !== null && given !== recorded) {
    if (!choice.moved) {
      throw new WitnessLocationError(
        'WITNESS_ELSEWHERE',
        `this site's witness is in ${recorded} (recorded at init), not in ${given}: unset AIRLOCK_SITE_WITNESS_DIR (--witness-dir), or, having moved the witness file there, add AIRLOCK_SITE_WITNESS_MOVED=true (--witness-moved)`,
      );
    }
    directory = given;
    notice = `The ledger's witness is now in ${given} (it was in ${recorded}); site.json records the new place.`;
  }
  const file = witnessFileOf(directory, guid);
  if (!(await exists(file))) {
    if (!choice.newWitness) {
      throw new WitnessLocationError(
        'WITNESS_MISSING',
        `the ledger's witness ${file} is missing, so a rolled-back copy of the data directory could not be seen: put the witness file back (or point AIRLOCK_SITE_WITNESS_DIR to where it is, with AIRLOCK_SITE_WITNESS_MOVED=true), or, if it is lost for good, start once with AIRLOCK_SITE_NEW_WITNESS=true (--new-witness) to begin a new one from this ledger`,
      );
    }
    notice = `Warning: AIRLOCK_SITE_NEW_WITNESS is set: a new witness ${file} starts from this ledger's head; an older copy of the data directory put back before now cannot be seen.`;
  }
  return { directory, file, record: recorded !== directory, notice };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
