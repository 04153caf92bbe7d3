import { sql, type Kysely } from 'kysely';

/**
 * The policy settings of device licenses beyond activations and channels (see
 * docs/devices.md): how long an online-checked device may stay offline and its grace, the grace
 * after expiry, how a meter's limit is allotted to the devices of a license and how far past it
 * they may go, and whether virtual machines and containers may be activated. Every existing
 * policy keeps today's behaviour: no offline limit, no grace, the even share, no overage, VMs
 * allowed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table policies
      add column max_offline_ms bigint,
      add column offline_grace_ms bigint not null default 0,
      add column expiry_grace_ms bigint not null default 0,
      add column meter_allotment bigint,
      add column meter_overage_percent integer not null default 0,
      add column allow_virtual_machines boolean not null default true
  `.execute(db);
}
