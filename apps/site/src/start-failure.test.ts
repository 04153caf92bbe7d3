import { describe, expect, it } from 'vitest';
import { explainStartFailure, storageSentence } from './main.ts';

/** What the operator reads when the disk stops a start, or stops and resumes a running site's writes. */
describe('the site on a full or failing disk', () => {
  const explain = (error: unknown) => {
    const said: string[] = [];
    return { exit: explainStartFailure(error, (line) => said.push(line)), said };
  };
  const systemError = (code: string, path?: string) =>
    Object.assign(new Error(`${code}: it failed, open '${path ?? ''}'`), { code, ...(path ? { path } : {}) });

  it('cannot start: one sentence with the code and the path, never a stack trace', () => {
    expect(explain(systemError('ENOSPC', '/srv/site/ledger/LOCK.1.tmp'))).toEqual({
      exit: 1,
      said: ['airlock: the site could not start: the disk is full: free space on it, then start again (/srv/site/ledger/LOCK.1.tmp) (ENOSPC)'],
    });
    expect(explain(systemError('EIO')).said).toEqual([
      'airlock: the site could not start: the disk failed to read or write: check it (dmesg, SMART), then start again (EIO)',
    ]);
    expect(explain(systemError('EROFS', '/srv')).said[0]).toMatch(/read-only.*\(EROFS\)$/);
    for (const line of [...explain(systemError('EDQUOT')).said, ...explain(systemError('EACCES', '/srv')).said]) expect(line).not.toMatch(/\n\s+at /);
  });

  it('says when the ledger stops and starts taking writes again', () => {
    expect(storageSentence({ writable: false, since: '2026-11-23T10:00:00.000Z', cause: 'ENOSPC', message: 'ENOSPC: no space left on device, write' })).toBe(
      'Error: the ledger cannot be written (ENOSPC: ENOSPC: no space left on device, write) since 2026-11-23T10:00:00.000Z: every change is refused with LEDGER_UNAVAILABLE until it can; free space on its disk, and the site tries again by itself.',
    );
    expect(storageSentence({ writable: false, since: '2026-11-23T10:00:00.000Z', cause: 'EIO', message: 'EIO: i/o error' })).toMatch(
      /; check its disk, and the site tries again by itself\.$/,
    );
    expect(storageSentence({ writable: true, since: null, cause: null, message: null })).toBe(
      'The ledger can be written again: the site records changes again.',
    );
  });
});
