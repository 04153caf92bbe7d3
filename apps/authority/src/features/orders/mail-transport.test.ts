import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliveryErrorOf, MailDeliveryError } from './mail-transport.ts';

describe('a failed delivery', () => {
  it('is permanent only when the server refused the recipient or the content with a 5xx', () => {
    const outcomes = [
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, message: 'Recipient command failed: 550 no such mailbox' },
      { code: 'EMESSAGE', command: 'DATA', responseCode: 554, message: 'Message rejected' },
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452, message: 'mailbox full, try later' },
      { code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, message: 'Invalid login' },
      { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' },
      new Error('plain error'),
      'a string',
    ].map((error) => {
      const failure = deliveryErrorOf(error);
      return [failure.permanent, failure.message];
    });
    expect(outcomes).toEqual([
      [true, 'EENVELOPE 550 Recipient command failed: 550 no such mailbox'],
      [true, 'EMESSAGE 554 Message rejected'],
      [false, 'EENVELOPE 452 mailbox full, try later'],
      [false, 'EAUTH 535 Invalid login'],
      [false, 'ESOCKET connect ECONNREFUSED 127.0.0.1:2525'],
      [false, 'plain error'],
      [false, 'a string'],
    ]);
  });

  it('reads anything thrown into a bounded error without throwing (fuzz)', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (thrown) => {
        const failure = deliveryErrorOf(thrown);
        expect(failure).toBeInstanceOf(MailDeliveryError);
        expect(failure.message.length).toBeLessThanOrEqual(500);
      }),
      { numRuns: 500 },
    );
  });
});
