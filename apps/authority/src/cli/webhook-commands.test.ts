import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../features/webhooks/testing/webhook-receiver.ts';
import { verifySignature } from '../features/webhooks/webhook-signature.ts';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * `airlock webhooks …` against an authority listening on 127.0.0.1 with a real API token and
 * its own sender, delivering to a real receiver.
 */
describe('the webhooks commands', () => {
  let cli: CliAuthority;
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    cli = await startCliAuthority({ name: 'cli webhooks', webhookPollMs: 100 });
  }, 60_000);
  afterAll(async () => {
    await cli.close();
    await receiver.stop();
  });

  it('creates an endpoint, delivers to it, lists its log, redelivers and rotates its secret', async () => {
    const created = await cli.run(['webhooks', 'create', '--endpoint-url', receiver.url, '--event', 'product.*', '--description', 'CRM']);
    expect(created.code).toBe(0);
    const [, id = ''] = /Created webhook (we_\S+) /.exec(created.stdout) ?? [];
    const [, secret = ''] = /(whsec_\S+)/.exec(created.stdout) ?? [];
    expect(secret).toMatch(/^whsec_/);
    expect((await cli.run(['webhooks', 'list'])).stdout).toContain(`${id}  ${receiver.url}  [product.*]  enabled  (CRM)`);

    expect((await cli.run(['product', 'create', '--id', 'studio', '--name', 'Studio'])).code).toBe(0);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [got] = receiver.received;
    expect(verifySignature(secret, String(got!.headers['airlock-signature']), got!.body, new Date())).toBe(true);

    const log = await cli.run(['webhooks', 'deliveries', id, '--status', 'delivered']);
    expect(log.stdout).toMatch(/1 delivery:\n {2}(\d+) {2}\S+ {2}product\.create product studio {2}evt_\d+ {2}1 attempt, delivered \(HTTP 200\)/);
    const [, deliveryId = ''] = /\n {2}(\d+) /.exec(log.stdout) ?? [];
    expect((await cli.run(['webhooks', 'redeliver', id, deliveryId])).stdout).toContain(`Queued delivery ${deliveryId}`);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
    expect(receiver.received[1]!.eventId).toBe(got!.eventId);

    const rotated = await cli.run(['webhooks', 'rotate-secret', id]);
    expect(rotated.stdout).toMatch(/New signing secret for webhook we_\S+ \(shown only now\): whsec_\S+\nThe previous secret also signs until /);
    expect((await cli.run(['webhooks', 'disable', id])).stdout).toBe(`Disabled webhook ${id}.\n`);
    expect((await cli.run(['webhooks', 'list'])).stdout).toContain('disabled');
  });

  it('says why an endpoint is refused', async () => {
    const refused = await cli.run(['webhooks', 'create', '--endpoint-url', 'http://crm.example/in', '--event', '*']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('WEBHOOK_URL_NOT_ALLOWED');
  });
});
