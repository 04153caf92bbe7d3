import { describe, expect, it } from 'vitest';
import { composeLicenseLetter, escapeHtml } from './license-letter.ts';

const input = {
  customerId: 'acme',
  customerName: 'Acme "R&D" <script>alert(1)</script>',
  orderId: '5d0c8a3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f',
  lrn: 'LRN-7K3Q-M2ZD-09XA-HV4T',
  items: [
    { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' as const, productName: 'Automation', licenseTypeName: 'Bot <Runner>' },
    {
      product: 'automation',
      licenseType: 'bot-creator',
      quantity: 1,
      kind: 'pilot' as const,
      expiresOn: '2026-12-23',
      productName: 'Automation',
      licenseTypeName: 'Bot Creator',
    },
  ],
};

describe('the license letter', () => {
  it('names the LRN in the subject, and in both parts with the items and how to activate', () => {
    const letter = composeLicenseLetter({ ...input, publicUrl: 'https://licenses.vendor.test/' });
    expect(letter.subject).toBe('Your license letter: LRN-7K3Q-M2ZD-09XA-HV4T');
    expect(letter.text).toBe(
      [
        'Hello Acme "R&D" <script>alert(1)</script>,',
        '',
        'Your order 5d0c8a3e-1b2f-4c5d-8e9f-0a1b2c3d4e5f is ready to activate. Its License Reference Number (LRN) is:',
        '',
        '    LRN-7K3Q-M2ZD-09XA-HV4T',
        '',
        'What the order grants:',
        '  - Automation, Bot <Runner> (automation/bot-runner): 5, permanent',
        '  - Automation, Bot Creator (automation/bot-creator): 1, pilot until 2026-12-23',
        '',
        'How to activate it:',
        "  1. On the site that is to hold these licenses, open the tenant's license page and copy its Registration Key (RK), 16 characters such as XXXX-XXXX-XXXX-XXXX.",
        '  2. Sign in to the customer portal (https://licenses.vendor.test/portal/orders), open Orders, and enter this LRN and that RK under "Activate an order for a site": the portal gives you the activated license file.',
        '  3. Install the activated license file you receive on the site: it applies without a restart.',
        '',
        'An LRN activates one site tenant only: use it with the RK of the tenant that is to hold these licenses. Activating it again with the same RK gives the same license file.',
        '',
        'Keep this letter: the LRN is what activates the order.',
        '',
      ].join('\n'),
    );
    expect(letter.html).toContain('>LRN-7K3Q-M2ZD-09XA-HV4T</p>');
    expect(letter.html).toContain('<li>Automation, Bot Creator (automation/bot-creator): 1, pilot until 2026-12-23</li>');
  });

  it('escapes every outside text in the HTML part', () => {
    const { html } = composeLicenseLetter(input);
    expect(html).toContain('Hello Acme &quot;R&amp;D&quot; &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).toContain('Bot &lt;Runner&gt;');
    expect(html).not.toMatch(/<script|<Runner/);
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('names the customer portal without an address when the public address is not configured, and never a vendor command', () => {
    const { text, html } = composeLicenseLetter(input);
    expect(text).toContain('2. Sign in to the customer portal, open Orders, and enter this LRN and that RK');
    expect(`${text}${html}`).not.toMatch(/airlock order|\/v1\//);
  });
});

describe('a branded license letter', () => {
  const brand = { name: 'Vendor <Licensing>', primaryColour: '#aa3300', supportEmail: 'help@vendor.test' };

  it('carries the brand’s name and support address in both parts, escaped in the HTML', () => {
    const { subject, text, html } = composeLicenseLetter({ ...input, brand });
    expect(subject).toBe('Your license letter: LRN-7K3Q-M2ZD-09XA-HV4T');
    expect(text.endsWith('Keep this letter: the LRN is what activates the order.\n\nQuestions? Write to help@vendor.test.\n\nVendor <Licensing>\n')).toBe(true);
    expect(html).toContain(
      '<div style="background: #aa3300; color: #ffffff; padding: 0.6em 1em; font-weight: bold; font-size: 1.2em">Vendor &lt;Licensing&gt;</div>',
    );
    expect(html).toContain('<a href="mailto:help@vendor.test">help@vendor.test</a>');
    expect(html).not.toContain('<Licensing>');
  });

  it('keeps its own colour for one that is not #rrggbb, and says nothing of support without an address', () => {
    const { text, html } = composeLicenseLetter({ ...input, brand: { ...brand, primaryColour: 'red;background:url(x)', supportEmail: null } });
    expect(html).not.toContain('url(x)');
    expect(html).toContain('background: #1f4e79');
    expect([text.includes('Questions?'), html.includes('mailto:')]).toEqual([false, false]);
  });
});
