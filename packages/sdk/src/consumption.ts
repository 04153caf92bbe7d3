import { AirlockError } from '@airlock/core';
import { makeUsageReport, reportAcknowledged } from './device-exchanges.ts';
import { applyAuthorityStatus, endsLicense, statusOf, type AuthorityStatus } from './authority-status.ts';
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
  const view = holder.usable?.verified.view;
  if (!view?.meterLimits.has(meter)) return undefined;
  const used = holder.state?.activation?.consumption.find((line) => line.meter === meter)?.used ?? 0;
  return reading(meter, used, view.meterLimits.get(meter) ?? null);
}

export function consume(holder: LicenseHolder, meter: string, amount: number): Promise<MeterReading> {
  return holder.exclusive(async () => {
    const result = holder.check();
    if (!result.ok) throw new AirlockError(result.code, result.detail);
    const { state, activation, usable } = holder.activeState();
    const limits = usable.verified.view.meterLimits;
    if (!limits.has(meter)) throw new AirlockError('LICENSE_TYPE_NOT_LICENSED', { type: String(meter).slice(0, 100), expected: 'meter' });
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

/** What a check-in did: the consumption reported, and the activation's status the authority answered. */
export interface CheckInOutcome {
  readonly reported: Reported;
  readonly status: AuthorityStatus;
}

export function checkIn(holder: LicenseHolder): Promise<CheckInOutcome> {
  return holder.exclusive(async () => {
    const authority = holder.authority();
    const reported: { meter: string; amount: number }[] = [];
    const send = async (): Promise<AuthorityStatus> => {
      const { state, activation } = holder.activeState();
      const pending = activation.pendingReport!;
      // The same report sent again is answered `counted: false`: it was counted the first time.
      const answer = await authority.post('/v1/devices/check-in', { report: pending.file });
      reported.push(...pending.consumption);
      await holder.write({ ...state, activation: reportAcknowledged(activation) });
      return statusOf(answer);
    };
    const outcome = (status: AuthorityStatus) => ({ reported: mergeAmounts(reported), status });
    if (holder.activeState().activation.pendingReport) {
      const status = await send();
      // The slot is gone: the device acts on it and makes no further report.
      if (endsLicense(status)) {
        await applyAuthorityStatus(holder, status);
        return outcome(status);
      }
    }
    const { state, activation, usable } = holder.activeState();
    const made = await makeUsageReport(holder.device, holder.trust, { ...state, activation }, usable.verified, holder.authorityEncryptionKey(), holder.clockNow());
    await holder.write(made.state);
    const status = await send();
    await applyAuthorityStatus(holder, status);
    return outcome(status);
  });
}

function mergeAmounts(amounts: readonly { meter: string; amount: number }[]): { meter: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const { meter, amount } of amounts) totals.set(meter, (totals.get(meter) ?? 0) + amount);
  return [...totals].map(([meter, amount]) => ({ meter, amount }));
}
