import { sql, type Kysely } from 'kysely';

/**
 * Meter limits shared by the devices of a license (docs/devices.md, "Meter limits shared by
 * devices"): each device license or refresh file grants its device an allotment per limited
 * meter. Per activation the authority keeps the usage report the last file counted through
 * (`granted_through`) and the allotment it granted per meter; the activation's outstanding
 * reservation is that allotment less the reports counted since. `reservation_released` is set
 * only when the device's own deactivation is counted: an activation ended any other way (by
 * the vendor) keeps its reservation, since the device may still consume it offline.
 * Activations from before this migration hold files that grant the whole limit; they reserve
 * nothing until their next file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table device_activations
      add column granted_through integer not null default 0,
      add column reservation_released boolean not null default false
  `.execute(db);
  await sql`update device_activations set reservation_released = true where deactivated_at is not null`.execute(db);
  await sql`
    create table device_meter_allotments (
      activation_id text not null references device_activations (id),
      meter text not null,
      allotment bigint not null,
      primary key (activation_id, meter)
    )
  `.execute(db);
}
