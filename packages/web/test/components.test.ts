import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeGaps, convertValue, describeValue, fillTemplate, getPath, labelOf, safeFileName, setPath } from '../assets/forms.js';
import {
  apiForm,
  brandStylesheet,
  countdown,
  dataTable,
  defaultBrand,
  definitionList,
  describeCountdown,
  formatDateTime,
  formFields,
  html,
  isAllowedLogoSource,
  lineChart,
  listApiQuery,
  listPreview,
  listState,
  lookupField,
  niceStep,
  page,
  pagedTable,
  problemNotice,
  readableOn,
  statusBadge,
} from '../src/index.ts';

const assets = { stylesheet: '/assets/airlock.css?v=1', script: '/assets/airlock.js?v=2', qrDecoder: '/assets/jsqr.js?v=3' };

describe('the page layout', () => {
  const render = (options: Partial<Parameters<typeof page>[0]> = {}) =>
    page({
      title: 'Customers <all>',
      brand: defaultBrand,
      brandStylesheet: '/brand.css?v=9',
      assets,
      now: new Date('2026-11-23T10:00:00Z'),
      main: html`<p>content</p>`,
      ...options,
    }).markup;

  it('has a skip link to the main landmark, one h1, the server time for countdowns, and only same-origin scripts and styles', () => {
    const markup = render();
    expect(markup).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(markup).toContain('<a class="skip-link" href="#main">Skip to main content</a>');
    expect(markup).toContain('<main id="main" tabindex="-1">');
    expect(markup.match(/<h1>/g)).toHaveLength(1);
    expect(markup).toContain('<h1>Customers &lt;all&gt;</h1>');
    expect(markup).toContain('<title>Customers &lt;all&gt; · Airlock</title>');
    expect(markup).toContain('<meta name="airlock-now" content="2026-11-23T10:00:00.000Z">');
    expect(markup).toContain('<script type="module" src="/assets/airlock.js?v&#61;2"></script>');
    expect(markup).not.toContain('jsqr');
    expect(markup).not.toMatch(/<script>|<style|\sstyle="|\son[a-z]+="/);
  });

  it('marks the current navigation item, shows who is signed in, and loads the QR decoder only where asked', () => {
    const markup = render({
      nav: [
        { href: '/console/customers', label: 'Customers' },
        { href: '/console/keys', label: 'Keys' },
      ],
      currentPath: '/console/customers/acme',
      account: { label: 'admin@localhost', signOutApi: '/v1/auth/logout', afterSignOut: '/console/sign-in' },
      readsQrCodes: true,
    });
    expect(markup).toContain('<li><a href="/console/customers" aria-current="page">Customers</a></li><li><a href="/console/keys">Keys</a></li>');
    expect(markup).toContain(
      '<span class="account-name">admin@localhost</span><button type="button" class="button button-header" data-sign-out="/v1/auth/logout" data-after-sign-out="/console/sign-in">Sign out</button>',
    );
    expect(markup).toContain('<script src="/assets/jsqr.js?v&#61;3" defer></script>');
  });

  it('shows the brand’s support address as a mailto link only where asked, and never a link that could add headers', () => {
    const brand = { ...defaultBrand, name: 'Vendor', supportEmail: 'help@vendor.test' };
    expect(render({ brand, showSupport: true })).toContain(
      '<footer class="site-footer"><p>Vendor · All times are UTC. · Support: <a class="support-email" href="mailto:help@vendor.test">help@vendor.test</a></p></footer>',
    );
    expect(render({ brand })).not.toContain('Support:');
    expect(render({ brand: { ...brand, supportEmail: null }, showSupport: true })).not.toContain('Support:');
    const crafted = render({ brand: { ...brand, supportEmail: 'a@b.test?bcc=all@x.test' }, showSupport: true });
    expect(crafted).toContain('Support: <span class="support-email">a@b.test?bcc&#61;all@x.test</span>');
    expect(crafted).not.toContain('mailto:');
  });
});

