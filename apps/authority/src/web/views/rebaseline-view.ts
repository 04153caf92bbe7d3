import { apiForm, code, dataTable, dateTime, html, notice, path, section, statusBadge, submitButton, type SafeHtml } from '@airlock/web';

/** A re-baseline as `GET /v1/sites/{siteGuid}/rebaselines` answers it. */
export interface SiteRebaseline {
  readonly lfrId: string;
  readonly tenant: string;
  readonly status: 'pending' | 'accepted' | 'refused';
  readonly reached: { readonly sequence: number; readonly head: string };
  readonly restored: { readonly sequence: number; readonly head: string };
  readonly lost: number;
  readonly recorded: { readonly sequence: number; readonly head: string } | null;
  readonly receivedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

const tones = { pending: 'warn', accepted: 'ok', refused: 'bad' } as const;

/**
 * The console's view of a site's restores from backups: each pending one says what the site
 * lost and offers Accept (the OLF answering its LFR can then be issued, and re-baselines the
 * site) and Refuse; decided ones are listed below. Empty when the site was never restored.
 */
export function rebaselineSection(siteGuid: string, rebaselines: readonly SiteRebaseline[]): SafeHtml {
  if (rebaselines.length === 0) return html``;
  const pending = rebaselines.filter((rebaseline) => rebaseline.status === 'pending');
  const decide = (rebaseline: SiteRebaseline, decision: 'accept' | 'refuse') =>
    apiForm({
      id: `rebaseline-${decision}-${rebaseline.lfrId}`,
      api: path`/v1/sites/${siteGuid}/rebaselines/${rebaseline.lfrId}/${decision}`,
      then: { reload: true, message: decision === 'accept' ? 'Re-baseline accepted: issue the OLF for its LFR.' : 'Re-baseline refused.' },
      fields: '',
      buttons: submitButton(decision === 'accept' ? 'Accept' : 'Refuse'),
    });
  const notices = pending.map((rebaseline) =>
    notice(
      html`
    <p><strong>Restored from backup:</strong> tenant ${rebaseline.tenant}'s ledger went back from sequence ${rebaseline.reached.sequence} to ${rebaseline.restored.sequence}; ${rebaseline.lost} events lost.
    The authority had recorded sequence ${rebaseline.recorded?.sequence ?? 'none'}. Its LFR ${code(rebaseline.lfrId)} waits for your decision: accepting lets its OLF be issued, which re-baselines the site.</p>
    <div class="actions">${decide(rebaseline, 'accept')}${decide(rebaseline, 'refuse')}</div>`,
      { tone: 'warn' },
    ),
  );
  const table = dataTable({
    caption: 'Restores from backups',
    rows: rebaselines,
    empty: 'None.',
    columns: [
      { header: 'Tenant', cell: (rebaseline) => rebaseline.tenant },
      { header: 'LFR', cell: (rebaseline) => code(rebaseline.lfrId) },
      { header: 'Ledger went back', cell: (rebaseline) => `${rebaseline.reached.sequence} → ${rebaseline.restored.sequence}` },
      { header: 'Events lost', cell: (rebaseline) => rebaseline.lost, numeric: true },
      { header: 'Received', cell: (rebaseline) => dateTime(rebaseline.receivedAt) },
      { header: 'Status', cell: (rebaseline) => statusBadge(rebaseline.status, tones[rebaseline.status]) },
      { header: 'Decided', cell: (rebaseline) => (rebaseline.decidedAt ? html`${dateTime(rebaseline.decidedAt)} by ${rebaseline.decidedBy ?? ''}` : '–') },
    ],
  });
  return section({ id: 'rebaselines', title: 'Restores from backups' }, html`${notices}${table}`);
}
