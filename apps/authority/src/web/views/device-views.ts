import { licenseKinds } from '@airlock/core';
import {
  apiForm,
  code,
  dataTable,
  dateTime,
  definitionList,
  downloadButton,
  formFields,
  formRow,
  html,
  listApiQuery,
  listState,
  lookupField,
  pagedTable,
  path,
  section,
  statusBadge,
  submitButton,
  type ListPage,
  type PagedColumn,
  type SafeHtml,
} from '@airlock/web';
import type { DeviceActivation, DeviceLicense, Policy, Product } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { blockedDevicesSection, deactivateButton, freedBy, licenseControls, licenseStatus, licenseUserForms } from './device-control-views.ts';

/** The columns of a device licenses list; each id links to `linkOf` when given. Sorted by id or by creation (the API's sorts). */
export function deviceLicenseColumns(linkOf?: (license: DeviceLicense) => string): PagedColumn<DeviceLicense>[] {
  return [
    {
      header: 'License',
      sortKey: 'id',
      cell: (license) => (linkOf ? html`<a href="${linkOf(license)}">${code(license.id)}</a>` : code(license.id)),
      rowHeader: true,
    },
    { header: 'Product', cell: (license) => license.productId },
    { header: 'Customer', cell: (license) => license.customerId ?? 'none (trial)' },
    { header: 'Credential', cell: (license) => credentialLabel(license) },
    { header: 'Kind', cell: (license) => license.settings.kind },
    { header: 'Offline', cell: (license) => (license.settings.allowOffline ? statusBadge('allowed', 'ok') : statusBadge('not allowed', 'neutral')) },
    { header: 'Activations', cell: (license) => `${license.activeActivations} of ${license.settings.maxActivations ?? 'unlimited'}`, numeric: true },
    { header: 'Created', sortKey: 'createdAt', cell: (license) => dateTime(license.createdAt) },
    { header: 'Expires', cell: (license) => (license.expiresAt ? dateTime(license.expiresAt) : 'never') },
    { header: 'Revision', cell: (license) => license.revision, numeric: true },
  ];
}

/** Device licenses per page of the console's and the portal's lists. */
const LICENSES_PER_PAGE = 50;
/** Activations per page of a device license's page. */
const ACTIVATIONS_PER_PAGE = 50;

/** How a license is activated: users, its key (by its hint), or a trial with nothing to prove. */
function credentialLabel(license: DeviceLicense): string {
  if (license.credential === 'trial') return 'trial';
  return license.credential === 'user' ? 'users' : `key ${license.licenseKeyHint ?? ''}`;
}

const DAY_MS = 86_400_000;
/** `2027-11-23`: the day of an instant, in UTC. */
const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);

/** Why the end date may be needed: which kinds must end, and the kind each policy gives. */
function endHint(policies: readonly Policy[]): string {
  const kinds = policies.map((policy) => `${policy.name}: ${policy.kind}`).join('; ');
  return `Required for a term, pilot or temporary license; empty for a permanent one; optional for the others. The license ends at 00:00 UTC that day.${kinds ? ` Kinds of the policies: ${kinds}.` : ''}`;
}

/**
 * The console's device licenses, a page at a time (newest first or by id, searched by a prefix
 * of the license id; no count: the API does not count every license), and a new one, whose
 * customer is typed and suggested from the customers API rather than chosen among them all.
 */
