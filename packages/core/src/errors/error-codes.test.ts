import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AirlockError } from './airlock-error.ts';
import { allErrorCodes, errorCodes } from './error-codes.ts';

const errorsDoc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
const documentedCodes: string[] = [...errorsDoc.matchAll(/^### `([A-Z0-9_]+)`$/gm)].map((match) => match[1]!);

describe('the error registry', () => {
  it('documents every code in docs/errors.md', () => {
    const undocumented = allErrorCodes.filter((code) => !documentedCodes.includes(code));
    expect(undocumented).toEqual([]);
  });

  it('documents no code the registry does not have', () => {
    const stale = documentedCodes.filter((code) => !(code in errorCodes));
    expect(stale).toEqual([]);
  });

  it('gives every code a sentence of its own', () => {
    const messages = Object.values(errorCodes);
    expect(new Set(messages).size).toBe(messages.length);
    for (const message of messages) expect(message).toMatch(/^[A-Z].{10,}\.$/);
  });

  it('carries the code, the message and the detail in an error, and as JSON', () => {
    const error = new AirlockError('WRONG_RECIPIENT', { expected: 'site:a/b' });
    expect(error.toJSON()).toEqual({ code: 'WRONG_RECIPIENT', message: errorCodes.WRONG_RECIPIENT, detail: { expected: 'site:a/b' } });
  });
});
