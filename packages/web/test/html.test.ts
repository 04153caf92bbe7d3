import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, isSafeHtml, joinHtml, path, trustedHtml, type HtmlValue } from '../src/html.ts';

/** What a browser makes of escaped text: the character references turned back into characters. */
function unescape(markup: string): string {
  return markup.replace(
    /&(amp|lt|gt|quot|#39|#96|#61);/g,
    (_match, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', '#61': '=' })[name]!,
  );
}

describe('html templates', () => {
  it('escapes every interpolated string, so no value can open a tag, an attribute or an entity', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const markup = html`<p title="${value}">${value}</p>`.markup;
        const inner = markup.slice('<p title="'.length, -'</p>'.length);
        const [attribute, content, ...rest] = inner.split('">');
        expect(rest).toEqual([]);
        for (const part of [attribute!, content!]) {
          expect(part).not.toMatch(/[<>"'`=]/u);
          expect(part.replace(/&(amp|lt|gt|quot|#39|#96|#61);/g, '')).not.toContain('&');
        }
        expect(unescape(attribute!)).toBe(value);
        expect(unescape(content!)).toBe(value);
      }),
    );
  });

  it('escapes the classic attacks to inert text', () => {
    const attacks = [
      '<script>alert(1)</script>',
      '" onmouseover="alert(1)',
      "' autofocus onfocus='x'",
      '<img src=x onerror=alert(1)>',
      '&lt;already&gt;',
      '`${x}`',
      'a=b',
    ];
    expect(attacks.map((attack) => html`${attack}`.markup)).toEqual([
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      '&quot; onmouseover&#61;&quot;alert(1)',
      '&#39; autofocus onfocus&#61;&#39;x&#39;',
      '&lt;img src&#61;x onerror&#61;alert(1)&gt;',
      '&amp;lt;already&amp;gt;',
      '&#96;${x}&#96;',
      'a&#61;b',
    ]);
  });

  it('escapes numbers as text and renders nothing for null, undefined and false', () => {
    expect(html`${1}|${-2.5}|${10n}|${null}|${undefined}|${false}|${0}|${''}`.markup).toBe('1|-2.5|10||||0|');
  });

  it('keeps markup built by html and escapes every item of a list, however nested', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })), { maxLength: 5 }), (items) => {
        const markup = html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`.markup;
        const flat = items.map((item) => (Array.isArray(item) ? item.join('') : item));
        expect(markup).toBe(`<ul>${flat.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
      }),
    );
  });

  it('passes markup through unescaped only when it is marked trusted, by name', () => {
    const svg = '<svg viewBox="0 0 1 1"><path d="M0 0h1"/></svg>';
    expect(html`<figure>${trustedHtml(svg)}</figure>`.markup).toBe(`<figure>${svg}</figure>`);
    expect(html`<figure>${svg}</figure>`.markup).toBe(`<figure>${escapeHtml(svg)}</figure>`);
    expect(isSafeHtml(trustedHtml(svg))).toBe(true);
    // Something that merely looks like SafeHtml is still escaped.
    const forged = { markup: '<b>x</b>', toString: () => '<b>x</b>' } as unknown as HtmlValue;
    expect(() => html`${forged}`).toThrow(TypeError);
  });

  it('refuses values that would print as [object Object] or true', () => {
    expect(() => html`${true as unknown as HtmlValue}`).toThrow('cannot put a boolean into HTML');
    expect(() => html`${{} as unknown as HtmlValue}`).toThrow('cannot put a object into HTML');
    expect(() => html`${(() => 1) as unknown as HtmlValue}`).toThrow('cannot put a function into HTML');
  });

  it('joins values with a separator, escaping both', () => {
    expect(joinHtml(['a<', html`<b>b</b>`, null], html`<br>`).markup).toBe('a&lt;<br><b>b</b><br>');
    expect(joinHtml(['x', 'y'], ' & ').markup).toBe('x &amp; y');
  });

  it('renders as its markup wherever it is turned into a string', () => {
    expect(String(html`<i>${'<'}</i>`)).toBe('<i>&lt;</i>');
  });
});

describe('paths', () => {
  it('percent-encodes every interpolated part, so an id never adds a segment, a query or a scheme', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (id) => {
        const built = path`/console/customers/${id}/sites`;
        expect(built.startsWith('/console/customers/')).toBe(true);
        expect(built.endsWith('/sites')).toBe(true);
        const middle = built.slice('/console/customers/'.length, -'/sites'.length);
        expect(middle).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(middle)).toBe((id as unknown as { toWellFormed(): string }).toWellFormed());
      }),
      { examples: [['../admin'], ['a?b#c'], ['javascript:alert(1)']] },
    );
    expect(path`/a/${'../b'}`).toBe('/a/..%2Fb');
  });
});
