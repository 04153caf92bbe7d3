import { deriveSealingKey } from '@airlock/core/internal';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { startTestReceiver, type TestReceiver } from './testing/webhook-receiver.ts';

const sealing = await deriveSealingKey('webhook sending passphrase', new Uint8Array(16).fill(5));
/** Far beyond the test: whatever arrives was sent because a change was answered, not by the poll. */
const POLL_MS = 3_600_000;
/** How long a delivery may take to arrive on a loaded machine. */
const ARRIVAL_TIMEOUT_MS = 20_000;

describeEachStore(
  "the authority's own webhook sender",
  (context) => {
    let receiver: TestReceiver;
    beforeAll(async () => {
      receiver = await startTestReceiver();
    });
    afterAll(() => receiver.stop());

    it('sends what a change queued as soon as it is answered, whichever feature answered it', async () => {
      const { request } = context();
      const created = await request({ method: 'POST', url: '/v1/webhooks', payload: { url: receiver.url, events: ['product.create', 'policy.create'] } });
      expect(created.statusCode).toBe(201);

      expect((await request({ method: 'POST', url: '/v1/products', payload: { id: 'sent-at-once', name: 'Sent at once' } })).statusCode).toBe(201);
      await vi.waitFor(() => expect(receiver.received.map((got) => got.headers['airlock-event-type'])).toEqual(['product.create']), {
        timeout: ARRIVAL_TIMEOUT_MS,
        interval: 20,
      });

      const policy = await request({ method: 'POST', url: '/v1/policies', payload: { id: 'sent-policy', name: 'Sent Policy' } });
      expect(policy.statusCode, policy.body).toBe(201);
      await vi.waitFor(() => expect(receiver.received.map((got) => got.headers['airlock-event-type'])).toEqual(['product.create', 'policy.create']), {
        timeout: ARRIVAL_TIMEOUT_MS,
        interval: 20,
      });
    });
  },
  { webhooks: { sealing, pollMs: POLL_MS } },
);
