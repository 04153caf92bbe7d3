import { AirlockError } from '@airlock/core';
import { contactMade, makeUsageReport, reportAcknowledged, verifyCheckInReceipt } from './device-exchanges.ts';
import type { LicenseHolder } from './license-holder.ts';

/** Consumption: counted on the device against the meter's limit, reported online at check-in. */

/** A meter's consumption on this device against its limit (null: unlimited). */
export interface MeterReading {
  readonly meter: string;
  readonly used: number;
  readonly limit: number | null;
  /** What may still be consumed, or null when unlimited. */
  readonly remaining: number | null;
}

export function reading(meter: string, used: number, limit: number | null): MeterReading {
  return { meter, used, limit, remaining: limit === null ? null : Math.max(0, limit - used) };
}

export function usage(holder: LicenseHolder, meter: string): MeterReading | undefined {
  const view = holder.usable?.view;
  if (!view?.meterLimits.has(meter)) return undefined;
  const used = holder.state?.activation?.consumption.find((line) => line.meter === meter)?.used ?? 0;
  return reading(meter, used, view.meterLimits.get(meter) ?? null);
}

export function consume(holder: LicenseHolder, meter: string, amount: number): Promise<MeterReading> {
  return holder.exclusive(async () => {
    const result = holder.check();
    if (!result.ok) throw new AirlockError(result.code, result.detail);
    // Before the license's kind: a license activated by typed codes has no meters at all.
    const limits = holder.usable!.view.meterLimits;
    if (!limits.has(meter)) throw new AirlockError('LICENSE_TYPE_NOT_LICENSED', { type: String(meter).slice(0, 100), expected: 'meter' });
    const { state, activation } = holder.activeState();
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 1_000_000_000) {
      throw new AirlockError('QUANTITY_INVALID', { meter, amount: String(amount).slice(0, 40) });
    }
    const current = activation.consumption.find((line) => line.meter === meter) ?? { meter, used: 0, unreported: 0 };
    const limit = limits.get(meter) ?? null;
    if (limit !== null && current.used + amount > limit) {
      throw new AirlockError('METER_LIMIT_REACHED', { meter, used: current.used, amount, limit });
    }
    const next = { meter, used: current.used + amount, unreported: current.unreported + amount };
    const consumption = [...activation.consumption.filter((line) => line.meter !== meter), next];
    await holder.write({ ...state, activation: { ...activation, consumption } });
    return reading(meter, next.used, limit);
  });
}

/** Consumption reported to the authority, per meter. */
export type Reported = readonly { readonly meter: string; readonly amount: number }[];

export function checkIn(holder: LicenseHolder): Promise<{ readonly reported: Reported }> {
  return holder.exclusive(async () => {
    const authority = holder.authority();
    const reported: { meter: string; amount: number }[] = [];
    const send = async (reportId?: string) => {
      const { state, activation, usable } = holder.activeState();
      const pending = activation.pendingReport!;
      // The same report sent again is answered `counted: false`: it was counted the first time.
      const answer = await authority.post('/v1/devices/check-in', { report: pending.file });
      // Only the receipt of the report just made is taken as contact: it answers that report's
      // id, which the device knows (a report sent again is one it cannot read back). A receipt
      // that fails is refused before anything is saved: the report is sent again next time.
      const contact = reportId === undefined || answer.receipt === undefined
        ? null
        : (await verifyCheckInReceipt(holder.device, holder.trust, usable.verified, answer.receipt, reportId, holder.clockNow())).contact;
      reported.push(...pending.consumption);
      const acknowledged = { ...state, activation: reportAcknowledged(activation) };
      await holder.write(contact === null ? acknowledged : contactMade(acknowledged, contact), contact === null ? undefined : usable.verified);
    };
    if (holder.activeState().activation.pendingReport) await send();
    const { state, activation, usable } = holder.activeState();
    const made = await makeUsageReport(holder.device, holder.trust, { ...state, activation }, usable.verified, holder.authorityEncryptionKey(), holder.clockNow());
    await holder.write(made.state);
    await send(made.id);
    return { reported: mergeAmounts(reported) };
  });
}

function mergeAmounts(amounts: readonly { meter: string; amount: number }[]): { meter: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const { meter, amount } of amounts) totals.set(meter, (totals.get(meter) ?? 0) + amount);
  return [...totals].map(([meter, amount]) => ({ meter, amount }));
}
