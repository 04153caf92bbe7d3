/**
 * Who may do what. Vendor administrators may do everything; API tokens only what their scopes
 * name; customer users only the portal's routes, and only for their own customer. "Policy" is
 * a licensing word in Airlock: authorization is `permissions`.
 *
 * The names alone, in a module that imports nothing, so that the command line (`airlock login
 * --scope`) knows them without loading the server (permissions.ts holds the rules).
 */
export const permissions = [
  'catalogue:read',
  'catalogue:write',
  'customers:read',
  'customers:write',
  'approvals:write',
  'licenses:read',
  'licenses:write',
  'audit:read',
  'keys:write',
  'tokens:write',
  'webhooks:read',
  'webhooks:write',
] as const;
export type Permission = (typeof permissions)[number];
