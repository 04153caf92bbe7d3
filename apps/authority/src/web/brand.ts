import { ApiRefusal, defaultBrand, isAllowedLogoSource, isHexColour, readableOn, type ApiReader, type Brand } from '@airlock/web';
import type { PortalBrandAnswer } from './api-types.ts';

/**
 * The one place a page learns its brand: the portal brand set for the host the request was
 * made to (`GET /v1/portal/branding`, which falls back to the default brand), as the web kit
 * draws it. A logo is shown only inline (a data: URI): the Content-Security-Policy loads no
 * image from another origin, so a brand with only a logo URL shows its name alone.
 */
export async function resolveBrand(api: ApiReader): Promise<Brand> {
  let answer: PortalBrandAnswer;
  try {
    answer = await api.get<PortalBrandAnswer>('/v1/portal/branding');
  } catch (error) {
    if (error instanceof ApiRefusal) return defaultBrand;
    throw error;
  }
  return brandOf(answer);
}

/** A portal brand as the web kit draws it; colours that are not `#rrggbb` keep the kit's. */
function brandOf(answer: PortalBrandAnswer): Brand {
  // A host without a brand of its own gets the kit's: the authority's default is its twin.
  if (answer.hostName === null) return defaultBrand;
  const { primary, background, text } = answer.colors;
  const brandPrimary = isHexColour(primary) ? primary : defaultBrand.colours.primary;
  const logo = answer.logoDataUri !== null && isAllowedLogoSource(answer.logoDataUri) ? { src: answer.logoDataUri, alt: `${answer.name} logo` } : null;
  return {
    name: answer.name,
    logo,
    supportEmail: answer.supportEmail,
    colours: {
      primary: brandPrimary,
      onPrimary: readableOn(brandPrimary),
      accent: defaultBrand.colours.accent,
      ...(isHexColour(background) ? { background } : {}),
      ...(isHexColour(text) ? { text } : {}),
    },
  };
}
