import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { orderTables } from './order-tables.ts';
import { placeOrder, seedOrderCatalogue } from './testing/order-fixtures.ts';

const PUBLIC_URL = 'https://licenses.vendor.test';
const items = [{ product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }] as const;

/** License letters carry the brand of the portal their links lead to, as its pages do. */
describeEachStore(
  'branded license letters',
  (context) => {
    const letterOf = (orderId: string) =>
      orderTables(context().database.db)
        .selectFrom('mail_outbox')
        .select(['subject', 'text_body', 'html_body'])
        .where('order_id', '=', orderId)
        .orderBy('seq')
        .execute();

    beforeAll(async () => {
      await seedOrderCatalogue(context().request);
    });

    it('stays unbranded while the public address has no brand of its own', async () => {
      const order = await placeOrder(context().request, 'acme', items);
      const [letter] = await letterOf(order.id);
      expect(letter!.text_body.trimEnd().endsWith('Keep this letter: the LRN is what activates the order.')).toBe(true);
      expect(letter!.html_body).not.toContain('mailto:');
    });

    it('names the brand, in its colour, with its support address as a mailto link, on new letters and letters sent again', async () => {
      const { request } = context();
      const brand = await request({
        method: 'PUT',
        url: '/v1/branding/licenses.vendor.test',
        payload: {
          name: 'Vendor & Co Licensing',
          logoUrl: 'https://vendor.test/logo.svg',
          colors: { primary: '#aa3300', background: '#ffffff', text: '#111111' },
          supportEmail: 'help@vendor.test',
        },
      });
      expect(brand.statusCode, brand.body).toBe(200);
      const order = await placeOrder(request, 'acme', items);
      expect((await request({ method: 'POST', url: `/v1/customers/acme/orders/${order.id}/letters`, payload: {} })).statusCode).toBe(201);
      const letters = await letterOf(order.id);
      expect(letters).toHaveLength(2);
      for (const letter of letters) {
        expect(letter.text_body.trimEnd().split('\n').slice(-3)).toEqual(['Questions? Write to help@vendor.test.', '', 'Vendor & Co Licensing']);
        expect(letter.html_body).toContain(
          '<div style="background: #aa3300; color: #ffffff; padding: 0.6em 1em; font-weight: bold; font-size: 1.2em">Vendor &amp; Co Licensing</div>',
        );
        expect(letter.html_body).toContain('<p>Questions? Write to <a href="mailto:help@vendor.test">help@vendor.test</a>.</p>');
        expect(letter.html_body).toContain(`; color: #aa3300">${order.lrn}</p>`);
      }
    });
  },
  { mail: { publicUrl: PUBLIC_URL } },
);