describe('brands', () => {
  it('writes the colours as custom properties and never lets a setting inject CSS', () => {
    expect(brandStylesheet(defaultBrand)).toBe(':root {\n  --brand-primary: #1f4e79;\n  --brand-on-primary: #ffffff;\n  --brand-accent: #f2a900;\n}\n');
    const hostile = {
      ...defaultBrand,
      colours: {
        primary: 'red;} body{display:none' as `#${string}`,
        onPrimary: '#000' as const,
        accent: '#abc' as const,
        background: '#fff;x' as `#${string}`,
        text: '#101010' as const,
      },
    };
    expect(brandStylesheet(hostile)).toBe(':root {\n  --brand-primary: #1f4e79;\n  --brand-on-primary: #000;\n  --brand-accent: #abc;\n  --ink: #101010;\n}\n');
    fc.assert(
      fc.property(fc.string(), (value) => {
        const css = brandStylesheet({ ...defaultBrand, colours: { ...defaultBrand.colours, primary: value as `#${string}` } });
        expect(css).toMatch(/^:root \{\n( {2}--[a-z-]+: #[0-9a-fA-F]{3,6};\n)+\}\n$/);
      }),
    );
  });

  it('picks the text colour that reads on a background', () => {
    expect(['#1f4e79', '#000000', '#f2a900', '#ffffff', '#777'].map((colour) => readableOn(colour as `#${string}`))).toEqual([
      '#ffffff',
      '#ffffff',
      '#1a1a1a',
      '#1a1a1a',
      '#ffffff',
    ]);
  });

  it('allows logos from the app’s origin or inline images only', () => {
    expect(
      [
        '/logo.svg',
        'data:image/png;base64,iVBORw0KGgo=',
        'https://cdn.example/logo.svg',
        '//evil/logo.png',
        'javascript:alert(1)',
        'data:text/html;base64,PGI+',
        '/a"b',
      ].map(isAllowedLogoSource),
    ).toEqual([true, true, false, false, false, false, false]);
  });
});

describe('content components', () => {
  it('renders a table with a caption, scoped headers and escaped cells, or a sentence when empty', () => {
    const table = dataTable({
      caption: 'Products',
      rows: [{ id: 'a<b', count: 3 }],
      empty: 'None.',
      columns: [
        { header: 'Id', cell: (row) => row.id, rowHeader: true },
        { header: 'Count', cell: (row) => row.count, numeric: true },
      ],
    }).markup;
    expect(table).toBe(
      '<div class="table-scroll" role="region" tabindex="0" aria-label="Products"><table>\n<caption>Products</caption>\n<thead><tr><th scope="col">Id</th><th scope="col" class="numeric">Count</th></tr></thead>\n<tbody><tr><th scope="row">a&lt;b</th><td class="numeric">3</td></tr></tbody>\n</table></div>',
    );
    expect(dataTable({ caption: 'X', rows: [], empty: 'No products yet.', columns: [] }).markup).toBe('<p class="empty">No products yet.</p>');
    expect(dataTable({ caption: 'Named', captionHidden: true, rows: [1], empty: '', columns: [{ header: 'N', cell: (n) => n }] }).markup).toContain(
      '<table aria-label="Named">\n\n<thead>',
    );
  });

  it('renders facts, badges and refusals as text', () => {
    expect(definitionList([['Customer', 'Acme & co']]).markup).toBe('<dl class="facts"><div><dt>Customer</dt><dd>Acme &amp; co</dd></div></dl>');
    expect(statusBadge('approved', 'ok').markup).toBe('<span class="badge badge-ok">approved</span>');
    expect(
      problemNotice({
        status: 422,
        code: 'SEAT_REDUCTION_BELOW_USE',
        detail: 'Too few <seats>.',
        requestId: 'r-1',
        errors: { violations: [{ type: 'bot-runner', used: 3, limit: 2, users: ['ada', 'bo', 'cy'] }], siteGuid: 'g' },
      }).markup,
    ).toBe(
      '<div class="form-alert" role="alert"><p class="problem-title">Too few &lt;seats&gt;.</p><p>Code <span class="problem-code">SEAT_REDUCTION_BELOW_USE</span> · request r-1</p><ul class="problem-facts"><li>Violations:<ul><li>bot-runner: used 3, limit 2, users ada, bo, cy</li></ul></li><li>Site guid: g</li></ul></div>',
    );
  });
});

describe('paged tables', () => {
  const columns = [
    { header: 'Name', sortKey: 'name', cell: (row: { name: string }) => row.name, rowHeader: true },
    { header: 'Kind', cell: (row: { name: string }) => row.name.length },
  ];
  const options = { caption: 'Sites', defaultSort: 'name', noun: ['site', 'sites'] as const, empty: 'No site yet.', columns };

  it('sorts by a header, says which way, counts, pages and links the CSV', () => {
    const state = listState('/console/sites', { sort: '-name', after: 'c2', back: '.' });
    const markup = pagedTable({
      ...options,
      state,
      page: { items: [{ name: 'b' }], next: 'c3', total: 2 },
      search: { label: 'Find a site' },
      csv: '/v1/sites?format=csv',
    }).markup;
    expect(markup).toContain('<th scope="col" aria-sort="descending"><a href="/console/sites?sort&#61;name">Name ▼');
    expect(markup).toContain('<th scope="col">Kind</th>');
    expect(markup).toContain('<span class="pager-summary">2 sites</span>');
    expect(markup).toContain('rel="prev" href="/console/sites?sort&#61;-name"');
    expect(markup).toContain('rel="next" href="/console/sites?sort&#61;-name&amp;after&#61;c3&amp;back&#61;.%2Cc2"');
    expect(markup).toContain('<a href="/v1/sites?format&#61;csv" download>Download every site as CSV</a>');
    expect(markup).toContain('<label for="list-q">Find a site</label>');
  });

  it("keeps the list's own filters in every link, the search form and the API query", () => {
    const state = listState('/console/audit', { actor: 'admin:alice', action: ' ', other: 'x', q: 'si', after: 'c2', back: '.' }, ['actor', 'action']);
    expect(state.filters).toEqual({ actor: 'admin:alice' });
    const markup = pagedTable({ ...options, state, page: { items: [{ name: 'b' }], next: 'c3' }, search: { label: 'Find' } }).markup;
    expect(markup).toContain('rel="next" href="/console/audit?actor&#61;admin%3Aalice&amp;q&#61;si&amp;after&#61;c3&amp;back&#61;.%2Cc2"');
    expect(markup).toContain('<a href="/console/audit?actor&#61;admin%3Aalice&amp;q&#61;si&amp;sort&#61;-name">Name');
    expect(markup).toContain('<input type="hidden" name="actor" value="admin:alice">');
    expect(listApiQuery(state, 50)).toBe('actor=admin%3Aalice&limit=50&q=si&after=c2');
    expect(listState('/s', { actor: 'a' }).filters).toBeUndefined();
  });

  it('says why a page is empty: nothing yet, nothing found, or no more', () => {
    const empty = (query: Record<string, string>) => pagedTable({ ...options, state: listState('/s', query), page: { items: [], next: null } }).markup;
    expect(empty({})).toContain('No site yet.');
    expect(empty({ q: 'zed' })).toContain('No site found for “zed”.');
    expect(empty({ after: 'x' })).toContain('No more sites.');
    expect(empty({})).not.toContain('list-search');
  });

  it('words a CSV link of its own for a list that exports a page, not every item', () => {
    const markup = pagedTable({
      ...options,
      state: listState('/s', {}),
      page: { items: [], next: null },
      csv: { href: '/v1/x?limit=500&format=csv', label: 'Download these as CSV' },
    }).markup;
    expect(markup).toContain('<a href="/v1/x?limit&#61;500&amp;format&#61;csv" download>Download these as CSV</a>');
  });

  it('previews the first items of a list with how many there are and a link to its own page, whose headers alone sort', () => {
    const preview = (page: { items: { name: string }[]; next: string | null; total?: number }) =>
      listPreview({ page, caption: 'Sites', noun: ['site', 'sites'], empty: 'No site yet.', all: '/c/acme/sites', columns }).markup;
    const some = preview({ items: [{ name: 'a' }, { name: 'b' }], next: 'c2', total: 12 });
    expect(some).toContain('2 of 12 sites. <a href="/c/acme/sites">All 12 sites');
    expect(some).toContain('<th scope="col">Name</th>');
    expect(preview({ items: [{ name: 'a' }], next: null, total: 1 })).toContain('<p class="list-more"><a href="/c/acme/sites">All 1 site');
    expect(preview({ items: [{ name: 'a' }], next: 'c2' })).toContain('The first 1 site. <a href="/c/acme/sites">All sites');
    const none = preview({ items: [], next: null, total: 0 });
    expect(none).toContain('No site yet.');
    expect(none).not.toContain('list-more');
  });

  it('draws a lookup field: a text control tied to its datalist, its hint, what it found and its refusal', () => {
    const markup = lookupField({ formId: 'new-license', name: 'customerId', label: 'Customer', lookup: '/v1/customers', required: true }).markup;
    expect(markup).toContain('<label for="new-license-customerId">Customer</label>');
    expect(markup).toContain('<input id="new-license-customerId" type="text" name="customerId" required list="new-license-customerId-options"');
    expect(markup).toContain('data-lookup="/v1/customers"');
    expect(markup).toContain('aria-describedby="new-license-customerId-hint new-license-customerId-found new-license-customerId-refusal"');
    expect(markup).toContain('<datalist id="new-license-customerId-options"></datalist>');
    expect(markup).toContain('<div class="form-alert" id="new-license-customerId-refusal" role="alert"></div>');
  });
});

describe('forms', () => {
  it('ties every control to its label and hint, with ids unique to the form', () => {
    const f = formFields('new-site');
    expect(f.text({ name: 'guid', label: 'Site GUID', required: true, hint: 'As the site shows it.' }).markup).toBe(
      '<div class="field"><label for="new-site-guid">Site GUID</label><input id="new-site-guid" type="text" name="guid" required aria-describedby="new-site-guid-hint"><p class="hint" id="new-site-guid-hint">As the site shows it.</p></div>',
    );
    expect(f.number({ name: 'entitlements.0.quantity', label: 'bot-runner', value: 2, min: 0, used: 3 }).markup).toBe(
      '<div class="field field-number"><label for="new-site-entitlements-0-quantity">bot-runner</label><input id="new-site-entitlements-0-quantity" type="number" inputmode="numeric" name="entitlements.0.quantity" data-value-type="integer" value="2" min="0" data-used="3" aria-describedby="new-site-entitlements-0-quantity-warning"><p class="field-warning" id="new-site-entitlements-0-quantity-warning" aria-live="polite"></p></div>',
    );
    expect(f.textarea({ name: 'text', label: 'Paste', optional: true, document: true }).markup).toContain(
      '<label for="new-site-text">Paste <span class="optional">(optional)</span></label><textarea id="new-site-text" name="text" data-optional="" rows="4" class="document-text" spellcheck="false" autocomplete="off">',
    );
    expect(f.file({ name: 'text', label: 'File' }).markup).toContain('<input id="new-site-text-file" type="file" name="text" data-read-as="text">');
    expect(f.qrReader({ into: 'new-site-text' }).markup).toContain('data-qr-images="new-site-text"');
  });

  it('describes the API call and what follows it in data attributes, next to its alert and status regions', () => {
    const form = apiForm({
      id: 'new-product',
      api: '/v1/products',
      then: { navigate: '/console/catalogue#{id}', message: 'Created.' },
      fields: '',
      submitLabel: 'Create',
    }).markup;
    expect(form).toContain(
      '<form class="api-form" id="new-product" method="post" data-api="/v1/products" data-method="POST" data-then="navigate" data-navigate="/console/catalogue#{id}" data-success="Created.">',
    );
    expect(form).toContain('<div class="form-alert" id="new-product-alert" role="alert"></div>');
    expect(form).toContain('<div class="form-status" id="new-product-status" role="status"></div>');
    expect(apiForm({ id: 'token', api: '/t', then: { download: { field: 'text', filename: 'token-{siteGuid}.txt' } }, fields: '' }).markup).toContain(
      'data-then="download" data-download-field="text" data-download-name="token-{siteGuid}.txt" data-success=""',
    );
    // A page that shows what the download changed is reloaded once the file is offered.
    expect(apiForm({ id: 'token', api: '/t', then: { download: { field: 'text', filename: 'token.txt' }, reload: true }, fields: '' }).markup).toContain(
      'data-success="" data-reload="true"',
    );
    expect(apiForm({ id: 'token', api: '/t', then: { download: { field: 'text', filename: 'token.txt' } }, fields: '' }).markup).not.toContain('data-reload');
  });
});

describe('the client script’s form data', () => {
  it('builds nested bodies from dotted paths, arrays from numeric segments', () => {
    const body: Record<string, unknown> = {};
    setPath(body, 'start', '2026-11-23');
    setPath(body, 'entitlements.0.type', 'bot-runner');
    setPath(body, 'entitlements.0.quantity', 10);
    setPath(body, 'entitlements.1.type', 'bot-creator');
    setPath(body, 'colors.primary', '#123456');
    expect(body).toEqual({
      start: '2026-11-23',
      entitlements: [{ type: 'bot-runner', quantity: 10 }, { type: 'bot-creator' }],
      colors: { primary: '#123456' },
    });
    expect(getPath(body, 'entitlements.0.quantity')).toBe(10);
    expect(getPath(body, 'entitlements.5.quantity')).toBeUndefined();
    for (const bad of ['__proto__.polluted', 'a.constructor.prototype', 'a..b', '']) expect(() => setPath({}, bad, 1), bad).toThrow('not a field path');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('closes up the lists a form left rows of empty, however deep', () => {
    const body: Record<string, unknown> = {};
    setPath(body, 'items.0.product', 'automation');
    setPath(body, 'items.2.product', 'analytics');
    setPath(body, 'entitlements.meters.1.meter', 'bot-runs');
    setPath(body, 'entitlements.meters.1.limit', null);
    expect(closeGaps(body)).toEqual({
      items: [{ product: 'automation' }, { product: 'analytics' }],
      entitlements: { meters: [{ meter: 'bot-runs', limit: null }] },
    });
    expect(JSON.stringify(closeGaps(body))).not.toContain('null,');
    expect(closeGaps(['a', undefined, ['b', undefined, 'c']])).toEqual(['a', ['b', 'c']]);
  });

  it('types values, fills templates from answers and keeps file names safe', () => {
    expect([
      convertValue('12', 'integer'),
      convertValue('1.5', 'number'),
      convertValue('', 'integer'),
      convertValue('x', 'integer'),
      convertValue('true', 'boolean'),
      convertValue('7', undefined),
    ]).toEqual([12, 1.5, '', 'x', true, '7']);
    expect([
      convertValue('', 'integer-or-null'),
      convertValue(' ', 'integer-or-null'),
      convertValue('40', 'integer-or-null'),
      convertValue('4x', 'integer-or-null'),
    ]).toEqual([null, null, 40, '4x']);
    expect(convertValue(' export\r\n\n  scheduler \nexport-pdf', 'lines')).toEqual(['export', 'scheduler', 'export-pdf']);
    expect([convertValue('24', 'hours'), convertValue('1.5', 'hours'), convertValue('0', 'hours'), convertValue('soon', 'hours')]).toEqual([
      86_400_000,
      5_400_000,
      0,
      'soon',
    ]);
    expect(convertValue('', 'lines')).toEqual([]);
    expect([convertValue('2027-11-23', 'utc-day-or-null'), convertValue(' ', 'utc-day-or-null'), convertValue('23/11/2027', 'utc-day-or-null')]).toEqual([
      '2027-11-23T00:00:00Z',
      null,
      '23/11/2027',
    ]);
    expect([
      convertValue('', 'string-or-null'),
      convertValue(' 2027-11-23T00:00:00Z ', 'string-or-null'),
      convertValue('{}', 'json'),
      convertValue('[1]', 'json'),
    ]).toEqual([null, '2027-11-23T00:00:00Z', {}, [1]]);
    expect(fillTemplate('/console/customers/{id}/olfs/{olf.id}', { id: 'a/b', olf: { id: 'x y' } }, true)).toBe('/console/customers/a%2Fb/olfs/x%20y');
    expect(fillTemplate('Token {id} valid until {expiresAt}.', { id: 't1' }, false)).toBe('Token t1 valid until .');
    expect(['olf-4ad2c82c.txt', '../../etc/passwd', 'a b:c.txt', '', '...'].map((name) => safeFileName(name))).toEqual([
      'olf-4ad2c82c.txt',
      'etc-passwd',
      'a-b-c.txt',
      'document.txt',
      'document.txt',
    ]);
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(safeFileName(name)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
      }),
    );
  });

  it('words the facts of a refusal', () => {
    expect(labelOf('heldElsewhere')).toBe('Held elsewhere');
    expect(describeValue({ requested: 11, purchased: 10, users: ['ada'] })).toBe('requested 11, purchased 10, users ada');
    expect(describeValue([])).toBe('none');
  });
});

describe('time', () => {
  it('formats moments in UTC and counts down in words', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(formatDateTime(new Date(now))).toBe('2026-11-23 10:00 UTC');
    expect(
      [now + 86_400_000, now + 7 * 86_400_000 - 60_000, now + 47 * 60_000, now + 30_000, now - 3 * 3_600_000, now + 3_600_000 + 60_000].map((at) =>
        describeCountdown(at, now),
      ),
    ).toEqual(['in 1 day', 'in 6 days 23 h', 'in 47 min', 'now', '3 h ago', 'in 1 h 1 min']);
    expect(countdown(new Date(now + 86_400_000), new Date(now)).markup).toBe(
      '<time class="countdown" datetime="2026-11-24T10:00:00.000Z" data-countdown="">in 1 day</time>',
    );
  });
});

describe('charts', () => {
  const series = [
    {
      name: 'bot-runner',
      points: [
        { at: new Date('2026-11-01T00:00:00Z'), value: 2 },
        { at: new Date('2026-11-20T00:00:00Z'), value: 7 },
      ],
    },
    { name: 'bot-<creator>', points: [{ at: new Date('2026-11-20T00:00:00Z'), value: 1 }] },
  ];

  it('draws an accessible SVG with a title, a description, a legend and the numbers as a table', () => {
    const chart = lineChart({ id: 'seats', title: 'Seats in use', description: 'Seats per type.', valueLabel: 'seats', series }).markup;
    expect(chart).toContain('<svg class="chart-svg" viewBox="0 0 720 280" role="img" aria-labelledby="seats-title seats-desc" focusable="false">');
    expect(chart).toContain('<title id="seats-title">Seats in use</title>\n<desc id="seats-desc">Seats per type.</desc>');
    expect(chart.match(/class="marker"/g)).toHaveLength(3);
    expect(chart.match(/<polyline/g)).toHaveLength(1);
    expect(chart).toContain('<li class="series-1"><span class="legend-swatch legend-square" aria-hidden="true"></span>bot-&lt;creator&gt;</li>');
    expect(chart).toContain('<tr><th scope="row">2026-11-01 00:00 UTC</th><td class="numeric">2</td><td class="numeric">–</td></tr>');
    expect(chart).toContain('<tr><th scope="row">2026-11-20 00:00 UTC</th><td class="numeric">7</td><td class="numeric">1</td></tr>');
    // The axis rounds up to a step a person reads: 0, 2, 4, 6, 8.
    expect([...chart.matchAll(/text-anchor="end">(\d+)</g)].map((match) => Number(match[1]))).toEqual([0, 2, 4, 6, 8]);
  });

  it('says so when there is nothing to draw, and keeps every point inside the plot', () => {
    expect(lineChart({ id: 'c', title: 'Seats', description: '', valueLabel: 'seats', series: [] }).markup).toBe(
      '<p class="empty" id="c">Seats: nothing recorded yet.</p>',
    );
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 10 ** 12 }), v: fc.nat(10 ** 6) }), { minLength: 1, maxLength: 20 }), (points) => {
        const chart = lineChart({
          id: 'p',
          title: 'T',
          description: 'D',
          valueLabel: 'u',
          series: [{ name: 's', points: points.map(({ t, v }) => ({ at: new Date(t), value: v })) }],
        }).markup;
        for (const [, cx, cy] of chart.matchAll(/<circle class="marker" cx="([\d.-]+)" cy="([\d.-]+)"/g)) {
          expect(Number(cx)).toBeGreaterThanOrEqual(56);
          expect(Number(cx)).toBeLessThanOrEqual(700);
          expect(Number(cy)).toBeGreaterThanOrEqual(16);
          expect(Number(cy)).toBeLessThanOrEqual(236);
        }
      }),
    );
    expect([0, 1, 3, 7, 10, 45, 999].map((max) => niceStep(max))).toEqual([1, 1, 1, 2, 5, 20, 500]);
  });
});
