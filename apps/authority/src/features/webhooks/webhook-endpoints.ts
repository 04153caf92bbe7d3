import { AirlockError, hours, type Random } from '@airlock/core';
import { newDocumentId, openSealedSecret, sealSecret, type SealingKey } from '@airlock/core/internal';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WebhookEndpointTable } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { unknownPattern } from './event-catalogue.ts';
import { checkWebhookUrl } from './webhook-url.ts';

/**
 * The vendor's webhook endpoints (README, "Webhooks"). A secret is made by the authority, shown
 * once (on create and on rotate) and kept sealed under the key passphrase (AES-256-GCM, the
 * endpoint's id as the label): the authority must read it back to sign, so it cannot be kept as
 * a hash like API tokens. After a rotation the previous secret stays valid for
 * `PREVIOUS_SECRET_VALID_MS` and both sign every delivery, so a receiver can switch without loss.
 */
const PREVIOUS_SECRET_VALID_MS = hours(24);
const SECRET_PREFIX = 'whsec_';

export type EndpointRow = Selectable<WebhookEndpointTable>;

export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly events: string[];
  readonly enabled: boolean;
  /** Why it was disabled automatically; null when enabled or disabled by hand. */
  readonly disabledReason: string | null;
  readonly consecutiveFailures: number;
  readonly failingSince: string | null;
  /** Until when the previous secret still signs, after a rotation. */
  readonly previousSecretExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EndpointInput {
  readonly url: string;
  readonly description?: string | undefined;
  readonly events: readonly string[];
  readonly enabled?: boolean | undefined;
}

export interface EndpointChange {
  readonly url?: string | undefined;
  readonly description?: string | undefined;
  readonly events?: readonly string[] | undefined;
  readonly enabled?: boolean | undefined;
}

export interface EndpointDeps {
  readonly db: Db;
  readonly random: Random;
  readonly sealing: SealingKey;
  readonly allowHttp: boolean;
}

