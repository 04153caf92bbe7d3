import { apiForm, code, dataTable, dateTime, definitionList, formFields, formRow, html, path, statusBadge, submitButton, type SafeHtml } from '@airlock/web';
import type { Policy, Product, Trial, TrialOffer } from '../api-types.ts';

/** How many empty meter rows the trial form offers beyond the offer's own meters. */
const SPARE_METER_ROWS = 2;

/**
 * A product's trial, on its catalogue section (docs/devices.md, "Trials"): the offer as it
 * stands, the form that sets it (a number of days or an end date, features, meters, offline),
 * withdrawing it, and the trials devices started.
 */
export function productTrial(product: Product, offer: TrialOffer | undefined, trials: readonly Trial[], policies: readonly Policy[]): SafeHtml {
  return html`<h3 id="trial-${product.id}">Trial</h3>${offer ? offerSummary(offer) : html`<p>${product.name} offers no trial: devices asking for one are refused <code>TRIAL_NOT_AVAILABLE</code>.</p>`}${offerForm(product, offer, policies)}${offer ? withdrawForm(product) : ''}${trialsTable(product, trials)}`;
}

function offerSummary(offer: TrialOffer): SafeHtml {
  return definitionList([
    ['Status', offer.enabled ? statusBadge('offered', 'ok') : statusBadge('disabled', 'neutral')],
    ['Length', offer.days !== null ? `${offer.days} days from the start` : html`until ${dateTime(offer.endsAt!)}`],
    ['Features', offer.features.join(', ') || 'none'],
    ['Meters', offer.meters.map((meter) => `${meter.meter} (limit ${meter.limit ?? 'none'})`).join(', ') || 'none'],
    ['Offline (portal)', offer.allowOffline ? 'allowed' : 'not allowed'],
    ['Policy', offer.policyId ?? 'none: the default settings'],
  ]);
}

function offerForm(product: Product, offer: TrialOffer | undefined, policies: readonly Policy[]): SafeHtml {
  const id = `trial-offer-${product.id}`;
  const f = formFields(id);
  const meterRows = [...(offer?.meters ?? []), ...Array.from({ length: SPARE_METER_ROWS }, () => null)].map((meter, index) =>
    formRow(
      `Meter ${index + 1}`,
      html`${f.text({ name: `meters.${index}.meter`, label: 'Meter', value: meter?.meter ?? '', spellcheck: false, autocomplete: 'off' })}${f.number({ name: `meters.${index}.limit`, label: 'Limit', min: 0, valueType: 'integer-or-null', ...(meter?.limit !== null && meter?.limit !== undefined ? { value: meter.limit } : {}), hint: 'Empty: no limit.' })}`,
    ),
  );
  return apiForm({
    id,
    api: path`/v1/products/${product.id}/trial`,
    method: 'PUT',
    then: { reload: true, message: `Trial offer of ${product.name} saved.` },
    description: 'Give a number of days or an end date. Trials already started keep their end; each device gets one trial, ever.',
    fields: html`${f.hidden({ name: 'meters', value: '[]', valueType: 'json' })}<div class="form-grid">
${f.number({ name: 'days', label: 'Days', optional: true, min: 1, max: 3660, valueType: 'integer', ...(offer?.days ? { value: offer.days } : {}) })}
${f.text({ name: 'endsAt', label: 'Or ends at (UTC)', optional: true, value: offer?.endsAt ?? '', placeholder: '2027-01-31T00:00:00Z', spellcheck: false })}
${f.select({ name: 'policyId', label: 'Policy', optional: true, value: offer?.policyId ?? '', options: [{ value: '', label: 'The default settings' }, ...policies.map((policy) => ({ value: policy.id, label: policy.name }))] })}
</div>
${f.checkbox({ name: 'enabled', label: 'Offer the trial', checked: offer?.enabled ?? true })}
${f.checkbox({ name: 'allowOffline', label: 'Allow trials through the offline portal', checked: offer?.allowOffline ?? false })}
${f.textarea({ name: 'features', label: 'Features', valueType: 'lines', rows: 3, value: offer?.features.join('\n') ?? '', hint: 'One per line.' })}
${meterRows}`,
    buttons: submitButton(offer ? 'Save the trial offer' : 'Offer a trial', { variant: 'secondary' }),
  });
}

function withdrawForm(product: Product): SafeHtml {
  return apiForm({
    id: `trial-withdraw-${product.id}`,
    api: path`/v1/products/${product.id}/trial`,
    method: 'DELETE',
    className: 'inline',
    then: { reload: true, message: `Trial offer of ${product.name} withdrawn.` },
    fields: '',
    buttons: submitButton('Withdraw the trial offer', { variant: 'danger' }),
  });
}

const trialBadge = (status: Trial['status']) => statusBadge(status, status === 'running' ? 'ok' : 'neutral');

function trialsTable(product: Product, trials: readonly Trial[]): SafeHtml {
  return dataTable({
    caption: `Trials of ${product.name}`,
    rows: trials,
    empty: 'No device has started a trial.',
    columns: [
      { header: 'Fingerprint', cell: (trial) => code(trial.fingerprint), rowHeader: true },
      { header: 'Device', cell: (trial) => trial.deviceName ?? 'unnamed' },
      { header: 'Started', cell: (trial) => dateTime(trial.startedAt) },
      { header: 'Ends', cell: (trial) => (trial.endsAt ? dateTime(trial.endsAt) : 'never') },
      { header: 'Status', cell: (trial) => trialBadge(trial.status) },
      {
        header: 'License',
        cell: (trial) =>
          html`<a href="${path`/console/device-licenses/${trial.licenseId}`}">${code(trial.licenseId.slice(0, 8))}</a>${trial.convertedTo ? html` → <a href="${path`/console/device-licenses/${trial.convertedTo}`}">${code(trial.convertedTo.slice(0, 8))}</a>` : ''}`,
      },
    ],
  });
}
