import { apiForm, code, dataTable, dateTime, formFields, html, path, section, statusBadge, submitButton, type SafeHtml } from '@airlock/web';
import type { DeviceActivation, DeviceLicense } from '../api-types.ts';

/**
 * The console's controls over a device license's devices (docs/devices.md, "Vendor control
 * over devices"): suspend and resume, reset, free one slot, block and unblock a device, remove
 * a user or set their password. What cannot be undone asks for a confirmation first.
 */

type User = DeviceLicense['users'][number];

/** The license's status for its settings list: active, or suspended since when, by whom, why. */
export function licenseStatus(license: DeviceLicense): SafeHtml {
  const { suspension } = license;
  if (!suspension) return statusBadge('active', 'ok');
  return html`${statusBadge('suspended', 'bad')} since ${dateTime(suspension.at)} by ${suspension.by}${suspension.reason ? html`: ${suspension.reason}` : ''}`;
}

/** Suspend (or resume) the license, and free every slot. */
export function licenseControls(license: DeviceLicense): SafeHtml {
  const f = formFields('suspend-license');
  const suspendOrResume = license.suspension
    ? apiForm({
        id: 'resume-license',
        api: path`/v1/device-licenses/${license.id}/resume`,
        className: 'inline',
        then: { reload: true, message: 'Resumed: devices may activate and refresh again.' },
        fields: '',
        buttons: submitButton('Resume the license'),
      })
    : apiForm({
        id: 'suspend-license',
        api: path`/v1/device-licenses/${license.id}/suspend`,
        className: 'inline',
        confirm: 'Suspend this license? Devices are refused until you resume it; online devices learn it at their next validation or check-in.',
        then: { reload: true, message: 'Suspended: devices are refused until you resume the license.' },
        fields: f.text({ name: 'reason', label: 'Reason for the suspension', optional: true, maxLength: 500, hint: 'Optional; kept in the audit log.' }),
        buttons: submitButton('Suspend the license', { variant: 'danger' }),
      });
  const reset = apiForm({
    id: 'reset-license',
    api: path`/v1/device-licenses/${license.id}/reset`,
    className: 'inline',
    confirm: `Free all ${license.activeActivations} active activations of this license? Devices activated offline cannot be told and may keep running.`,
    then: { reload: true, message: 'Freed {freed} activations.' },
    fields: '',
    buttons: submitButton('Free every activation', { variant: 'danger' }),
  });
  return section({ id: 'control', title: 'Stop or free devices' }, html`${suspendOrResume}${reset}`);
}

/** Who freed an activation's slot, and whether its device may still run. */
export function freedBy(activation: DeviceActivation): SafeHtml | string {
  if (activation.status === 'active') return '–';
  if (activation.deactivationSource !== 'vendor') return 'the device (its deactivation file)';
  const why = { deactivated: 'freed', reset: 'reset', blocked: 'blocked', 'user-removed': 'user removed' }[activation.deactivationReason ?? 'deactivated'];
  return html`the vendor (${why}), ${activation.deactivatedBy ?? ''}${activation.deviceMayStillRun ? html` ${statusBadge('freed while the device may still run', 'warn')}` : ''}`;
}

/** The button that frees one active activation's slot. */
export function deactivateButton(license: DeviceLicense, activation: DeviceActivation): SafeHtml | string {
  if (activation.status !== 'active') return '–';
  const offline =
    activation.channel === 'offline' && activation.lastOnlineAt === null
      ? ' It was activated offline and cannot be told: it may keep running until its license ends or it next talks to the authority.'
      : ' The device learns it at its next validation or check-in.';
  const device = activation.deviceName ?? activation.fingerprint;
  return apiForm({
    id: `deactivate-${activation.id}`,
    api: path`/v1/device-licenses/${license.id}/activations/${activation.id}/deactivate`,
    className: 'inline',
    confirm: `Free the slot of ${device}?${offline}`,
    then: { reload: true, message: `The slot of ${device} is free.` },
    fields: '',
    buttons: submitButton(`Deactivate ${device}`, { variant: 'danger' }),
  });
}

/** The blocked devices, each with its unblock button, and the form that blocks one. */
export function blockedDevicesSection(license: DeviceLicense): SafeHtml {
  const f = formFields('block-device');
  const table = dataTable({
    caption: 'Devices that may not activate this license',
    rows: license.blockedDevices,
    empty: 'No device is blocked.',
    columns: [
      { header: 'Device', cell: (block) => code(block.fingerprint), rowHeader: true },
      { header: 'Reason', cell: (block) => block.reason ?? '–' },
      { header: 'Blocked', cell: (block) => html`${dateTime(block.blockedAt)} by ${block.blockedBy}` },
      {
        header: 'Unblock',
        cell: (block) =>
          apiForm({
            id: `unblock-${block.fingerprint.replace(/[^A-Za-z0-9_-]/g, '_')}`,
            api: path`/v1/device-licenses/${license.id}/blocked-devices/${block.fingerprint}`,
            method: 'DELETE',
            className: 'inline',
            then: { reload: true, message: `${block.fingerprint} may activate again.` },
            fields: '',
            buttons: submitButton(`Unblock ${block.fingerprint}`, { variant: 'secondary' }),
          }),
      },
    ],
  });
  const block = apiForm({
    id: 'block-device',
    api: path`/v1/device-licenses/${license.id}/blocked-devices`,
    className: 'inline',
    confirm: 'Block this device? Its activations are freed and it may not activate this license again until you unblock it.',
    then: { reload: true, message: 'Blocked {fingerprint}; freed {freed} of its activations.' },
    fields: html`${f.text({ name: 'fingerprint', label: 'Device fingerprint', required: true, maxLength: 128, spellcheck: false, autocomplete: 'off' })}${f.text({ name: 'reason', label: 'Reason for the block', optional: true, maxLength: 500 })}`,
    buttons: submitButton('Block the device', { variant: 'danger' }),
  });
  return section({ id: 'blocked-devices', title: 'Blocked devices' }, html`${table}${block}`);
}

/** A license user's new password, and their removal (which frees the activations they made). */
export function licenseUserForms(license: DeviceLicense, user: User): SafeHtml {
  const id = `license-user-${user.id}`;
  const f = formFields(`${id}-password`);
  const userApi = path`/v1/device-licenses/${license.id}/users/${user.id}`;
  return html`${apiForm({
    id: `${id}-password`,
    api: `${userApi}/password`,
    className: 'inline',
    then: { reload: true, message: `New password set for ${user.username}.` },
    fields: f.text({
      name: 'password',
      label: `New password for ${user.username}`,
      type: 'password',
      required: true,
      minLength: 12,
      autocomplete: 'new-password',
      hint: '12 characters or more; the old one is refused from now on.',
    }),
    buttons: submitButton('Set the password', { variant: 'secondary' }),
  })}${apiForm({
    id: `${id}-remove`,
    api: userApi,
    method: 'DELETE',
    className: 'inline',
    confirm: `Remove ${user.username}? They can no longer sign in, and the activations they made are freed.`,
    then: { reload: true, message: `${user.username} was removed; freed {freed} of their activations.` },
    fields: '',
    buttons: submitButton(`Remove ${user.username}`, { variant: 'danger' }),
  })}`;
}