export async function consoleDeviceLicensesPage(context: PageContext): Promise<PageContent> {
  const state = listState('/console/device-licenses', context.query);
  const [page, products, policies] = await Promise.all([
    context.api.get<ListPage<DeviceLicense>>(`/v1/device-licenses?${listApiQuery(state, LICENSES_PER_PAGE)}`),
    context.api.get<Product[]>('/v1/products'),
    context.api.get<Policy[]>('/v1/policies'),
  ]);
  const f = formFields('new-device-license');
  const form = apiForm({
    id: 'new-device-license',
    api: '/v1/device-licenses',
    // Reloaded so the list shows the new license; the key is shown there, once.
    then: { reload: true, message: 'Device license {id} created. Its license key, shown only now: {licenseKey}' },
    fields: html`<div class="form-grid">
${f.select({ name: 'productId', label: 'Product', required: true, options: products.map((product) => ({ value: product.id, label: product.name })) })}
${lookupField({ formId: 'new-device-license', name: 'customerId', label: 'Customer', lookup: '/v1/customers', required: true, placeholder: 'Customer id', value: context.query.customerId, hint: 'The customer’s id; type the start of its name or id to choose from the suggestions.' })}
${f.select({ name: 'policyId', label: 'Policy', optional: true, options: [{ value: '', label: 'The customer’s policy' }, ...policies.map((policy) => ({ value: policy.id, label: policy.name }))] })}
${f.select({
  name: 'credential',
  label: 'Activated with',
  required: true,
  options: [
    { value: 'license-key', label: 'a license key' },
    { value: 'user', label: 'user credentials' },
  ],
})}
${f.select({ name: 'overrides.kind', label: 'Kind', optional: true, options: [{ value: '', label: 'The policy’s' }, ...licenseKinds.map((kind) => ({ value: kind, label: kind }))] })}
${f.text({ name: 'expiresAt', label: 'Ends on (UTC)', type: 'date', optional: true, valueType: 'utc-day-or-null', min: utcDay(new Date(context.now.getTime() + DAY_MS)), hint: endHint(policies) })}
</div>`,
    buttons: submitButton('Create the device license'),
  });
  return {
    title: 'Device licenses',
    lead: 'Licenses an application activates on one machine at a time, online or with files carried by hand through the device portal.',
    main: html`${section({ id: 'new', title: 'New device license' }, form)}${section(
      { id: 'licenses', title: 'Licenses' },
      pagedTable({
        state,
        page,
        caption: 'Device licenses',
        defaultSort: '-createdAt',
        noun: ['device license', 'device licenses'],
        empty: 'No device license yet: create the first above.',
        search: { label: 'Find a device license', placeholder: 'License id begins with…' },
        csv: '/v1/device-licenses?format=csv',
        columns: deviceLicenseColumns((license) => path`/console/device-licenses/${license.id}`),
      }),
    )}`,
  };
}

/** How many empty meter rows the edit form offers beyond the license's own meters. */
const SPARE_METER_ROWS = 2;

/**
 * The vendor's edit of a device license: the policy settings it overrides, online activation,
 * expiry, features and meters. Saving raises the revision; each active device then has a
 * refresh file to download below. The revision read with the page guards against a lost edit.
 */
const HOUR_MS = 3_600_000;

/** A period the license may set in hours (sent in milliseconds); empty: the policy's. */
function hoursField(
  f: ReturnType<typeof formFields>,
  name: string,
  label: string,
  value: number | null | undefined,
  inherited: string,
  what: string,
): SafeHtml {
  return f.number({
    name,
    label,
    optional: true,
    min: 0,
    valueType: 'hours',
    ...(typeof value === 'number' ? { value: value / HOUR_MS } : {}),
    hint: `${what} Empty: ${inherited.toLowerCase()}.`,
  });
}

