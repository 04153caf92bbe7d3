/**
 * The events a webhook can receive: the audit actions worth telling the vendor's other tools
 * about (README, "Webhooks"). The type of an event is the action of its audit record, and the
 * list is an allow-list: sign-ins, passwords, API tokens, keys and backups are audited but never
 * leave the authority, and an action added later flows to webhooks only once it is listed here.
 */
export interface EventType {
  readonly type: string;
  readonly description: string;
}

export const eventCatalogue: readonly EventType[] = [
  { type: 'customer.create', description: 'A customer was created.' },
  { type: 'customer.update', description: "A customer's name, contact, policy, account end or settings changed." },
  { type: 'customer.entitlements.replace', description: "A customer's purchased entitlements were replaced." },
  { type: 'customer.static-licenses', description: 'Static licenses were issued to a customer.' },
  { type: 'customer.account-expiring', description: "A customer's account ends soon (recorded by the expiry scanner)." },
  { type: 'customer-user.create', description: 'A portal user was added to a customer.' },
  { type: 'customer-user.remove', description: 'A portal user was removed from a customer.' },
  { type: 'offline-request.create', description: 'A customer asked for offline licensing.' },
  { type: 'offline-request.approve', description: 'An offline licensing request was approved.' },
  { type: 'offline-request.deny', description: 'An offline licensing request was denied.' },
  { type: 'site.register', description: 'A site was registered to a customer.' },
  { type: 'site.key-learned', description: "A site's signing key was learned from its first LFR." },
  { type: 'site.rebaseline-accept', description: "A site's declared ledger restore was accepted." },
  { type: 'site.rebaseline-refuse', description: "A site's declared ledger restore was refused." },
  { type: 'site.olf-due', description: 'A site tenant is due for a new OLF (recorded by the expiry scanner).' },
  { type: 'enablement-token.issue', description: 'An enablement token was issued for a site.' },
  {
    type: 'lfr.upload',
    description:
      'A license file request was received; `data.after.late` and `data.after.rollback` say whether the site was late or reported a ledger rollback.',
  },
  { type: 'olf.issue', description: 'An offline license file was issued.' },
  { type: 'product.create', description: 'A product was created.' },
  { type: 'product.trial-set', description: "A product's trial offer was set." },
  { type: 'product.trial-withdraw', description: "A product's trial offer was withdrawn." },
  { type: 'license-type.create', description: 'A license type was created.' },
  { type: 'policy.create', description: 'A licensing policy was created.' },
  { type: 'device-license.create', description: 'A device license was created.' },
  { type: 'device-license.edit', description: "A device license's settings changed." },
  { type: 'device-license.reset', description: "A device license's activations were all released." },
  { type: 'device-license.suspend', description: 'A device license was suspended.' },
  { type: 'device-license.resume', description: 'A suspended device license was resumed.' },
  { type: 'device-license.user-add', description: 'A named user was added to a device license.' },
  { type: 'device-license.user-remove', description: 'A named user was removed from a device license.' },
  { type: 'device-license.expiring', description: 'A device license ends soon (recorded by the expiry scanner).' },
  { type: 'device.activate', description: 'A device activated a license.' },
  { type: 'device.reactivate', description: 'A device activated a license it held before.' },
  { type: 'device.deactivate', description: 'A device released its activation.' },
  { type: 'device.vendor-deactivate', description: 'The vendor deactivated a device.' },
  { type: 'device.block', description: 'A device was blocked from a license.' },
  { type: 'device.unblock', description: 'A blocked device was unblocked.' },
  { type: 'device.refresh-file', description: 'A device license file was refreshed.' },
  { type: 'device.usage-report', description: 'A device reported its metered usage.' },
  { type: 'device.trial-start', description: 'A device started a trial.' },
  { type: 'device.trial-resume', description: 'A device resumed its trial.' },
  { type: 'device.trial-replace', description: "A device's trial was replaced by a license." },
  { type: 'order.create', description: 'An order was created (its license letter is queued).' },
  { type: 'order.activate', description: 'An order was activated into a license.' },
  { type: 'order.letter.resend', description: "An order's license letter was queued again." },
  { type: 'order.letter.sent', description: 'A license letter left the mail outbox.' },
  { type: 'order.letter.failed', description: 'A license letter could not be sent and was given up.' },
  { type: 'webhook.disabled', description: 'A webhook endpoint was disabled automatically after failing for too long.' },
];

const known = new Set(eventCatalogue.map((event) => event.type));

/** Whether an audit action is published to webhooks at all. */
export function isPublishedEvent(type: string): boolean {
  return known.has(type);
}

/**
 * Whether an endpoint subscribed to `patterns` receives `type`: a pattern is an exact type,
 * `prefix.*` (every type that starts with `prefix.`), or `*` (every type in the catalogue).
 *
 * @example
 * ```ts
 * subscribes(['device.*'], 'device.activate'); // true
 * subscribes(['device.*'], 'device-license.create'); // false
 * ```
 */
export function subscribes(patterns: readonly string[], type: string): boolean {
  if (!isPublishedEvent(type)) return false;
  return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
}

/**
 * The patterns an endpoint may subscribe to: `*`, an exact type of the catalogue, or a prefix
 * that matches at least one of them. Returns the first one that is not, or undefined.
 */
export function unknownPattern(patterns: readonly string[]): string | undefined {
  return patterns.find((pattern) => !eventCatalogue.some((event) => subscribes([pattern], event.type)));
}