function endpointView(row: EndpointRow, now: Date): WebhookEndpoint {
  const previousValid = row.previous_secret_expires_at !== null && row.previous_secret_expires_at > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since?.toISOString() ?? null,
    previousSecretExpiresAt: previousValid ? (row.previous_secret_expires_at?.toISOString() ?? null) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The secrets that sign a delivery sent at `now`: the current one, then the previous while it is valid. */
export function signingSecrets(sealing: SealingKey, row: EndpointRow, now: Date): string[] {
  const secrets = [openSecret(sealing, row.secret_sealed, row.id)];
  if (row.previous_secret_sealed !== null && row.previous_secret_expires_at !== null && row.previous_secret_expires_at > now) {
    secrets.push(openSecret(sealing, row.previous_secret_sealed, row.id));
  }
  return secrets;
}

function openSecret(sealing: SealingKey, sealed: string, id: string): string {
  const secret = openSealedSecret(sealing, sealed, `webhook/${id}`);
  if (secret === null) throw new AirlockError('KEY_PASSPHRASE_WRONG', { webhook: id });
  return Buffer.from(secret).toString('utf8');
}

function newSecret(deps: EndpointDeps, id: string): { secret: string; sealed: string } {
  const secret = SECRET_PREFIX + Buffer.from(deps.random.bytes(32)).toString('base64url');
  return { secret, sealed: sealSecret(deps.sealing, Buffer.from(secret, 'utf8'), `webhook/${id}`, deps.random) };
}

function checkEvents(events: readonly string[]): string[] {
  const unknown = unknownPattern(events);
  if (unknown !== undefined) throw new AirlockError('WEBHOOK_EVENT_UNKNOWN', { event: unknown });
  return [...new Set(events)];
}

/** What the audit log keeps of an endpoint: never a secret. */
function audited(row: EndpointRow): object {
  return { url: row.url, description: row.description, events: row.events, enabled: row.enabled };
}

/**
 * Registers an endpoint and makes its secret, returned this once.
 *
 * @example
 * ```ts
 * const { endpoint, secret } = await createEndpoint(deps, { url: 'https://crm.example/airlock', events: ['customer.*'] }, by);
 * ```
 */
export async function createEndpoint(deps: EndpointDeps, input: EndpointInput, by: Actor): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkWebhookUrl(input.url, deps.allowHttp);
  const events = checkEvents(input.events);
  const id = `we_${newDocumentId(deps.random)}`;
  const { secret, sealed } = newSecret(deps, id);
  const row = await deps.db.transaction().execute(async (trx) => {
    const created = await trx
      .insertInto('webhook_endpoints')
      .values({
        id,
        url,
        description: input.description ?? '',
        events: JSON.stringify(events),
        enabled: input.enabled ?? true,
        secret_sealed: sealed,
        previous_secret_sealed: null,
        previous_secret_expires_at: null,
        failing_since: null,
        disabled_reason: null,
        created_at: by.now,
        created_by: by.actor,
        updated_at: by.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { ...by, action: 'webhook.create', objectType: 'webhook', objectId: id, after: audited(created), at: by.now });
    return created;
  });
  return { endpoint: endpointView(row, by.now), secret };
}

/**
 * Changes an endpoint. Enabling one (again) clears its failure count, so an endpoint disabled
 * automatically gets a fresh three days; its queued deliveries then leave in order.
 */
export async function updateEndpoint(deps: EndpointDeps, id: string, change: EndpointChange, by: Actor): Promise<WebhookEndpoint> {
  const url = change.url === undefined ? undefined : checkWebhookUrl(change.url, deps.allowHttp);
  const events = change.events === undefined ? undefined : checkEvents(change.events);
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new AirlockError('NOT_FOUND', { webhook: id });
    const enabling = change.enabled === true && !before.enabled;
    const after = await trx
      .updateTable('webhook_endpoints')
      .set({
        ...(url === undefined ? {} : { url }),
        ...(change.description === undefined ? {} : { description: change.description }),
        ...(events === undefined ? {} : { events: JSON.stringify(events) }),
        ...(change.enabled === undefined ? {} : { enabled: change.enabled, disabled_reason: null }),
        ...(enabling ? { consecutive_failures: 0, failing_since: null } : {}),
        updated_at: by.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = change.enabled === undefined || change.enabled === before.enabled ? 'webhook.update' : change.enabled ? 'webhook.enable' : 'webhook.disable';
    await recordAudit(trx, { ...by, action, objectType: 'webhook', objectId: id, before: audited(before), after: audited(after), at: by.now });
    return after;
  });
  return endpointView(row, by.now);
}

/**
 * Makes a new secret for the endpoint, returned this once; the one it replaces keeps signing
 * for 24 hours. Rotating again within them drops the older one at once.
 */
export async function rotateEndpointSecret(deps: EndpointDeps, id: string, by: Actor): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const { secret, sealed } = newSecret(deps, id);
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw new AirlockError('NOT_FOUND', { webhook: id });
    const expiresAt = new Date(by.now.getTime() + PREVIOUS_SECRET_VALID_MS);
    const after = await trx
      .updateTable('webhook_endpoints')
      .set({
        secret_sealed: sealed,
        previous_secret_sealed: before.secret_sealed,
        previous_secret_expires_at: expiresAt,
        updated_at: by.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...by,
      action: 'webhook.rotate-secret',
      objectType: 'webhook',
      objectId: id,
      after: { previousSecretExpiresAt: expiresAt.toISOString() },
      at: by.now,
    });
    return after;
  });
  return { endpoint: endpointView(row, by.now), secret };
}

export async function listEndpoints(db: Db, now: Date): Promise<WebhookEndpoint[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => endpointView(row, now));
}

export async function getEndpoint(db: Db, id: string, now: Date): Promise<WebhookEndpoint> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { webhook: id });
  return endpointView(row, now);
}