function editDeviceLicenseForm(license: DeviceLicense, policy: Policy | undefined): SafeHtml {
  const f = formFields('edit-device-license');
  const inherited = (setting: string) => (policy ? `The policy’s (${setting})` : 'The policy’s');
  const meterRows = [...license.entitlements.meters, ...Array.from({ length: SPARE_METER_ROWS }, () => null)].map((meter, index) =>
    formRow(
      `Meter ${index + 1}`,
      html`${f.text({ name: `entitlements.meters.${index}.meter`, label: 'Meter', value: meter?.meter ?? '', spellcheck: false, autocomplete: 'off' })}${f.number({ name: `entitlements.meters.${index}.limit`, label: 'Limit', min: 0, valueType: 'integer-or-null', ...(meter?.limit !== null && meter?.limit !== undefined ? { value: meter.limit } : {}), hint: 'Empty: no limit.' })}${f.number({ name: `entitlements.meters.${index}.overage`, label: 'Overage', optional: true, min: 0, ...(meter?.overage === undefined ? {} : { value: meter.overage }), hint: 'Units past the limit allowed. Empty: the policy’s percentage.' })}`,
    ),
  );
  const { overrides } = license;
  return apiForm({
    id: 'edit-device-license',
    api: path`/v1/device-licenses/${license.id}`,
    method: 'PATCH',
    then: { reload: true, message: 'Saved: the license is at its next revision. Give each active device its refresh file.' },
    description: 'Leave a meter’s row empty to remove it.',
    fields: html`${f.hidden({ name: 'expectedRevision', value: license.revision, valueType: 'integer' })}${f.hidden({ name: 'overrides', value: '{}', valueType: 'json' })}<div class="form-grid">
${f.select({ name: 'overrides.kind', label: 'Kind', optional: true, value: overrides.kind ?? '', options: [{ value: '', label: inherited(policy?.kind ?? '') }, ...licenseKinds.map((kind) => ({ value: kind, label: kind }))] })}
${f.select({
  name: 'overrides.allowOffline',
  label: 'Offline activation',
  optional: true,
  valueType: 'boolean',
  value: overrides.allowOffline === undefined ? '' : String(overrides.allowOffline),
  options: [
    { value: '', label: inherited(policy ? (policy.allowOffline ? 'allowed' : 'not allowed') : '') },
    { value: 'true', label: 'allowed' },
    { value: 'false', label: 'not allowed' },
  ],
})}
${f.number({ name: 'overrides.maxActivations', label: 'Most activations', optional: true, min: 1, ...(typeof overrides.maxActivations === 'number' ? { value: overrides.maxActivations } : {}), hint: `Empty: ${inherited(policy?.maxActivations === null || policy === undefined ? 'unlimited' : String(policy.maxActivations)).toLowerCase()}.` })}
${f.text({ name: 'expiresAt', label: 'Expires at (UTC)', valueType: 'string-or-null', value: license.expiresAt ?? '', placeholder: '2027-11-23T00:00:00Z', spellcheck: false, hint: 'Empty: never.' })}
${hoursField(f, 'overrides.maxOfflineMs', 'Offline period (hours)', overrides.maxOfflineMs, inherited(policy ? (policy.maxOfflineMs === null ? 'no limit' : `${policy.maxOfflineMs / HOUR_MS} h`) : ''), 'How long a device activated online may go without checking in.')}
${hoursField(f, 'overrides.offlineGraceMs', 'Offline grace (hours)', overrides.offlineGraceMs, inherited(policy ? `${policy.offlineGraceMs / HOUR_MS} h` : ''), 'How long past that it still works, warned.')}
${hoursField(f, 'overrides.expiryGraceMs', 'Grace after expiry (hours)', overrides.expiryGraceMs, inherited(policy ? `${policy.expiryGraceMs / HOUR_MS} h` : ''), 'How long past its end the license still works, warned.')}
${f.number({ name: 'overrides.meterAllotment', label: 'Meter share per device', optional: true, min: 1, ...(typeof overrides.meterAllotment === 'number' ? { value: overrides.meterAllotment } : {}), hint: `The most of a meter's limit one device file allots. Empty: ${inherited(policy === undefined || policy.meterAllotment === null ? 'an even share' : String(policy.meterAllotment)).toLowerCase()}.` })}
${f.number({ name: 'overrides.meterOveragePercent', label: 'Meter overage (%)', optional: true, min: 0, max: 1000, ...(overrides.meterOveragePercent === undefined ? {} : { value: overrides.meterOveragePercent }), hint: `Empty: ${inherited(policy ? `${policy.meterOveragePercent}%` : '').toLowerCase()}.` })}
${f.select({
  name: 'overrides.allowVirtualMachines',
  label: 'Virtual machines',
  optional: true,
  valueType: 'boolean',
  value: overrides.allowVirtualMachines === undefined ? '' : String(overrides.allowVirtualMachines),
  options: [
    { value: '', label: inherited(policy ? (policy.allowVirtualMachines ? 'allowed' : 'not allowed') : '') },
    { value: 'true', label: 'allowed' },
    { value: 'false', label: 'not allowed' },
  ],
})}
</div>
${f.checkbox({ name: 'allowOnline', label: 'Allow online activation', checked: license.settings.allowOnline })}
${f.textarea({ name: 'entitlements.features', label: 'Features', valueType: 'lines', rows: 4, value: license.entitlements.features.join('\n'), hint: 'One per line.' })}
${meterRows}`,
    buttons: submitButton('Save and raise the revision'),
  });
}

/**
 * One device license: its settings and status, the vendor's controls over its devices, its users,
 * its activations (who freed each slot, a refresh file per active device) and its blocked devices.
 */
export async function consoleDeviceLicensePage(context: PageContext, licenseId: string): Promise<PageContent> {
  const state = listState(path`/console/device-licenses/${licenseId}`, context.query);
  const activationsApi = path`/v1/device-licenses/${licenseId}/activations`;
  const [license, policies, activationPage] = await Promise.all([
    context.api.get<DeviceLicense>(path`/v1/device-licenses/${licenseId}`),
    context.api.get<Policy[]>('/v1/policies'),
    context.api.get<ListPage<DeviceActivation>>(`${activationsApi}?${listApiQuery(state, ACTIVATIONS_PER_PAGE)}`),
  ]);
  const f = formFields('add-user');
  const addUser =
    license.credential === 'user'
      ? section(
          { id: 'users', title: 'Users' },
          html`${dataTable({
            caption: 'Users who may activate it',
            rows: license.users,
            empty: 'No user yet.',
            columns: [
              { header: 'User', cell: (user) => user.username, rowHeader: true },
              { header: 'Added', cell: (user) => dateTime(user.createdAt) },
              { header: 'Password and removal', cell: (user) => licenseUserForms(license, user) },
            ],
          })}${apiForm({
            id: 'add-user',
            api: path`/v1/device-licenses/${license.id}/users`,
            className: 'inline',
            then: { reload: true, message: 'User added.' },
            fields: html`${f.text({ name: 'username', label: 'User name', required: true, autocomplete: 'off' })}${f.text({ name: 'password', label: 'Password', type: 'password', required: true, minLength: 12, autocomplete: 'new-password', hint: '12 characters or more.' })}`,
            buttons: submitButton('Add the user'),
          })}`,
        )
      : '';
  const activations = pagedTable({
    state,
    page: activationPage,
    caption: 'Activations',
    defaultSort: '-activatedAt',
    noun: ['activation', 'activations'],
    empty: 'No device has activated it yet.',
    search: { label: 'Find a device', placeholder: 'Fingerprint or device name begins with…' },
    // The activations answer a page even as CSV: the most one page holds, in the list's order.
    csv: {
      href: `${activationsApi}?${listApiQuery({ ...state, after: undefined }, 500)}&format=csv`,
      label: 'Download these activations as CSV (500 at most)',
    },
    columns: [
      {
        header: 'Device',
        cell: (activation) => html`${activation.deviceName ?? 'unnamed'} <span class="hint">${code(activation.fingerprint)}</span>`,
        rowHeader: true,
      },
      { header: 'Status', cell: (activation) => statusBadge(activation.status, activation.status === 'active' ? 'ok' : 'neutral') },
      { header: 'Channel', cell: (activation) => activation.channel },
      { header: 'Runs in', cell: (activation) => environmentOf(activation) },
      { header: 'Revision', cell: (activation) => `${activation.revision} of ${license.revision}`, numeric: true },
      { header: 'Activated', sortKey: 'activatedAt', cell: (activation) => dateTime(activation.activatedAt) },
      { header: 'Last seen', sortKey: 'lastSeenAt', cell: (activation) => dateTime(activation.lastSeenAt) },
      { header: 'Freed by', cell: freedBy },
      {
        header: 'Refresh file',
        cell: (activation) =>
          activation.status === 'active' && activation.revision < license.revision
            ? downloadButton({
                id: `refresh-${activation.id}`,
                label: 'Download',
                method: 'POST',
                api: path`/v1/device-licenses/${license.id}/activations/${activation.id}/refresh-file`,
                field: 'text',
                filename: `device-refresh-${activation.id}.txt`,
              })
            : '–',
      },
      { header: 'Free its slot', cell: (activation) => deactivateButton(license, activation) },
    ],
  });
  return {
    title: 'Device license',
    breadcrumbs: [{ href: '/console/device-licenses', label: 'Device licenses' }],
    lead: html`${code(license.id)}, revision ${license.revision}.`,
    main: html`${section(
      { id: 'settings', title: 'Settings' },
      definitionList([
        ['Status', licenseStatus(license)],
        ['Product', license.productId],
        [
          'Customer',
          license.customerId === null ? 'none: a trial' : html`<a href="${path`/console/customers/${license.customerId}`}">${license.customerId}</a>`,
        ],
        ['Policy', license.policyId ?? 'none: the default settings'],
        ['Kind', license.settings.kind],
        ['Offline activation', license.settings.allowOffline ? 'allowed' : 'not allowed'],
        ['Online activation', license.settings.allowOnline ? 'allowed' : 'not allowed'],
        ['Activations', `${license.activeActivations} of ${license.settings.maxActivations ?? 'unlimited'}`],
        ['Expires', license.expiresAt ? dateTime(license.expiresAt) : 'never'],
        ['Grace after expiry', duration(license.settings.expiryGraceMs)],
        [
          'Offline period (online devices)',
          license.settings.maxOfflineMs === null
            ? 'no limit'
            : `${duration(license.settings.maxOfflineMs)}, then ${duration(license.settings.offlineGraceMs)} of grace`,
        ],
        ['Meter share per device', license.settings.meterAllotment === null ? 'an even share' : `at most ${license.settings.meterAllotment}`],
        ['Meter overage', `${license.settings.meterOveragePercent}%`],
        ['Virtual machines', license.settings.allowVirtualMachines ? 'allowed' : 'not allowed'],
        ['Features', license.entitlements.features.join(', ') || 'none'],
        ['Meters', license.entitlements.meters.map((meter) => `${meter.meter} (limit ${meter.limit ?? 'none'})`).join(', ') || 'none'],
        ['Usage', license.usage.map((meter) => `${meter.meter}: ${meter.total}`).join(', ') || 'none recorded'],
      ]),
    )}${meterTotals(license)}${section(
      { id: 'edit', title: 'Change the license' },
      editDeviceLicenseForm(
        license,
        policies.find((policy) => policy.id === license.policyId),
      ),
    )}${licenseControls(license)}${addUser}${section({ id: 'activations', title: 'Activations' }, activations)}${blockedDevicesSection(license)}`,
  };
}

/**
 * Each meter's totals: what the devices reported, the limit and its overage allowance, and what
 * the devices hold allotted and have not reported yet (docs/devices.md, "Meter limits shared by
 * devices").
 */
function meterTotals(license: DeviceLicense): SafeHtml | string {
  if (license.meters.length === 0) return '';
  return section(
    { id: 'meters', title: 'Meters' },
    dataTable({
      caption: 'Meters, shared by the license’s devices',
      rows: license.meters,
      empty: 'No meter.',
      columns: [
        { header: 'Meter', cell: (meter) => meter.meter, rowHeader: true },
        { header: 'Counted', cell: (meter) => String(meter.counted), numeric: true },
        { header: 'Limit', cell: (meter) => (meter.limit === null ? 'none' : String(meter.limit)), numeric: true },
        { header: 'Overage', cell: (meter) => String(meter.overage), numeric: true },
        { header: 'Reserved by devices', cell: (meter) => String(meter.reserved), numeric: true },
      ],
    }),
  );
}

/** Where the device said it runs, as a person reads it. */
function environmentOf(activation: DeviceActivation): string {
  const { environment } = activation;
  if (environment === null) return 'not said (older SDK)';
  const found = [environment.virtualMachine ? 'a virtual machine' : null, environment.container ? 'a container' : null].filter((part) => part !== null);
  return found.length === 0 ? 'a physical machine' : found.join(', ');
}

/** Where a document comes in: its file, its pasted text, or its QR codes. */
function documentFields(formId: string, name: string, label: string): SafeHtml {
  const f = formFields(formId);
  return html`${f.file({ name, label, accept: '.txt,text/plain', optional: true })}${f.textarea({ name, label: 'Or paste its text', optional: true, rows: 5, document: true })}${f.qrReader({ into: f.idOf(name) })}`;
}

/**
 * The device portal, for end users with no account: a device that cannot reach the internet
 * writes a file, the user brings it here from another machine, and takes the answer back.
 */
export function deviceActivatePage(): PageContent {
  const f = formFields('activate-device');
  return {
    title: 'Activate a device',
    lead: 'Upload the activation request your application wrote (with a license key, a user name, or asking for a trial: no key needed); you get the device license file to take back to it.',
    readsQrCodes: true,
    main: section(
      { id: 'activate', title: 'Activation request' },
      apiForm({
        id: 'activate-device',
        api: '/v1/portal/activations',
        requireOneOf: { field: 'request', message: 'Choose the activation request’s file, paste it or read its QR codes first.' },
        then: {
          download: { field: 'text', filename: 'device-license-{activationId}.txt' },
          message: 'Activated: take device-license-{activationId}.txt back to the device.',
        },
        fields: html`${documentFields('activate-device', 'request', 'Activation request file')}${f.text({ name: 'password', label: 'Your password', type: 'password', optional: true, autocomplete: 'current-password', hint: 'Only for a license activated with user credentials.' })}`,
        buttons: submitButton('Activate'),
      }),
    ),
  };
}

/** The device portal's refresh: a new request from an activated device in, its refresh file out. */
export function deviceRefreshPage(): PageContent {
  return {
    title: 'Refresh a device license',
    lead: 'An activated device writes a new request to fetch the current revision of its license.',
    readsQrCodes: true,
    main: section(
      { id: 'refresh', title: 'Request from the activated device' },
      apiForm({
        id: 'refresh-device',
        api: '/v1/portal/refreshes',
        requireOneOf: { field: 'request', message: 'Choose the request’s file, paste it or read its QR codes first.' },
        then: {
          download: { field: 'text', filename: 'device-refresh-{activationId}.txt' },
          message: 'Revision {revision} ready: take the refresh file back to the device.',
        },
        fields: documentFields('refresh-device', 'request', 'Request file'),
        buttons: submitButton('Get the refresh file'),
      }),
    ),
  };
}

/** The device portal's deactivation: the file a device wrote when it gave up its license. */
export function deviceDeactivatePage(): PageContent {
  return {
    title: 'Deactivate a device',
    lead: 'A device that gave up its license wrote a deactivation file: uploading it frees the activation and counts what the device consumed.',
    readsQrCodes: true,
    main: section(
      { id: 'deactivate', title: 'Deactivation file' },
      apiForm({
        id: 'deactivate-device',
        api: '/v1/portal/deactivations',
        requireOneOf: { field: 'file', message: 'Choose the deactivation file, paste it or read its QR codes first.' },
        then: { message: 'Activation {activationId} of license {licenseId} is free again.' },
        fields: documentFields('deactivate-device', 'file', 'Deactivation file'),
        buttons: submitButton('Deactivate'),
      }),
    ),
  };
}

/**
 * The device portal's typed codes (docs/devices.md, "Activation by typed codes"): for a device
 * neither a file nor a camera can reach, the person types the license key and the code the
 * device shows, and reads back the code to type into it.
 */
export function deviceCodesPage(): PageContent {
  const activate = formFields('activate-by-code');
  const deactivate = formFields('deactivate-by-code');
  const keyField = (f: typeof activate) =>
    f.text({
      name: 'licenseKey',
      label: 'License key',
      required: true,
      spellcheck: false,
      autocomplete: 'off',
      maxLength: 64,
      hint: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX, as you received it.',
    });
  return {
    title: 'Activate a device by code',
    lead: 'For a device that can neither read a file nor a QR code: type the codes it shows, and type back the code you get here. Letters may be typed in either case; spaces and hyphens do not matter.',
    main: html`${section(
      { id: 'activate', title: 'Activation' },
      apiForm({
        id: 'activate-by-code',
        api: '/v1/portal/code-activations',
        then: { message: 'Activated. Type this activation code into the device: {activationCode}' },
        fields: html`${keyField(activate)}${activate.text({ name: 'initializationCode', label: 'Initialization code', required: true, spellcheck: false, autocomplete: 'off', maxLength: 64, hint: 'XXXX-XXXX-XXXX-XXXX, as the device shows it.' })}`,
        buttons: submitButton('Get the activation code'),
      }),
    )}${section(
      { id: 'deactivate', title: 'Deactivation' },
      apiForm({
        id: 'deactivate-by-code',
        api: '/v1/portal/code-deactivations',
        then: { message: 'Activation {activationId} of license {licenseId} is free again.' },
        fields: html`${keyField(deactivate)}${deactivate.text({ name: 'deactivationCode', label: 'Deactivation code', required: true, spellcheck: false, autocomplete: 'off', maxLength: 64, hint: 'XXXX-XXXX-XXXX-XXXX, as the device showed it when its license was given up.' })}`,
        buttons: submitButton('Free the activation'),
      }),
    )}`,
  };
}

/** A customer's device licenses, in the portal, a page at a time. */
export async function portalDeviceLicensesPage(context: PageContext): Promise<PageContent> {
  const api = path`/v1/customers/${context.customerId}/device-licenses`;
  const state = listState('/portal/device-licenses', context.query);
  const page = await context.api.get<ListPage<DeviceLicense>>(`${api}?${listApiQuery(state, LICENSES_PER_PAGE)}`);
  return {
    title: 'Device licenses',
    lead: html`Devices activate these themselves, or through the <a href="/devices">device portal</a> when they are offline.`,
    main: section(
      { id: 'licenses', title: 'Licenses' },
      pagedTable({
        state,
        page,
        caption: 'Device licenses',
        defaultSort: '-createdAt',
        noun: ['device license', 'device licenses'],
        empty: 'No device license yet.',
        search: { label: 'Find a device license', placeholder: 'License id begins with…' },
        csv: `${api}?format=csv`,
        columns: deviceLicenseColumns(),
      }),
    ),
  };
}

/** A period as a person reads it: whole days, else hours, else minutes; `none` for 0. */
function duration(ms: number): string {
  if (ms === 0) return 'none';
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (ms % 86_400_000 === 0) return plural(ms / 86_400_000, 'day');
  if (ms % 3_600_000 === 0) return plural(ms / 3_600_000, 'hour');
  return plural(Math.round(ms / 60_000), 'minute');
}
