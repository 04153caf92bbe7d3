import { catalogueRoutes } from './catalogue/catalogue-routes.ts';
import type { Feature } from './feature.ts';

/** Every feature of the authority, registered in this order. */
export const features: readonly Feature[] = [
  catalogueRoutes,
];
