import { apiForm, dataTable, dateTime, formFields, html, path, section, submitButton, type SafeHtml } from '@airlock/web';
import { mayChange } from '../permissions.ts';
import type { PageContent, PageContext } from '../site-pages.ts';
import { deprovisionButton } from './attempt-view.ts';
import { tenantCrumbs } from './crumbs.ts';
import { usageBar } from './words.ts';
import type { TenantUsage } from '../api-types.ts';

type SeatUse = TenantUsage['seats'][number];

/** Moving one user's seat of a type to another user. */
function reassignForm(tenant: string, seat: SeatUse, index: number): SafeHtml {
  const id = `reassign-${index}`;
  const f = formFields(id);
  return apiForm({
    id,
    api: path`/v1/tenants/${tenant}/seats/${seat.type}/reassign`,
    className: 'inline',
    then: { reload: true, message: `Seat of ${seat.type} moved from {from} to {to}.` },
    fields: html`${f.select({ name: 'from', label: 'From user', required: true, options: seat.users.map(({ user }) => ({ value: user, label: user })) })}${f.text({ name: 'to', label: 'To user', required: true, maxLength: 200, spellcheck: false, autocomplete: 'off' })}`,
    buttons: submitButton('Reassign the seat', { variant: 'secondary' }),
  });
}

function seatSection(tenant: string, seat: SeatUse, index: number, changes: boolean): SafeHtml {
  const table = dataTable({
    caption: `Users holding a seat of ${seat.type}`,
    captionHidden: true,
    rows: seat.users.map((holder, position) => ({ ...holder, position })),
    empty: 'No user holds a seat of this type.',
    columns: [
      { header: 'User', cell: (holder) => holder.user, rowHeader: true },
      { header: 'Since', cell: (holder) => dateTime(holder.since) },
      ...(changes
        ? [
            {
              header: 'Action',
              cell: (holder: { user: string; position: number }) => deprovisionButton(tenant, holder.user, `deprovision-${index}-${holder.position}`),
            },
          ]
        : []),
    ],
  });
  return section(
    { id: `seat-${index}`, title: `Seats of ${seat.type}`, actions: usageBar(seat.type, seat.used, seat.limit) },
    html`${table}${changes && seat.users.length > 0 ? reassignForm(tenant, seat, index) : ''}`,
  );
}

/**
 * Users and seats of a tenant (docs/design.md, F3): per license type, who holds a seat since when, with a
 * button to de-provision each user and a form to move a seat to another user.
 */
export async function seatsPage(context: PageContext, tenant: string): Promise<PageContent> {
  const usage = await context.api.get<TenantUsage>(path`/v1/tenants/${tenant}/usage?events=0`);
  const changes = context.me !== null && mayChange(context.me, tenant);
  const body =
    usage.seats.length === 0
      ? section({ id: 'seats', title: 'Seats' }, html`<p class="empty">No seat type is licensed or in use.</p>`)
      : html`${usage.seats.map((seat, index) => seatSection(tenant, seat, index, changes))}`;
  return {
    title: `Users and seats of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    lead: changes
      ? 'Licensed applications check seats out for their users. De-provisioning a user frees every seat they hold in this tenant; reassigning moves one seat to another user.'
      : 'Licensed applications check seats out for their users. Changes are for the tenant’s administrators.',
    main: body,
  };
}
