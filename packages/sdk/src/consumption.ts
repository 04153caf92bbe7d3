import { AirlockError, type DeviceMeterGrant } from '@airlock/core';
import { contactMade, coveredBy, makeUsageReport, mergeAmounts, reportAcknowledged, verifyCheckInReceipt } from './device-exchanges.ts';
import type { LicenseView } from './device-license.ts';
import { applyAuthorityStatus, endsLicense, statusOf, type AuthorityStatus } from './authority-status.ts';
import type { LicenseHolder } from './license-holder.ts';
import type { Activation } from './store-state.ts';

/** Consumption: counted on the device against the meter's limit, reported online at check-in. */

/**
 * A meter's consumption against its limit (null: unlimited). The limit is the license's, shared
 * by its devices (docs/devices.md, "Meter limits shared by devices"): `used` is what the
 * authority had counted (all devices) when it issued the file in force plus what this device
 * consumed beyond that, and `remaining` what this device's allotment still allows.
 */
export interface MeterReading {
  readonly meter: string;
  readonly used: number;
  readonly limit: number | null;
  /** What this device may still consume, or null when unlimited. */
  readonly remaining: number | null;
  /** How far `used` is past the limit (0 when it is not): consumption within the overage allowance. */
  readonly overage: number;
  /** The soft allowance beyond the limit (0: none); consumption stops at limit + allowance. */
  readonly overageAllowance: number;
}

/** What the device has consumed beyond what the grant in force counts, and what it may still. */
function standing(activation: Activation, view: LicenseView, meter: string): { grant: DeviceMeterGrant; beyond: number } {
  const grant = view.meterGrants.get(meter)!;
  const used = activation.consumption.find((line) => line.meter === meter)?.used ?? 0;
  const covered = coveredBy(activation, view.reportedThrough).find((line) => line.meter === meter)?.amount ?? 0;
  return { grant, beyond: Math.max(0, used - covered) };
}

function reading(grant: DeviceMeterGrant, beyond: number): MeterReading {
  const used = grant.counted + beyond;
  return {
    meter: grant.meter,
    used,
    limit: grant.limit,
    remaining: grant.allotment === null ? null : Math.max(0, grant.allotment - beyond),
    overage: grant.limit === null ? 0 : Math.max(0, used - grant.limit),
    overageAllowance: grant.overage,
  };
}

export function usage(holder: LicenseHolder, meter: string): MeterReading | undefined {
  const view = holder.usable?.view;
  const activation = holder.state?.activation;
  if (!view?.meterGrants.has(meter) || !activation) return undefined;
  const { grant, beyond } = standing(activation, view, meter);
  return reading(grant, beyond);
}

export function consume(holder: LicenseHolder, meter: string, amount: number): Promise<MeterReading> {
  return holder.exclusive(async () => {
    const result = holder.check();
    if (!result.ok) throw new AirlockError(result.code, result.detail);
    // Before the license's kind: a license activated by typed codes has no meters at all.
    const view = holder.usable!.view;
    if (!view.meterGrants.has(meter)) throw new AirlockError('LICENSE_TYPE_NOT_LICENSED', { type: String(meter).slice(0, 100), expected: 'meter' });
    const { state, activation } = holder.activeState();
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 1_000_000_000) {
      throw new AirlockError('QUANTITY_INVALID', {
        meter,
        amount: String(amount).slice(0, 40),
        reason: 'the amount consumed must be a whole number from 1 to 1000000000',
      });
    }
    const { grant, beyond } = standing(activation, view, meter);
    if (grant.allotment !== null && beyond + amount > grant.allotment) {
      const { used, limit, remaining, overageAllowance } = reading(grant, beyond);
      throw new AirlockError('METER_LIMIT_REACHED', { meter, used, amount, limit, remaining, overageAllowance });
    }
    const current = activation.consumption.find((line) => line.meter === meter) ?? { meter, used: 0, unreported: 0 };
    const next = { meter, used: current.used + amount, unreported: current.unreported + amount };
    const consumption = [...activation.consumption.filter((line) => line.meter !== meter), next];
    await holder.write({ ...state, activation: { ...activation, consumption } });
    return reading(grant, beyond + amount);
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
    const send = async (reportId?: string): Promise<AuthorityStatus> => {
      const { state, activation, usable } = holder.activeState();
      const pending = activation.pendingReport!;
      // The same report sent again is answered `counted: false`: it was counted the first time.
      const answer = await authority.post('/v1/devices/check-in', { report: pending.file });
      // Only the receipt of the report just made is taken as contact: it answers that report's
      // id, which the device knows (a report sent again is one it cannot read back). A receipt
      // that fails is refused before anything is saved: the report is sent again next time.
      const receipt =
        reportId === undefined || answer.receipt === undefined
          ? null
          : await verifyCheckInReceipt(holder.device, holder.trust, usable.verified, answer.receipt, reportId, holder.clockNow());
      reported.push(...pending.consumption);
      const acknowledged = { ...state, activation: reportAcknowledged(activation) };
      await holder.write(receipt === null ? acknowledged : contactMade(acknowledged, receipt.contact), receipt === null ? undefined : usable.verified);
      // The status the authority signed, when the receipt answers this report.
      return statusOf(receipt?.status ?? answer.status);
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
    const made = await makeUsageReport(
      holder.device,
      holder.trust,
      { ...state, activation },
      usable.verified,
      holder.authorityEncryptionKey(),
      holder.clockNow(),
    );
    await holder.write(made.state);
    const status = await send(made.id);
    await applyAuthorityStatus(holder, status);
    return outcome(status);
  });
}
