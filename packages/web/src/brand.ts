/**
 * White-labelling: a brand is a name, an optional logo and a few colours. The colours reach the
 * page as CSS custom properties in a stylesheet of their own (`brandStylesheet`), served from
 * the app's origin, since the Content-Security-Policy allows no inline style.
 */

/** A colour as `#rgb` or `#rrggbb`: nothing else can reach the stylesheet. */
export type HexColour = `#${string}`;

export interface BrandColours {
  /** Header background, buttons, links. */
  readonly primary: HexColour;
  /** Text on `primary`. */
  readonly onPrimary: HexColour;
  /** Focus rings and highlights. */
  readonly accent: HexColour;
  /** The page's background, behind the panels (the kit's light grey when absent). */
  readonly background?: HexColour;
  /** Body text (the kit's near-black when absent). */
  readonly text?: HexColour;
}

export interface Brand {
  /** Shown in the header and the page title. */
  readonly name: string;
  /** An image from the app's origin or a `data:image/…` URL (the CSP allows no other), with its text. */
  readonly logo: { readonly src: string; readonly alt: string } | null;
  readonly colours: BrandColours;
  /** Where people write for help; shown, as a mailto link, on the pages that `page` is told to show it on. */
  readonly supportEmail?: string | null;
}

/** Airlock's own brand, used when no other is configured. */
export const defaultBrand: Brand = {
  name: 'Airlock',
  logo: null,
  colours: { primary: '#1f4e79', onPrimary: '#ffffff', accent: '#f2a900' },
};

const hexColour = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** Whether a string is a colour a brand may hold. */
export function isHexColour(value: string): value is HexColour {
  return hexColour.test(value);
}

/** Whether a logo source may be used under the Content-Security-Policy: a same-origin path or a data: image. */
export function isAllowedLogoSource(src: string): boolean {
  return /^\/(?!\/)[^\s"'<>\\]*$/.test(src) || /^data:image\/(?:png|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$/.test(src);
}

/**
 * The stylesheet that gives the page its brand: the colours as custom properties on `:root`,
 * which `airlock.css` uses everywhere. A colour that is not `#rgb`/`#rrggbb` is refused
 * (replaced by the default brand's), so no brand setting can inject CSS.
 *
 * @example
 * ```ts
 * app.get('/brand.css', async (_request, reply) => reply.type('text/css').send(brandStylesheet(brand)));
 * ```
 */
export function brandStylesheet(brand: Brand): string {
  const colour = (value: string, fallback: HexColour) => (isHexColour(value) ? value : fallback);
  const { primary, onPrimary, accent, background, text } = brand.colours;
  return [
    ':root {',
    `  --brand-primary: ${colour(primary, defaultBrand.colours.primary)};`,
    `  --brand-on-primary: ${colour(onPrimary, defaultBrand.colours.onPrimary)};`,
    `  --brand-accent: ${colour(accent, defaultBrand.colours.accent)};`,
    ...(background !== undefined && isHexColour(background) ? [`  --canvas: ${background};`] : []),
    ...(text !== undefined && isHexColour(text) ? [`  --ink: ${text};`] : []),
    '}',
    '',
  ].join('\n');
}

/**
 * The text colour that reads on a background: near-black on light colours, white on dark ones
 * (by WCAG relative luminance, against the contrast each would give).
 *
 * @example
 * ```ts
 * readableOn('#1f4e79'); // '#ffffff'
 * readableOn('#f2a900'); // '#1a1a1a'
 * ```
 */
export function readableOn(background: HexColour): HexColour {
  if (!isHexColour(background)) return '#ffffff';
  const hex = background.length === 4 ? [...background.slice(1)].map((digit) => digit + digit).join('') : background.slice(1);
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  const darkLuminance = 0.0103; // #1a1a1a
  const againstWhite = 1.05 / (luminance + 0.05);
  const againstDark = (luminance + 0.05) / (darkLuminance + 0.05);
  return againstWhite >= againstDark ? '#ffffff' : '#1a1a1a';
}
