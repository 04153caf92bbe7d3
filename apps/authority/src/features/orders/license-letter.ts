import type { LicenseItem } from '@airlock/core';

/** One item as the letter shows it: the catalogue's names beside the ids. */
export interface LetterItem extends LicenseItem {
  readonly productName: string;
  readonly licenseTypeName: string;
}

export interface LicenseLetterInput {
  readonly customerId: string;
  readonly customerName: string;
  readonly orderId: string;
  readonly lrn: string;
  readonly items: readonly LetterItem[];
  /** The authority's address as customers reach it (`AIRLOCK_PUBLIC_URL`), for the links; else the paths alone. */
  readonly publicUrl?: string | undefined;
  /** The portal's brand under that address, as the branded pages show it; unbranded without one. */
  readonly brand?: LetterBrand | undefined;
}

/** What a letter shows of a portal brand: its name, its primary colour (`#rrggbb`) and its support address. */
export interface LetterBrand {
  readonly name: string;
  readonly primaryColour: string;
  readonly supportEmail: string | null;
}

export interface LicenseLetter {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * The license letter of an order (docs/design.md, F5), in plain text and in HTML with the same content:
 * the LRN first and large, the items, and how to activate them with a site's Registration Key.
 * With a brand, the letter carries its name (a header bar in its colour, and signed with it) and
 * its support address, as the branded portal pages do. Everything that comes from outside
 * (names, ids, the brand) is escaped in the HTML part.
 *
 * @example
 * ```ts
 * const { subject, text, html } = composeLicenseLetter({ customerId: 'acme', customerName: 'Acme', orderId, lrn, items });
 * ```
 */
export function composeLicenseLetter(input: LicenseLetterInput): LicenseLetter {
  const base = input.publicUrl?.replace(/\/+$/, '') ?? '';
  // Customers activate in the portal, signed in as themselves: `airlock order activate` needs a vendor's token.
  const steps = [
    "On the site that is to hold these licenses, open the tenant's license page and copy its Registration Key (RK), 16 characters such as XXXX-XXXX-XXXX-XXXX.",
    `Sign in to the customer portal${base ? ` (${base}/portal/orders)` : ''}, open Orders, and enter this LRN and that RK under "Activate an order for a site": the portal gives you the activated license file.`,
    'Install the activated license file you receive on the site: it applies without a restart.',
  ];
  const caution =
    'An LRN activates one site tenant only: use it with the RK of the tenant that is to hold these licenses. Activating it again with the same RK gives the same license file.';
  const subject = `Your license letter: ${input.lrn}`;
  const brand = input.brand;
  // A colour that is not `#rrggbb` keeps the letter's own, as the pages keep the kit's.
  const colour = brand && /^#[0-9a-fA-F]{6}$/.test(brand.primaryColour) ? brand.primaryColour : null;
  const support = brand?.supportEmail ? `Questions? Write to ${brand.supportEmail}.` : null;

  const text = [
    `Hello ${input.customerName},`,
    '',
    `Your order ${input.orderId} is ready to activate. Its License Reference Number (LRN) is:`,
    '',
    `    ${input.lrn}`,
    '',
    'What the order grants:',
    ...input.items.map((item) => `  - ${describeItem(item)}`),
    '',
    'How to activate it:',
    ...steps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    caution,
    '',
    'Keep this letter: the LRN is what activates the order.',
    '',
    ...(support ? [support, ''] : []),
    ...(brand ? [brand.name, ''] : []),
  ].join('\n');

  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...(brand
      ? [
          `<div style="background: ${colour ?? '#1f4e79'}; color: #ffffff; padding: 0.6em 1em; font-weight: bold; font-size: 1.2em">${escapeHtml(brand.name)}</div>`,
        ]
      : []),
    `<p>Hello ${escapeHtml(input.customerName)},</p>`,
    `<p>Your order <code>${escapeHtml(input.orderId)}</code> is ready to activate. Its License Reference Number (LRN) is:</p>`,
    `<p style="font-size: 1.6em; font-family: monospace; font-weight: bold; letter-spacing: 0.05em${colour ? `; color: ${colour}` : ''}">${escapeHtml(input.lrn)}</p>`,
    '<h3>What the order grants</h3>',
    `<ul>${input.items.map((item) => `<li>${escapeHtml(describeItem(item))}</li>`).join('')}</ul>`,
    '<h3>How to activate it</h3>',
    `<ol>${steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>`,
    `<p>${escapeHtml(caution)}</p>`,
    '<p>Keep this letter: the LRN is what activates the order.</p>',
    ...(brand?.supportEmail ? [`<p>Questions? Write to <a href="mailto:${escapeHtml(brand.supportEmail)}">${escapeHtml(brand.supportEmail)}</a>.</p>`] : []),
    ...(brand ? [`<p style="color: #555555">${escapeHtml(brand.name)}</p>`] : []),
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}

/** `Automation, Bot Runner (automation/bot-runner): 5, term until 2027-11-22`. */
function describeItem(item: LetterItem): string {
  const kind = item.kind === 'permanent' ? 'permanent' : `${item.kind} until ${item.expiresOn ?? '?'}`;
  return `${item.productName}, ${item.licenseTypeName} (${item.product}/${item.licenseType}): ${item.quantity}, ${kind}`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe inside HTML elements and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('Acme & <Sons>'); // 'Acme &amp; &lt;Sons&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
