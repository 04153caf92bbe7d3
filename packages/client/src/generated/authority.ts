/**
 * The types of the authority's HTTP API (version 0.1.0), generated from the OpenAPI document it
 * serves at GET /openapi.json. Do not edit: change the route schemas, then run `npm run client:generate`.
 */

export interface paths {
    readonly "/healthz": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Liveness: the process is up, and its version */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly component: string;
                            readonly formats: {
                                readonly documents: {
                                    readonly reads: readonly number[];
                                    readonly writes: number;
                                };
                            };
                            /** @enum {string} */
                            readonly product: "airlock";
                            /** @enum {string} */
                            readonly status: "ok";
                            readonly version: string;
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/metrics": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/openapi.json": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/readyz": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Readiness: the database answers, with the schema this version expects */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly status: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/activations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Activate any customer's order for a site tenant: LRN + RK give the signed activated license
         * @description The same LRN and RK again answer 200 with the same license; a new activation answers 201.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly lrn: string;
                        readonly registrationKey: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly activatedAt: string;
                            readonly customerId: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly latestRevision: number;
                            readonly licenseId: string;
                            readonly lrn: string;
                            readonly lrns: readonly string[];
                            /** Format: uuid */
                            readonly orderId: string;
                            readonly registrationKey: string;
                            readonly repeated: boolean;
                            readonly revision: number;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly activatedAt: string;
                            readonly customerId: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly latestRevision: number;
                            readonly licenseId: string;
                            readonly lrn: string;
                            readonly lrns: readonly string[];
                            /** Format: uuid */
                            readonly orderId: string;
                            readonly registrationKey: string;
                            readonly repeated: boolean;
                            readonly revision: number;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List vendor administrators, disabled ones included (administrators only)
         * @description Needs the `tokens:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            /** Format: date-time */
                            readonly createdAt: string;
                            /** @description When the administrator was disabled (they cannot sign in), or null while they may. */
                            readonly disabledAt: string | null;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Add a vendor administrator (administrators only); they change the given password at first sign-in
         * @description Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly email: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            /** @description When the administrator was disabled (they cannot sign in), or null while they may. */
                            readonly disabledAt: string | null;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins/{adminId}/disable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Disable an administrator (administrators only): no sign-in, sessions and their API tokens end at once
         * @description The administrator can no longer sign in: the right password gets 403 ACCOUNT_DISABLED (a wrong one INVALID_CREDENTIALS, as for anyone). Every session of theirs ends at once on every replica (sessions are checked in the database on each request). The live API tokens they created (an `airlock login` makes one), and the tokens those tokens created, are revoked for good: `revokedTokens` lists them; other replicas refuse them within 5 seconds, as for any revocation. Refused with 409 CANNOT_DISABLE_SELF for your own account and 409 LAST_ADMINISTRATOR when no other administrator is enabled. Disabling a disabled administrator changes nothing. Audited as `admin.disable`.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly adminId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            /** @description When the administrator was disabled (they cannot sign in), or null while they may. */
                            readonly disabledAt: string | null;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                            readonly revokedTokens: readonly string[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins/{adminId}/enable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Enable a disabled administrator again (administrators only): they sign in with the password they had
         * @description API tokens revoked by the disable stay revoked. Enabling an enabled administrator changes nothing. Audited as `admin.enable`.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly adminId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            /** @description When the administrator was disabled (they cannot sign in), or null while they may. */
                            readonly disabledAt: string | null;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins/{adminId}/mfa/reset": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Remove another administrator's two-factor sign-in (administrators only), e.g. after a lost phone
         * @description They sign in with the password alone, and enrol again (at once if the policy requires it). Not for your own account (403: use `POST /v1/auth/mfa/disable`); 409 MFA_NOT_ENROLLED if they have none. Audited as `admin.mfa-reset`.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly adminId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins/{adminId}/password": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Reset another administrator's password (administrators only): a generated one-time password, in this answer only
         * @description The administrator must change `password` at their next sign-in; every session of theirs ends at once, and a sign-in lock on their address is lifted. A disabled administrator stays disabled. Your own password is changed with `POST /v1/auth/password` instead (403). Audited as `admin.password-reset`, without the password or its hash. On the server, `airlock authority admin reset-password --email <e>` does the same without signing in.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly adminId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            /** @description When the administrator was disabled (they cannot sign in), or null while they may. */
                            readonly disabledAt: string | null;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                            readonly password: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/admins/mfa": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Which administrators have two-factor sign-in (administrators only)
         * @description Needs the `tokens:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly adminId: string;
                            /** Format: date-time */
                            readonly enrolledAt: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/api-tokens": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List API tokens (never their secrets)
         * @description Needs the `tokens:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly createdBy: string;
                            readonly id: string;
                            readonly name: string;
                            readonly revokedAt: string | null;
                            readonly scopes: readonly ("catalogue:read" | "catalogue:write" | "customers:read" | "customers:write" | "approvals:write" | "licenses:read" | "licenses:write" | "audit:read" | "keys:write" | "tokens:write" | "webhooks:read" | "webhooks:write")[];
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Create an API token; its secret is in this answer only
         * @description Needs the `tokens:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly name: string;
                        readonly scopes: readonly ("catalogue:read" | "catalogue:write" | "customers:read" | "customers:write" | "approvals:write" | "licenses:read" | "licenses:write" | "audit:read" | "keys:write" | "tokens:write" | "webhooks:read" | "webhooks:write")[];
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly createdBy: string;
                            readonly id: string;
                            readonly name: string;
                            readonly revokedAt: string | null;
                            readonly scopes: readonly ("catalogue:read" | "catalogue:write" | "customers:read" | "customers:write" | "approvals:write" | "licenses:read" | "licenses:write" | "audit:read" | "keys:write" | "tokens:write" | "webhooks:read" | "webhooks:write")[];
                            readonly token: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/api-tokens/{tokenId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        readonly post?: never;
        /**
         * Revoke an API token, effective at once
         * @description Needs the `tokens:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly tokenId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/audit": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Read the audit log, newest first, a page at a time
         * @description Every license-changing action with its actor, time, object and the object before and after. With any of `limit`, `after`, `sort` or `q`: a page `{items, next}` newest first (`sort=id` for oldest first), filtered by `objectType`, `objectId`, `actor` or `action`, searched by a prefix of the object id; no total (the log is long). Without any of them, or with `beforeId`: the deprecated bare array of at most `limit` (100 when left out, at most 1000) events older than `beforeId`; it will be removed.
         *
         *     Needs the `audit:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description Only events of this action (e.g. `customer.create`). */
                    readonly action?: string;
                    /** @description Only events by this actor, as the log names it (e.g. `admin:alice`). */
                    readonly actor?: string;
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Deprecated (removed in the next release): the id of the oldest event already seen, for the bare array; use `after` instead. */
                    readonly beforeId?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Only events of this object id. */
                    readonly objectId?: string;
                    /** @description Only events of this object type (e.g. `site`). */
                    readonly objectType?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of id; `-` before it sorts descending. Default `-id`; ties are broken by id. */
                    readonly sort?: "id" | "-id";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly action: string;
                                readonly actor: string;
                                readonly after: unknown;
                                /** Format: date-time */
                                readonly at: string;
                                readonly before: unknown;
                                readonly id: string;
                                readonly objectId: string;
                                readonly objectType: string;
                                readonly requestId: string | null;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description Never given: counting the audit log is not cheap. */
                            readonly total?: number;
                        } | readonly {
                            readonly action: string;
                            readonly actor: string;
                            readonly after: unknown;
                            /** Format: date-time */
                            readonly at: string;
                            readonly before: unknown;
                            readonly id: string;
                            readonly objectId: string;
                            readonly objectType: string;
                            readonly requestId: string | null;
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/login": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Deprecated name of POST /v1/auth/sign-in: sign in and receive the airlock_session cookie
         * @deprecated
         * @description Opens a 12-hour session in an http-only, SameSite=Strict cookie (Secure over HTTPS). Every later request that changes something and is signed in by this cookie must carry the header `x-airlock-csrf: 1`; API tokens (`Authorization: Bearer alk_…`) need no such header. Attempts are limited per client address, and 5 wrong passwords in a row for one e-mail address lock it for 15 minutes on every replica (429 ACCOUNT_LOCKED with Retry-After, even for the right password; addresses without an account lock alike). An administrator with two-factor sign-in gets no session here but `{"mfaRequired": true, "challenge"}`: complete with `POST /v1/auth/sign-in/mfa`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly email: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly email: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @description The policy requires two-factor sign-in and this administrator has none: enrol first (`/v1/auth/mfa`). */
                            readonly mfaEnrolmentRequired?: boolean;
                            readonly mustChangePassword: boolean;
                            readonly principal: {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "admin";
                            } | {
                                readonly customerId: string;
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "customer-user";
                            };
                        } | {
                            /** @description Present it with a code to `POST /v1/auth/sign-in/mfa` before `expiresAt`. */
                            readonly challenge: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @enum {boolean} */
                            readonly mfaRequired: true;
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/login/mfa": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Deprecated name of POST /v1/auth/sign-in/mfa: the second sign-in step
         * @deprecated
         * @description After `POST /v1/auth/sign-in` answered `{"mfaRequired": true, "challenge"}`: the challenge and the 6-digit code of the authenticator app (or an unused recovery code) open the session, as the login would have. The challenge lasts 5 minutes (then 401 MFA_CHALLENGE_EXPIRED: sign in again). A wrong code is 401 MFA_CODE_INVALID, a code already used in its 30-second step 401 MFA_CODE_REUSED; both count towards the lock of the e-mail address like a wrong password (429 ACCOUNT_LOCKED), and the challenge stays usable until it expires.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly challenge: string;
                        /** @description The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`). */
                        readonly code: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly email: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @description The policy requires two-factor sign-in and this administrator has none: enrol first (`/v1/auth/mfa`). */
                            readonly mfaEnrolmentRequired?: boolean;
                            readonly mustChangePassword: boolean;
                            readonly principal: {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "admin";
                            } | {
                                readonly customerId: string;
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "customer-user";
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/logout": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** End the session and clear its cookie */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/me": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Who the caller is */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly email?: string;
                            readonly mfaEnrolmentRequired?: boolean;
                            readonly mustChangePassword?: boolean;
                            readonly principal: {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "admin";
                            } | {
                                readonly customerId: string;
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "customer-user";
                            } | {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "token";
                                readonly scopes: readonly ("catalogue:read" | "catalogue:write" | "customers:read" | "customers:write" | "approvals:write" | "licenses:read" | "licenses:write" | "audit:read" | "keys:write" | "tokens:write" | "webhooks:read" | "webhooks:write")[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/mfa": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The signed-in administrator's two-factor sign-in: enrolled or not, recovery codes left */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly enrolled: boolean;
                            readonly enrolledAt: string | null;
                            readonly recoveryCodesLeft: number;
                            /** @description The policy: every administrator must enrol before doing anything else. */
                            readonly requiredForAdmins: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/mfa/disable": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Turn your two-factor sign-in off: the password and a current code (or a recovery code)
         * @description 401 INVALID_CREDENTIALS for a wrong password, 401 MFA_CODE_INVALID for a wrong code, 409 MFA_NOT_ENROLLED when not enrolled. Audited as `admin.mfa-disable`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`). */
                        readonly code: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/mfa/enrolment": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Start enrolling in two-factor sign-in: a new TOTP secret, its otpauth URI and QR code
         * @description Scan the QR code (or type the secret) into an authenticator app, then confirm with a code. Starting again replaces an unconfirmed secret; 409 MFA_ALREADY_ENROLLED once confirmed. Audited as `admin.mfa-enrolment-start`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly otpauthUri: string;
                            /** @description The otpauth URI as a QR code: an SVG document drawn on the server. */
                            readonly qrSvg: string;
                            /** @description The TOTP secret in base32, for an app that cannot scan the QR code. Shown at enrolment only. */
                            readonly secret: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/mfa/enrolment/confirm": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Confirm the enrolment with a code from the app; answers the 10 recovery codes, shown this once
         * @description From now on signing in takes a second step. 401 MFA_CODE_INVALID for a wrong code; 409 MFA_NOT_ENROLLED without a started enrolment. Audited as `admin.mfa-enable`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`). */
                        readonly code: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description Each opens one sign-in in place of a code. Shown this once; only their hashes are kept. */
                            readonly recoveryCodes: readonly string[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/mfa/recovery-codes": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Replace the recovery codes (a current code proves the app): the old ones stop working
         * @description Audited as `admin.mfa-recovery-codes`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`). */
                        readonly code: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description Each opens one sign-in in place of a code. Shown this once; only their hashes are kept. */
                            readonly recoveryCodes: readonly string[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/password": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Change the signed-in person's password (ends their other sessions) */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly currentPassword: string;
                        readonly newPassword: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/sign-in": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Sign in (administrators and customer users) and receive the airlock_session cookie
         * @description Opens a 12-hour session in an http-only, SameSite=Strict cookie (Secure over HTTPS). Every later request that changes something and is signed in by this cookie must carry the header `x-airlock-csrf: 1`; API tokens (`Authorization: Bearer alk_…`) need no such header. Attempts are limited per client address, and 5 wrong passwords in a row for one e-mail address lock it for 15 minutes on every replica (429 ACCOUNT_LOCKED with Retry-After, even for the right password; addresses without an account lock alike). An administrator with two-factor sign-in gets no session here but `{"mfaRequired": true, "challenge"}`: complete with `POST /v1/auth/sign-in/mfa`.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly email: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly email: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @description The policy requires two-factor sign-in and this administrator has none: enrol first (`/v1/auth/mfa`). */
                            readonly mfaEnrolmentRequired?: boolean;
                            readonly mustChangePassword: boolean;
                            readonly principal: {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "admin";
                            } | {
                                readonly customerId: string;
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "customer-user";
                            };
                        } | {
                            /** @description Present it with a code to `POST /v1/auth/sign-in/mfa` before `expiresAt`. */
                            readonly challenge: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @enum {boolean} */
                            readonly mfaRequired: true;
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/auth/sign-in/mfa": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Second sign-in step of an administrator with two-factor sign-in: the challenge and a code open the session
         * @description After `POST /v1/auth/sign-in` answered `{"mfaRequired": true, "challenge"}`: the challenge and the 6-digit code of the authenticator app (or an unused recovery code) open the session, as the login would have. The challenge lasts 5 minutes (then 401 MFA_CHALLENGE_EXPIRED: sign in again). A wrong code is 401 MFA_CODE_INVALID, a code already used in its 30-second step 401 MFA_CODE_REUSED; both count towards the lock of the e-mail address like a wrong password (429 ACCOUNT_LOCKED), and the challenge stays usable until it expires.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly challenge: string;
                        /** @description The 6-digit code the authenticator app shows, or one of the recovery codes (`XXXXX-XXXXX`). */
                        readonly code: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly email: string;
                            /** Format: date-time */
                            readonly expiresAt: string;
                            /** @description The policy requires two-factor sign-in and this administrator has none: enrol first (`/v1/auth/mfa`). */
                            readonly mfaEnrolmentRequired?: boolean;
                            readonly mustChangePassword: boolean;
                            readonly principal: {
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "admin";
                            } | {
                                readonly customerId: string;
                                readonly id: string;
                                /** @enum {string} */
                                readonly kind: "customer-user";
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/backup": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Back up the running authority (embedded store): its database as a gzipped tar, keys sealed
         * @description Administrators, or API tokens with `keys:write`: the backup holds the sealed keys. Restore it with `airlock authority restore` on a stopped authority.
         *
         *     Needs the `keys:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description the backup (tar.gz) */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": string;
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/branding": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every host name's portal brand
         * @description Needs the `catalogue:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly colors: {
                                readonly background: string;
                                readonly primary: string;
                                readonly text: string;
                            };
                            readonly hostName: string | null;
                            readonly logoDataUri: string | null;
                            readonly logoUrl: string | null;
                            readonly name: string;
                            readonly supportEmail: string | null;
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/branding/{hostName}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        /**
         * Set the portal brand shown under a host name: name, logo (an https URL or a data URI), colours, support address
         * @description Needs the `catalogue:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly hostName: string;
                };
                readonly cookie?: never;
            };
            /** @description Exactly one of logoUrl and logoDataUri. */
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly colors: {
                            readonly background: string;
                            readonly primary: string;
                            readonly text: string;
                        };
                        readonly logoDataUri?: string;
                        readonly logoUrl?: string;
                        readonly name: string;
                        readonly supportEmail?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly colors: {
                                readonly background: string;
                                readonly primary: string;
                                readonly text: string;
                            };
                            readonly hostName: string | null;
                            readonly logoDataUri: string | null;
                            readonly logoUrl: string | null;
                            readonly name: string;
                            readonly supportEmail: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List customers with their purchases, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `name` (case-insensitive), `id`, `accountEndsOn` or `createdAt`, searched by a prefix of the name or id. Without any of them: every customer by id as a bare array (deprecated; it will be removed).
         *
         *     Needs the `customers:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of name, id, accountEndsOn, createdAt; `-` before it sorts descending. Default `name`; ties are broken by id. */
                    readonly sort?: "name" | "-name" | "id" | "-id" | "accountEndsOn" | "-accountEndsOn" | "createdAt" | "-createdAt";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly accountEndsOn: string;
                                readonly contactEmail: string;
                                readonly entitlements: readonly {
                                    readonly licenseTypeId: string;
                                    readonly quantity: number;
                                }[];
                                readonly id: string;
                                readonly name: string;
                                readonly offlineApproval: "pending" | "approved" | "denied" | null;
                                readonly policyId: string;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description Every customer matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly accountEndsOn: string;
                            readonly contactEmail: string;
                            readonly entitlements: readonly {
                                readonly licenseTypeId: string;
                                readonly quantity: number;
                            }[];
                            readonly id: string;
                            readonly name: string;
                            readonly offlineApproval: "pending" | "approved" | "denied" | null;
                            readonly policyId: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Open a customer account under a policy
         * @description Needs the `customers:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly accountEndsOn: string;
                        readonly contactEmail: string;
                        readonly id: string;
                        readonly name: string;
                        readonly policyId: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly accountEndsOn: string;
                            readonly contactEmail: string;
                            readonly entitlements: readonly {
                                readonly licenseTypeId: string;
                                readonly quantity: number;
                            }[];
                            readonly id: string;
                            readonly name: string;
                            readonly offlineApproval: "pending" | "approved" | "denied" | null;
                            readonly policyId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * One customer with its purchases
         * @description Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly accountEndsOn: string;
                            readonly contactEmail: string;
                            readonly entitlements: readonly {
                                readonly licenseTypeId: string;
                                readonly quantity: number;
                            }[];
                            readonly id: string;
                            readonly name: string;
                            readonly offlineApproval: "pending" | "approved" | "denied" | null;
                            readonly policyId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /**
         * Change an account's name, contact, end date (a renewal) or policy; the fields left out stay as they are
         * @description Needs the `customers:write` permission.
         */
        readonly patch: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly accountEndsOn?: string;
                        readonly contactEmail?: string;
                        readonly name?: string;
                        readonly policyId?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly accountEndsOn: string;
                            readonly contactEmail: string;
                            readonly entitlements: readonly {
                                readonly licenseTypeId: string;
                                readonly quantity: number;
                            }[];
                            readonly id: string;
                            readonly name: string;
                            readonly offlineApproval: "pending" | "approved" | "denied" | null;
                            readonly policyId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/activations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Activate one of the customer's orders for a site tenant: LRN + RK give the signed activated license
         * @description Only this customer's LRNs: another customer's is LRN_NOT_FOUND. The same LRN and RK again answer 200 with the same license; a new activation answers 201.
         *
         *     Needs the `licenses:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly lrn: string;
                        readonly registrationKey: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly activatedAt: string;
                            readonly customerId: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly latestRevision: number;
                            readonly licenseId: string;
                            readonly lrn: string;
                            readonly lrns: readonly string[];
                            /** Format: uuid */
                            readonly orderId: string;
                            readonly registrationKey: string;
                            readonly repeated: boolean;
                            readonly revision: number;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly activatedAt: string;
                            readonly customerId: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly latestRevision: number;
                            readonly licenseId: string;
                            readonly lrn: string;
                            readonly lrns: readonly string[];
                            /** Format: uuid */
                            readonly orderId: string;
                            readonly registrationKey: string;
                            readonly repeated: boolean;
                            readonly revision: number;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/device-licenses": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's device licenses with their activations and usage, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the license id. Without any of them: every license of the customer, newest first, as a bare array (deprecated; it will be removed).
         *
         *     Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of createdAt, id; `-` before it sorts descending. Default `-createdAt`; ties are broken by id. */
                    readonly sort?: "createdAt" | "-createdAt" | "id" | "-id";
                };
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly activations: readonly {
                                    readonly activatedAt: string;
                                    /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                    readonly activatedBy: string;
                                    readonly appVersion: string | null;
                                    readonly channel: "offline" | "online" | "code";
                                    readonly deactivatedAt: string | null;
                                    /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                    readonly deactivatedBy: string | null;
                                    readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                    /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                    readonly deactivationSource: "device" | "vendor" | null;
                                    readonly deviceKeyThumbprint: string;
                                    /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                    readonly deviceMayStillRun: boolean;
                                    readonly deviceName: string | null;
                                    /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                    readonly environment: {
                                        readonly container: boolean;
                                        readonly virtualMachine: boolean;
                                    } | null;
                                    readonly fingerprint: string;
                                    readonly id: string;
                                    /** @description When the device last activated, validated or checked in online; null: never. */
                                    readonly lastOnlineAt: string | null;
                                    readonly lastSeenAt: string;
                                    readonly licenseFileId: string;
                                    readonly revision: number;
                                    /** @description null for an activation by typed codes. */
                                    readonly sdkVersion: string | null;
                                    readonly status: "active" | "deactivated";
                                    readonly variables: readonly {
                                        readonly name: string;
                                        readonly value: string;
                                    }[] | null;
                                }[];
                                readonly activeActivations: number;
                                readonly blockedDevices: readonly {
                                    readonly blockedAt: string;
                                    readonly blockedBy: string;
                                    readonly fingerprint: string;
                                    readonly reason: string | null;
                                }[];
                                readonly createdAt: string;
                                readonly credential: "license-key" | "user" | "trial";
                                /** @description null for a trial: it belongs to no customer. */
                                readonly customerId: string | null;
                                readonly entitlements: {
                                    readonly features: readonly string[];
                                    readonly meters: readonly {
                                        readonly limit: number | null;
                                        readonly meter: string;
                                        /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                        readonly overage?: number;
                                    }[];
                                };
                                readonly expiresAt: string | null;
                                readonly id: string;
                                readonly licenseKeyHint: string | null;
                                readonly metadata: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[];
                                /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                                readonly meters: readonly {
                                    /** @description What the license's devices have reported consuming. */
                                    readonly counted: number;
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description The allowance beyond the limit. */
                                    readonly overage: number;
                                    /** @description What the devices hold allotted and have not reported consuming. */
                                    readonly reserved: number;
                                }[];
                                /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                                readonly overrides: {
                                    readonly allowOffline?: boolean;
                                    readonly allowVirtualMachines?: boolean;
                                    readonly expiryGraceMs?: number;
                                    readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                    readonly maxActivations?: number | null;
                                    readonly maxOfflineMs?: number | null;
                                    readonly meterAllotment?: number | null;
                                    readonly meterOveragePercent?: number;
                                    readonly offlineGraceMs?: number;
                                };
                                /** @description null for a trial under the default settings. */
                                readonly policyId: string | null;
                                readonly productId: string;
                                readonly revision: number;
                                /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                                readonly settings: {
                                    readonly allowOffline: boolean;
                                    readonly allowOnline: boolean;
                                    readonly allowVirtualMachines: boolean;
                                    readonly expiryGraceMs: number;
                                    readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                    readonly maxActivations: number | null;
                                    readonly maxOfflineMs: number | null;
                                    readonly meterAllotment: number | null;
                                    readonly meterOveragePercent: number;
                                    readonly offlineGraceMs: number;
                                };
                                /** @description Set while the vendor suspends the license. */
                                readonly suspension: {
                                    readonly at: string;
                                    readonly by: string;
                                    readonly reason: string | null;
                                } | null;
                                readonly updatedAt: string;
                                readonly usage: readonly {
                                    readonly meter: string;
                                    readonly total: number;
                                }[];
                                readonly users: readonly {
                                    readonly createdAt: string;
                                    readonly id: string;
                                    readonly username: string;
                                }[];
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The customer's licenses matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/entitlements": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        /**
         * Replace what the customer bought (a type left out is no longer purchased)
         * @description Needs the `customers:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly entitlements: readonly {
                            readonly licenseTypeId: string;
                            readonly quantity: number;
                        }[];
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly accountEndsOn: string;
                            readonly contactEmail: string;
                            readonly entitlements: readonly {
                                readonly licenseTypeId: string;
                                readonly quantity: number;
                            }[];
                            readonly id: string;
                            readonly name: string;
                            readonly offlineApproval: "pending" | "approved" | "denied" | null;
                            readonly policyId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/lfrs": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Upload a License File Request: checked, stored with its usage, shown back with what may be allocated
         * @description Needs the `licenses:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly text: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allocation: {
                                readonly available: {
                                    readonly [key: string]: number;
                                };
                                readonly heldElsewhere: {
                                    readonly [key: string]: number;
                                };
                                readonly purchased: {
                                    readonly [key: string]: number;
                                };
                            };
                            readonly lfr: {
                                readonly cycle: number;
                                readonly id: string;
                                readonly sequence: number;
                                readonly siteGuid: string;
                                readonly tenant: string;
                                readonly usage: {
                                    readonly floating?: readonly {
                                        readonly borrows: number;
                                        readonly days: readonly {
                                            readonly borrowed: number;
                                            readonly day: string;
                                            readonly peak: number;
                                        }[];
                                        readonly leases: number;
                                        readonly type: string;
                                    }[];
                                    readonly ledger: {
                                        readonly head: string;
                                        readonly sequence: number;
                                    };
                                    readonly meters: readonly {
                                        readonly total: number;
                                        readonly type: string;
                                    }[];
                                    readonly seats: readonly {
                                        readonly type: string;
                                        readonly used: number;
                                        readonly users: readonly string[];
                                    }[];
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/lfrs/{lfrId}/olf": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Configure and issue the Offline License File answering an LFR
         * @description Needs the `licenses:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly lfrId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly acceptBelowUse?: boolean;
                        readonly end: string;
                        readonly entitlements: readonly {
                            readonly quantity: number;
                            readonly type: string;
                        }[];
                        readonly start: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly cycle: number;
                            readonly end: string;
                            readonly entitlements: readonly {
                                readonly category: string;
                                readonly quantity: number;
                                readonly type: string;
                            }[];
                            readonly id: string;
                            readonly issuedAt: string;
                            readonly lfrId: string;
                            readonly sequence: number;
                            readonly siteGuid: string;
                            readonly start: string;
                            readonly tenant: string;
                            readonly text: string;
                            readonly warnings: readonly {
                                readonly requested: number;
                                readonly type: string;
                                readonly used: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/offline-licenses/bulk-reissue": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Issue the OLFs of many LFRs of a customer at once (the renewal season)
         * @description Answers many LFRs of the customer at once, each with the very rules of `POST /v1/customers/{customerId}/lfrs/{lfrId}/olf`. Either `lfrs`: listed LFRs, each with its own terms; or `open`: the terms for every open LFR of the customer (the latest LFR of each site tenant that no OLF answers yet), taken in LFR id order after `after`, up to `limit`. At most 1000 LFRs per call; with `open`, `next` is the `after` of the following call (null once every open LFR was tried). Requests are decided in the order given, as if issued one after the other: each sees the seats the earlier ones took. A refused request is listed in `refused` with the code, message and facts a single issue would answer, and writes nothing; the others are issued. The OLFs are written in transactions of 200 requests, each all-or-nothing: if writing one fails, none of its OLFs is kept and the call fails, while the transactions before it stay committed; calling again is safe (LFRs answered meanwhile are refused with `LFR_ALREADY_USED`). Issued OLFs are listed without their text: download each by id. Every OLF has its `olf.issue` audit event.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly lfrs: readonly {
                            readonly acceptBelowUse?: boolean;
                            readonly end: string;
                            readonly entitlements: readonly {
                                readonly quantity: number;
                                readonly type: string;
                            }[];
                            readonly lfrId: string;
                            readonly start: string;
                        }[];
                    } | {
                        readonly after?: string;
                        /** @description at most this many open LFRs (1000 when left out) */
                        readonly limit?: number;
                        readonly open: {
                            readonly acceptBelowUse?: boolean;
                            readonly end: string;
                            readonly entitlements: readonly {
                                readonly quantity: number;
                                readonly type: string;
                            }[];
                            readonly start: string;
                        };
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly issued: readonly {
                                readonly cycle: number;
                                readonly end: string;
                                readonly entitlements: readonly {
                                    readonly category: string;
                                    readonly quantity: number;
                                    readonly type: string;
                                }[];
                                readonly id: string;
                                readonly issuedAt: string;
                                readonly lfrId: string;
                                readonly sequence: number;
                                readonly siteGuid: string;
                                readonly start: string;
                                readonly tenant: string;
                                readonly warnings: readonly {
                                    readonly requested: number;
                                    readonly type: string;
                                    readonly used: number;
                                }[];
                            }[];
                            readonly next: string | null;
                            readonly refused: readonly {
                                readonly code: string;
                                readonly detail: string;
                                readonly errors: {
                                    readonly [key: string]: unknown;
                                };
                                readonly lfrId: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/offline-requests": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The customer's offline-licensing requests, newest first
         * @description Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly customerId: string;
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            /** @description The administrator who decided, in words: their e-mail (the actor when the account is gone). */
                            readonly decidedByName: string | null;
                            readonly decisionNote: string | null;
                            readonly details: string;
                            readonly id: string;
                            readonly minimumSiteVersion: string | null;
                            readonly reason: "regulated-industry" | "air-gapped" | "other";
                            /** Format: date-time */
                            readonly requestedAt: string;
                            /** @description The actor as the audit log names it (admin:<id>, customer-user:<id>). */
                            readonly requestedBy: string;
                            /** @description Who asked, in words: their e-mail (the actor when the account is gone). */
                            readonly requestedByName: string;
                            readonly status: "pending" | "approved" | "denied";
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Ask the vendor to approve offline licensing for this customer
         * @description Needs the `customers:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly details: string;
                        readonly minimumSiteVersion?: string | null;
                        readonly reason: "regulated-industry" | "air-gapped" | "other";
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            /** @description The administrator who decided, in words: their e-mail (the actor when the account is gone). */
                            readonly decidedByName: string | null;
                            readonly decisionNote: string | null;
                            readonly details: string;
                            readonly id: string;
                            readonly minimumSiteVersion: string | null;
                            readonly reason: "regulated-industry" | "air-gapped" | "other";
                            /** Format: date-time */
                            readonly requestedAt: string;
                            /** @description The actor as the audit log names it (admin:<id>, customer-user:<id>). */
                            readonly requestedBy: string;
                            /** @description Who asked, in words: their e-mail (the actor when the account is gone). */
                            readonly requestedByName: string;
                            readonly status: "pending" | "approved" | "denied";
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/olfs/{olfId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Download an issued Offline License File
         * @description Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly olfId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly cycle: number;
                            readonly end: string;
                            readonly entitlements: readonly {
                                readonly category: string;
                                readonly quantity: number;
                                readonly type: string;
                            }[];
                            readonly id: string;
                            readonly issuedAt: string;
                            readonly lfrId: string;
                            readonly sequence: number;
                            readonly siteGuid: string;
                            readonly start: string;
                            readonly tenant: string;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/orders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The customer's orders, newest first, with activation and letters, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the order id or LRN. Without any of them: every order, newest first, as a bare array (deprecated; it will be removed).
         *
         *     Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of createdAt, id; `-` before it sorts descending. Default `-createdAt`; ties are broken by id. */
                    readonly sort?: "createdAt" | "-createdAt" | "id" | "-id";
                };
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly activation: {
                                    /** Format: date-time */
                                    readonly activatedAt: string;
                                    readonly activatedBy: string;
                                    readonly licenseId: string;
                                    readonly registrationKey: string;
                                    readonly revision: number;
                                } | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly customerId: string;
                                /** Format: uuid */
                                readonly id: string;
                                readonly items: readonly {
                                    readonly expiresOn?: string;
                                    readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                    readonly licenseType: string;
                                    readonly product: string;
                                    readonly quantity: number;
                                }[];
                                readonly letters: readonly {
                                    readonly attempts: number;
                                    /** Format: uuid */
                                    readonly id: string;
                                    readonly lastError: string | null;
                                    readonly nextAttemptAt: string | null;
                                    /** Format: date-time */
                                    readonly queuedAt: string;
                                    readonly sentAt: string | null;
                                    readonly status: "queued" | "sent" | "failed";
                                    readonly subject: string;
                                    readonly to: string;
                                    readonly waiting: string | null;
                                }[];
                                readonly lrn: string;
                                readonly orderLicense: string;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The customer's orders matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly activation: {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly activatedBy: string;
                                readonly licenseId: string;
                                readonly registrationKey: string;
                                readonly revision: number;
                            } | null;
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            /** Format: uuid */
                            readonly id: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly letters: readonly {
                                readonly attempts: number;
                                /** Format: uuid */
                                readonly id: string;
                                readonly lastError: string | null;
                                readonly nextAttemptAt: string | null;
                                /** Format: date-time */
                                readonly queuedAt: string;
                                readonly sentAt: string | null;
                                readonly status: "queued" | "sent" | "failed";
                                readonly subject: string;
                                readonly to: string;
                                readonly waiting: string | null;
                            }[];
                            readonly lrn: string;
                            readonly orderLicense: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Create an order: a unique LRN, the order license, and a license letter to the customer
         * @description The license letter (LRN, items, how to activate) goes to the customer's contact e-mail through the mail outbox: the order is kept even when mail is down, and the letter leaves once it is back.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly items: readonly {
                            readonly expiresOn?: string;
                            readonly kind: "permanent" | "term" | "pilot" | "temporary";
                            readonly licenseType: string;
                            readonly product: string;
                            readonly quantity: number;
                        }[];
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activation: {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly activatedBy: string;
                                readonly licenseId: string;
                                readonly registrationKey: string;
                                readonly revision: number;
                            } | null;
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            /** Format: uuid */
                            readonly id: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly letters: readonly {
                                readonly attempts: number;
                                /** Format: uuid */
                                readonly id: string;
                                readonly lastError: string | null;
                                readonly nextAttemptAt: string | null;
                                /** Format: date-time */
                                readonly queuedAt: string;
                                readonly sentAt: string | null;
                                readonly status: "queued" | "sent" | "failed";
                                readonly subject: string;
                                readonly to: string;
                                readonly waiting: string | null;
                            }[];
                            readonly lrn: string;
                            readonly orderLicense: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/orders/{orderId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * One order: its LRN, items, activation and license letters
         * @description Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly orderId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activation: {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly activatedBy: string;
                                readonly licenseId: string;
                                readonly registrationKey: string;
                                readonly revision: number;
                            } | null;
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            /** Format: uuid */
                            readonly id: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly letters: readonly {
                                readonly attempts: number;
                                /** Format: uuid */
                                readonly id: string;
                                readonly lastError: string | null;
                                readonly nextAttemptAt: string | null;
                                /** Format: date-time */
                                readonly queuedAt: string;
                                readonly sentAt: string | null;
                                readonly status: "queued" | "sent" | "failed";
                                readonly subject: string;
                                readonly to: string;
                                readonly waiting: string | null;
                            }[];
                            readonly lrn: string;
                            readonly orderLicense: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/orders/{orderId}/letters": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Send the order's license letter again, to the customer's contact or to the address given
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly orderId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly to?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activation: {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly activatedBy: string;
                                readonly licenseId: string;
                                readonly registrationKey: string;
                                readonly revision: number;
                            } | null;
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            /** Format: uuid */
                            readonly id: string;
                            readonly items: readonly {
                                readonly expiresOn?: string;
                                readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                readonly licenseType: string;
                                readonly product: string;
                                readonly quantity: number;
                            }[];
                            readonly letters: readonly {
                                readonly attempts: number;
                                /** Format: uuid */
                                readonly id: string;
                                readonly lastError: string | null;
                                readonly nextAttemptAt: string | null;
                                /** Format: date-time */
                                readonly queuedAt: string;
                                readonly sentAt: string | null;
                                readonly status: "queued" | "sent" | "failed";
                                readonly subject: string;
                                readonly to: string;
                                readonly waiting: string | null;
                            }[];
                            readonly lrn: string;
                            readonly orderLicense: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/reminder-preferences": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Which kinds of expiry reminder the customer's contact receives
         * @description Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description Where reminders go: the customer's contact e-mail. */
                            readonly contactEmail: string;
                            readonly customerId: string;
                            readonly preferences: readonly {
                                /** @description `account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due). */
                                readonly kind: "account" | "device-license" | "olf-due";
                                readonly subscribed: boolean;
                                readonly unsubscribedAt: string | null;
                                readonly unsubscribedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Switch kinds of expiry reminder on or off for the customer (audited)
         * @description The vendor and the customer's own users may. A kind switched off is not mailed, but its reminders are still recorded and audited (and so reach webhooks).
         *
         *     Needs the `customers:write` permission, or a user of this customer.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            /** @description The kinds to switch on (true) or off (false); the kinds left out stay as they are. */
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly account?: boolean;
                        readonly "device-license"?: boolean;
                        readonly "olf-due"?: boolean;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description Where reminders go: the customer's contact e-mail. */
                            readonly contactEmail: string;
                            readonly customerId: string;
                            readonly preferences: readonly {
                                /** @description `account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due). */
                                readonly kind: "account" | "device-license" | "olf-due";
                                readonly subscribed: boolean;
                                readonly unsubscribedAt: string | null;
                                readonly unsubscribedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/reminders": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The latest expiry reminders decided for the customer, newest first (at most 100)
         * @description Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly daysLeft: number;
                            /** Format: date-time */
                            readonly decidedAt: string;
                            /**
                             * Format: date-time
                             * @description When it lapses.
                             */
                            readonly dueAt: string;
                            readonly id: string;
                            /** @description `account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due). */
                            readonly kind: "account" | "device-license" | "olf-due";
                            /** @description False when the customer had unsubscribed from the kind: the reminder was audited, not mailed. */
                            readonly mailed: boolean;
                            /** @description The customer id, the device license id, or `<site GUID>/<tenant>`. */
                            readonly objectId: string;
                            /** @description The threshold (days before) the reminder was for. */
                            readonly threshold: number;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/sites": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The customer's sites with what the authority last saw of each, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `registeredAt` (default) or `name`, searched by a prefix of the name or GUID. Without any of them: every site by registration as a bare array (deprecated; it will be removed).
         *
         *     Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of registeredAt, name; `-` before it sorts descending. Default `registeredAt`; ties are broken by id. */
                    readonly sort?: "registeredAt" | "-registeredAt" | "name" | "-name";
                };
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                /** @description Its tenants that exchanged over the link, with their last exchange. */
                                readonly connected: readonly {
                                    /** Format: date-time */
                                    readonly firstExchangeAt: string;
                                    readonly lastCode: string | null;
                                    /** Format: date-time */
                                    readonly lastExchangeAt: string;
                                    readonly lastStatus: string;
                                    readonly siteVersion: string;
                                    readonly tenant: string;
                                }[];
                                readonly customerId: string;
                                readonly guid: string;
                                readonly latestEnablementTokenAt: string | null;
                                readonly latestLfrAt: string | null;
                                /** @description Which modes the customer's policy lets it use at its version (docs/connected.md, "Versions"). */
                                readonly modes: {
                                    readonly connected: {
                                        readonly allowed: boolean;
                                        readonly reason: string | null;
                                    };
                                    readonly files: {
                                        readonly allowed: boolean;
                                        readonly reason: string | null;
                                    };
                                };
                                readonly name: string;
                                /** Format: date-time */
                                readonly registeredAt: string;
                                readonly siteKeyKnown: boolean;
                                /** @description The version its latest LFR or exchange stated, whichever came later; null before either. */
                                readonly siteVersion: string | null;
                                /** @description Every tenant it sent an LFR or exchanged for, with the mode its latest LFR came by. */
                                readonly tenants: readonly {
                                    readonly lastExchangeAt: string | null;
                                    readonly latestLfrAt: string | null;
                                    readonly mode: "files" | "connected";
                                    readonly tenant: string;
                                }[];
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The customer's sites matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            /** @description Its tenants that exchanged over the link, with their last exchange. */
                            readonly connected: readonly {
                                /** Format: date-time */
                                readonly firstExchangeAt: string;
                                readonly lastCode: string | null;
                                /** Format: date-time */
                                readonly lastExchangeAt: string;
                                readonly lastStatus: string;
                                readonly siteVersion: string;
                                readonly tenant: string;
                            }[];
                            readonly customerId: string;
                            readonly guid: string;
                            readonly latestEnablementTokenAt: string | null;
                            readonly latestLfrAt: string | null;
                            /** @description Which modes the customer's policy lets it use at its version (docs/connected.md, "Versions"). */
                            readonly modes: {
                                readonly connected: {
                                    readonly allowed: boolean;
                                    readonly reason: string | null;
                                };
                                readonly files: {
                                    readonly allowed: boolean;
                                    readonly reason: string | null;
                                };
                            };
                            readonly name: string;
                            /** Format: date-time */
                            readonly registeredAt: string;
                            readonly siteKeyKnown: boolean;
                            /** @description The version its latest LFR or exchange stated, whichever came later; null before either. */
                            readonly siteVersion: string | null;
                            /** @description Every tenant it sent an LFR or exchanged for, with the mode its latest LFR came by. */
                            readonly tenants: readonly {
                                readonly lastExchangeAt: string | null;
                                readonly latestLfrAt: string | null;
                                readonly mode: "files" | "connected";
                                readonly tenant: string;
                            }[];
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Register a site's GUID to the customer
         * @description Needs the `customers:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly guid: string;
                        readonly name: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description Its tenants that exchanged over the link, with their last exchange. */
                            readonly connected: readonly {
                                /** Format: date-time */
                                readonly firstExchangeAt: string;
                                readonly lastCode: string | null;
                                /** Format: date-time */
                                readonly lastExchangeAt: string;
                                readonly lastStatus: string;
                                readonly siteVersion: string;
                                readonly tenant: string;
                            }[];
                            readonly customerId: string;
                            readonly guid: string;
                            readonly latestEnablementTokenAt: string | null;
                            readonly latestLfrAt: string | null;
                            /** @description Which modes the customer's policy lets it use at its version (docs/connected.md, "Versions"). */
                            readonly modes: {
                                readonly connected: {
                                    readonly allowed: boolean;
                                    readonly reason: string | null;
                                };
                                readonly files: {
                                    readonly allowed: boolean;
                                    readonly reason: string | null;
                                };
                            };
                            readonly name: string;
                            /** Format: date-time */
                            readonly registeredAt: string;
                            readonly siteKeyKnown: boolean;
                            /** @description The version its latest LFR or exchange stated, whichever came later; null before either. */
                            readonly siteVersion: string | null;
                            /** @description Every tenant it sent an LFR or exchanged for, with the mode its latest LFR came by. */
                            readonly tenants: readonly {
                                readonly lastExchangeAt: string | null;
                                readonly latestLfrAt: string | null;
                                readonly mode: "files" | "connected";
                                readonly tenant: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/sites/{siteGuid}/cycles": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The history of every cycle of a site, per tenant; or one tenant's cycles a page at a time
         * @description With any of `limit`, `after` or `sort` and a `tenant`: a page `{items, next}` of that tenant's cycles, newest first (`sort=cycle` for oldest first), no total. Without them: every cycle of every tenant, oldest first (deprecated; it will be removed).
         *
         *     Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: this list has no searchable column; any q is refused. */
                    readonly q?: string;
                    /** @description One of cycle; `-` before it sorts descending. Default `-cycle`; ties are broken by id. */
                    readonly sort?: "cycle" | "-cycle";
                    /** @description The tenant whose cycles a page lists; required with paging parameters. */
                    readonly tenant?: string;
                };
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly siteGuid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly cycle: number;
                                readonly lfrs: readonly {
                                    readonly id: string;
                                    readonly issuedAt: string;
                                    readonly olf: {
                                        readonly end: string;
                                        readonly entitlements: readonly {
                                            readonly category: string;
                                            readonly quantity: number;
                                            readonly type: string;
                                        }[];
                                        readonly id: string;
                                        readonly issuedAt: string;
                                        readonly lfrId: string;
                                        readonly start: string;
                                    } | null;
                                    readonly receivedAt: string;
                                    readonly sequence: number;
                                    readonly superseded: boolean;
                                }[];
                                readonly openedAt: string;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description Never given. */
                            readonly total?: number;
                        } | {
                            readonly siteGuid: string;
                            readonly tenants: readonly {
                                readonly cycles: readonly {
                                    readonly cycle: number;
                                    readonly lfrs: readonly {
                                        readonly id: string;
                                        readonly issuedAt: string;
                                        readonly olf: {
                                            readonly end: string;
                                            readonly entitlements: readonly {
                                                readonly category: string;
                                                readonly quantity: number;
                                                readonly type: string;
                                            }[];
                                            readonly id: string;
                                            readonly issuedAt: string;
                                            readonly lfrId: string;
                                            readonly start: string;
                                        } | null;
                                        readonly receivedAt: string;
                                        readonly sequence: number;
                                        readonly superseded: boolean;
                                    }[];
                                    readonly openedAt: string;
                                }[];
                                readonly tenant: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/sites/{siteGuid}/enablement-token": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Download an enablement token for one site of an approved customer (valid 24 h by default)
         * @description Needs the `licenses:write` permission, or a user of this customer.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly siteGuid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly expiresAt: string;
                            readonly id: string;
                            readonly siteGuid: string;
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/static-licenses": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The customer's migration date and its Registration Keys still on static licenses
         * @description Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly customerName: string;
                            /** @description Today (UTC) is after `renewUntil`: activating its orders is refused (STATIC_LICENSES_ENDED) */
                            readonly ended: boolean;
                            readonly licenses: readonly {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly customerId: string;
                                readonly customerName: string;
                                /** @description Its items in force today (UTC) */
                                readonly items: readonly {
                                    readonly expiresOn?: string;
                                    readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                    readonly licenseType: string;
                                    readonly product: string;
                                    readonly quantity: number;
                                }[];
                                /** @description The RK's latest activated license */
                                readonly licenseId: string;
                                /** @description An LFR that replaces this license was received, and no OLF answers it yet */
                                readonly moving: boolean;
                                readonly registrationKey: string;
                                /** @description The customer's last day for activating orders; null when it is not marked for migration */
                                readonly renewUntil: string | null;
                                readonly revision: number;
                            }[];
                            readonly renewUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Mark a customer for migration off static licenses, with the last day its orders may be activated (null clears the mark)
         * @description From the day after `renewUntil` (UTC), activating an order for the customer is refused with STATIC_LICENSES_ENDED. Answers the customer's static licenses.
         *
         *     Needs the `customers:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly renewUntil: string | null;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly customerName: string;
                            /** @description Today (UTC) is after `renewUntil`: activating its orders is refused (STATIC_LICENSES_ENDED) */
                            readonly ended: boolean;
                            readonly licenses: readonly {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly customerId: string;
                                readonly customerName: string;
                                /** @description Its items in force today (UTC) */
                                readonly items: readonly {
                                    readonly expiresOn?: string;
                                    readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                    readonly licenseType: string;
                                    readonly product: string;
                                    readonly quantity: number;
                                }[];
                                /** @description The RK's latest activated license */
                                readonly licenseId: string;
                                /** @description An LFR that replaces this license was received, and no OLF answers it yet */
                                readonly moving: boolean;
                                readonly registrationKey: string;
                                /** @description The customer's last day for activating orders; null when it is not marked for migration */
                                readonly renewUntil: string | null;
                                readonly revision: number;
                            }[];
                            readonly renewUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/usage": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The usage every site tenant reported: the latest, and its history over time
         * @description Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly sites: readonly {
                                readonly history: readonly {
                                    readonly cycle: number;
                                    readonly issuedAt: string;
                                    readonly lfrId: string;
                                    readonly receivedAt: string;
                                    readonly sequence: number;
                                    readonly usage: {
                                        readonly floating?: readonly {
                                            readonly borrows: number;
                                            readonly days: readonly {
                                                readonly borrowed: number;
                                                readonly day: string;
                                                readonly peak: number;
                                            }[];
                                            readonly leases: number;
                                            readonly type: string;
                                        }[];
                                        readonly ledger: {
                                            readonly head: string;
                                            readonly sequence: number;
                                        };
                                        readonly meters: readonly {
                                            readonly total: number;
                                            readonly type: string;
                                        }[];
                                        readonly seats: readonly {
                                            readonly type: string;
                                            readonly used: number;
                                            readonly users: readonly string[];
                                        }[];
                                    };
                                }[];
                                readonly latest: {
                                    readonly cycle: number;
                                    readonly issuedAt: string;
                                    readonly lfrId: string;
                                    readonly receivedAt: string;
                                    readonly sequence: number;
                                    readonly usage: {
                                        readonly floating?: readonly {
                                            readonly borrows: number;
                                            readonly days: readonly {
                                                readonly borrowed: number;
                                                readonly day: string;
                                                readonly peak: number;
                                            }[];
                                            readonly leases: number;
                                            readonly type: string;
                                        }[];
                                        readonly ledger: {
                                            readonly head: string;
                                            readonly sequence: number;
                                        };
                                        readonly meters: readonly {
                                            readonly total: number;
                                            readonly type: string;
                                        }[];
                                        readonly seats: readonly {
                                            readonly type: string;
                                            readonly used: number;
                                            readonly users: readonly string[];
                                        }[];
                                    };
                                };
                                readonly siteGuid: string;
                                readonly tenant: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/usage/readings": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The usage every site tenant reported, one row per number: for a spreadsheet (`?format=csv`)
         * @description Per LFR, in the order received per site tenant: `seats` (users holding a named seat of the type) and `meter` (the total consumed) as of `issuedAt`; `floating-peak` and `floating-borrowed` per UTC `day` it carried.
         *
         *     Needs the `licenses:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly cycle: number;
                            readonly day: string | null;
                            readonly issuedAt: string;
                            readonly kind: "seats" | "meter" | "floating-peak" | "floating-borrowed";
                            readonly lfrId: string;
                            readonly receivedAt: string;
                            readonly sequence: number;
                            readonly siteGuid: string;
                            readonly tenant: string;
                            readonly type: string;
                            readonly value: number;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/users": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's portal users, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default) or `email`, searched by a prefix of the e-mail. Without any of them: every user by creation as a bare array (deprecated; it will be removed).
         *
         *     Needs the `customers:read` permission, or a user of this customer.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of createdAt, email; `-` before it sorts descending. Default `createdAt`; ties are broken by id. */
                    readonly sort?: "createdAt" | "-createdAt" | "email" | "-email";
                };
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly customerId: string;
                                readonly email: string;
                                readonly id: string;
                                readonly mustChangePassword: boolean;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The customer's users matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Give a customer a portal user, whose password is a one-time password they must replace at their first sign-in
         * @description Needs the `customers:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly email: string;
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/users/{userId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        readonly post?: never;
        /**
         * Remove a portal user: their sessions end at once
         * @description Needs the `customers:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly userId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/customers/{customerId}/users/{userId}/password": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Set a portal user's password for one who forgot it: they must choose their own at the next sign-in, and their sessions end
         * @description Needs the `customers:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                    readonly userId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** Format: date-time */
                            readonly createdAt: string;
                            readonly customerId: string;
                            readonly email: string;
                            readonly id: string;
                            readonly mustChangePassword: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/dashboard": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * What needs the vendor today
         * @description Offline-licensing requests waiting for a decision; LFRs no OLF answers yet, by when their site locks (`overdue`, `soon`: within 48 hours, `later`); customer accounts, site licenses and device licenses ending within 30 days; license letters that failed; connected sites that are late. Each list gives `count` (all of them) and its first 20 `items`, most urgent first.
         *
         *     Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly accountsEnding: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly accountEndsOn: string;
                                    readonly customerId: string;
                                    readonly customerName: string;
                                }[];
                            };
                            readonly deviceLicensesEnding: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly customerId: string | null;
                                    /** Format: date-time */
                                    readonly expiresAt: string;
                                    readonly licenseId: string;
                                    readonly product: string;
                                }[];
                            };
                            readonly failedLetters: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly attempts: number;
                                    readonly id: string;
                                    readonly lastError: string | null;
                                    readonly orderId: string | null;
                                    readonly recipient: string;
                                    readonly subject: string;
                                }[];
                            };
                            readonly lateSites: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly customerId: string;
                                    readonly customerName: string;
                                    /** @description How often the customer's policy has its connected sites exchange */
                                    readonly exchangeIntervalMs: number;
                                    /** Format: date-time */
                                    readonly firstExchangeAt: string;
                                    readonly lastCode: string | null;
                                    /** Format: date-time */
                                    readonly lastExchangeAt: string;
                                    readonly lastLfrId: string | null;
                                    /** @description `answered`, `pending` or `refused` */
                                    readonly lastStatus: string;
                                    /** @description Still on the link, and no exchange for two intervals */
                                    readonly late: boolean;
                                    /**
                                     * Format: date-time
                                     * @description Two intervals after the last exchange
                                     */
                                    readonly lateAfter: string;
                                    /** @description `files` once an LFR was carried by hand after the last exchange: the tenant left the link */
                                    readonly mode: "files" | "connected";
                                    readonly siteGuid: string;
                                    readonly siteName: string;
                                    readonly siteVersion: string;
                                    readonly tenant: string;
                                }[];
                            };
                            readonly lfrsAwaitingOlf: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly customerId: string;
                                    readonly customerName: string;
                                    readonly lfrId: string;
                                    /** Format: date-time */
                                    readonly locksAt: string;
                                    /** Format: date-time */
                                    readonly receivedAt: string;
                                    readonly siteGuid: string;
                                    readonly tenant: string;
                                    readonly urgency: "overdue" | "soon" | "later";
                                }[];
                            };
                            /** Format: date-time */
                            readonly now: string;
                            readonly offlineRequests: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly customerId: string;
                                    readonly customerName: string;
                                    readonly id: string;
                                    readonly reason: string;
                                    /** Format: date-time */
                                    readonly requestedAt: string;
                                }[];
                            };
                            readonly siteLicensesEnding: {
                                readonly count: number;
                                readonly items: readonly {
                                    readonly customerId: string;
                                    readonly customerName: string;
                                    readonly endsOn: string;
                                    readonly siteGuid: string;
                                    readonly tenant: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List device licenses, newest first, with their activations and usage, a page at a time
         * @description Filter by `customerId` and `productId`. With any of `limit`, `after`, `sort` or `q`: a page `{items, next}` (no total: counting every license is not cheap) sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the license id. Without any of them: every matching license as a bare array (deprecated; it will be removed).
         *
         *     Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    readonly customerId?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    readonly productId?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of createdAt, id; `-` before it sorts descending. Default `-createdAt`; ties are broken by id. */
                    readonly sort?: "createdAt" | "-createdAt" | "id" | "-id";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly activations: readonly {
                                    readonly activatedAt: string;
                                    /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                    readonly activatedBy: string;
                                    readonly appVersion: string | null;
                                    readonly channel: "offline" | "online" | "code";
                                    readonly deactivatedAt: string | null;
                                    /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                    readonly deactivatedBy: string | null;
                                    readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                    /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                    readonly deactivationSource: "device" | "vendor" | null;
                                    readonly deviceKeyThumbprint: string;
                                    /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                    readonly deviceMayStillRun: boolean;
                                    readonly deviceName: string | null;
                                    /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                    readonly environment: {
                                        readonly container: boolean;
                                        readonly virtualMachine: boolean;
                                    } | null;
                                    readonly fingerprint: string;
                                    readonly id: string;
                                    /** @description When the device last activated, validated or checked in online; null: never. */
                                    readonly lastOnlineAt: string | null;
                                    readonly lastSeenAt: string;
                                    readonly licenseFileId: string;
                                    readonly revision: number;
                                    /** @description null for an activation by typed codes. */
                                    readonly sdkVersion: string | null;
                                    readonly status: "active" | "deactivated";
                                    readonly variables: readonly {
                                        readonly name: string;
                                        readonly value: string;
                                    }[] | null;
                                }[];
                                readonly activeActivations: number;
                                readonly blockedDevices: readonly {
                                    readonly blockedAt: string;
                                    readonly blockedBy: string;
                                    readonly fingerprint: string;
                                    readonly reason: string | null;
                                }[];
                                readonly createdAt: string;
                                readonly credential: "license-key" | "user" | "trial";
                                /** @description null for a trial: it belongs to no customer. */
                                readonly customerId: string | null;
                                readonly entitlements: {
                                    readonly features: readonly string[];
                                    readonly meters: readonly {
                                        readonly limit: number | null;
                                        readonly meter: string;
                                        /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                        readonly overage?: number;
                                    }[];
                                };
                                readonly expiresAt: string | null;
                                readonly id: string;
                                readonly licenseKeyHint: string | null;
                                readonly metadata: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[];
                                /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                                readonly meters: readonly {
                                    /** @description What the license's devices have reported consuming. */
                                    readonly counted: number;
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description The allowance beyond the limit. */
                                    readonly overage: number;
                                    /** @description What the devices hold allotted and have not reported consuming. */
                                    readonly reserved: number;
                                }[];
                                /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                                readonly overrides: {
                                    readonly allowOffline?: boolean;
                                    readonly allowVirtualMachines?: boolean;
                                    readonly expiryGraceMs?: number;
                                    readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                    readonly maxActivations?: number | null;
                                    readonly maxOfflineMs?: number | null;
                                    readonly meterAllotment?: number | null;
                                    readonly meterOveragePercent?: number;
                                    readonly offlineGraceMs?: number;
                                };
                                /** @description null for a trial under the default settings. */
                                readonly policyId: string | null;
                                readonly productId: string;
                                readonly revision: number;
                                /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                                readonly settings: {
                                    readonly allowOffline: boolean;
                                    readonly allowOnline: boolean;
                                    readonly allowVirtualMachines: boolean;
                                    readonly expiryGraceMs: number;
                                    readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                    readonly maxActivations: number | null;
                                    readonly maxOfflineMs: number | null;
                                    readonly meterAllotment: number | null;
                                    readonly meterOveragePercent: number;
                                    readonly offlineGraceMs: number;
                                };
                                /** @description Set while the vendor suspends the license. */
                                readonly suspension: {
                                    readonly at: string;
                                    readonly by: string;
                                    readonly reason: string | null;
                                } | null;
                                readonly updatedAt: string;
                                readonly usage: readonly {
                                    readonly meter: string;
                                    readonly total: number;
                                }[];
                                readonly users: readonly {
                                    readonly createdAt: string;
                                    readonly id: string;
                                    readonly username: string;
                                }[];
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description Never given on this list: counting every license is not cheap. */
                            readonly total?: number;
                        } | readonly {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Create a device license (key-based: its license key is in this answer only; user-based: with its users)
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly allowOnline?: boolean;
                        readonly credential: "license-key" | "user";
                        readonly customerId: string;
                        readonly entitlements?: {
                            readonly features: readonly string[];
                            readonly meters: readonly {
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                readonly overage?: number;
                            }[];
                        };
                        readonly expiresAt?: string | null;
                        readonly metadata?: readonly {
                            readonly name: string;
                            readonly value: string;
                        }[];
                        /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                        readonly overrides?: {
                            readonly allowOffline?: boolean;
                            readonly allowVirtualMachines?: boolean;
                            readonly expiryGraceMs?: number;
                            readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                            readonly maxActivations?: number | null;
                            readonly maxOfflineMs?: number | null;
                            readonly meterAllotment?: number | null;
                            readonly meterOveragePercent?: number;
                            readonly offlineGraceMs?: number;
                        };
                        readonly policyId?: string;
                        readonly productId: string;
                        readonly users?: readonly {
                            readonly password: string;
                            readonly username: string;
                        }[];
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            /** @description The license key, shown this once: only its hash is kept. */
                            readonly licenseKey?: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * One device license with its users, activations and recorded usage
         * @description Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /**
         * Edit a device license's settings, entitlements or metadata: its revision goes up by one
         * @description Needs the `licenses:write` permission.
         */
        readonly patch: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly allowOnline?: boolean;
                        readonly entitlements?: {
                            readonly features: readonly string[];
                            readonly meters: readonly {
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                readonly overage?: number;
                            }[];
                        };
                        readonly expectedRevision?: number;
                        readonly expiresAt?: string | null;
                        readonly metadata?: readonly {
                            readonly name: string;
                            readonly value: string;
                        }[];
                        /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                        readonly overrides?: {
                            readonly allowOffline?: boolean;
                            readonly allowVirtualMachines?: boolean;
                            readonly expiryGraceMs?: number;
                            readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                            readonly maxActivations?: number | null;
                            readonly maxOfflineMs?: number | null;
                            readonly meterAllotment?: number | null;
                            readonly meterOveragePercent?: number;
                            readonly offlineGraceMs?: number;
                        };
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/activations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A device license's activations, active and freed, a page at a time
         * @description Always a page `{items, next, total}` (a list newer than the bare arrays): sorted by `activatedAt` (default `-activatedAt`) or `lastSeenAt`, searched by a prefix of the device's fingerprint or name.
         *
         *     Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of activatedAt, lastSeenAt; `-` before it sorts descending. Default `-activatedAt`; ties are broken by id. */
                    readonly sort?: "activatedAt" | "-activatedAt" | "lastSeenAt" | "-lastSeenAt";
                };
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The license's activations matching `q`, counted on every page. */
                            readonly total?: number;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/activations/{activationId}/deactivate": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Free one activation's slot (the vendor deactivates it)
         * @description An online device learns it at its next validation or check-in. A device activated offline cannot be told: its slot is freed at once and the activation records that the device may still run (deviceMayStillRun). ACTIVATION_ALREADY_FREED when it is not active.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly activationId: string;
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activatedAt: string;
                            /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                            readonly activatedBy: string;
                            readonly appVersion: string | null;
                            readonly channel: "offline" | "online" | "code";
                            readonly deactivatedAt: string | null;
                            /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                            readonly deactivatedBy: string | null;
                            readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                            /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                            readonly deactivationSource: "device" | "vendor" | null;
                            readonly deviceKeyThumbprint: string;
                            /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                            readonly deviceMayStillRun: boolean;
                            readonly deviceName: string | null;
                            /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                            readonly environment: {
                                readonly container: boolean;
                                readonly virtualMachine: boolean;
                            } | null;
                            readonly fingerprint: string;
                            readonly id: string;
                            /** @description When the device last activated, validated or checked in online; null: never. */
                            readonly lastOnlineAt: string | null;
                            readonly lastSeenAt: string;
                            readonly licenseFileId: string;
                            readonly revision: number;
                            /** @description null for an activation by typed codes. */
                            readonly sdkVersion: string | null;
                            readonly status: "active" | "deactivated";
                            readonly variables: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[] | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/activations/{activationId}/refresh-file": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * A refresh file carrying the license's current revision to one activated device
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly activationId: string;
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                            readonly refreshes: string;
                            readonly revision: number;
                            /** @description The device license refresh file (armoured). */
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/blocked-devices": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Block a device fingerprint on the license: its activations are freed and its activation requests refused (DEVICE_BLOCKED)
         * @description Online validation answers it blocked. DEVICE_ALREADY_BLOCKED when it is blocked already.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly fingerprint: string;
                        readonly reason?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly blockedAt: string;
                            readonly blockedBy: string;
                            readonly fingerprint: string;
                            /** @description How many of the device's active activations were freed. */
                            readonly freed: number;
                            readonly reason: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/blocked-devices/{fingerprint}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        readonly post?: never;
        /**
         * Unblock a device: it may be activated again
         * @description Needs the `licenses:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly fingerprint: string;
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Unblocked. */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/reset": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Free every active activation of the license; answers how many
         * @description Each activation is recorded as the single deactivation is. ACTIVATION_ALREADY_FREED when none is active.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description How many active activations were freed. */
                            readonly freed: number;
                            readonly licenseId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/resume": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Resume a suspended license
         * @description LICENSE_NOT_SUSPENDED when it is not suspended.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/suspend": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Suspend the license: activations and refreshes are refused (LICENSE_SUSPENDED), validation and check-in answer suspended
         * @description Activations keep their slots. LICENSE_ALREADY_SUSPENDED when it is suspended already.
         *
         *     Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly reason?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activations: readonly {
                                readonly activatedAt: string;
                                /** @description device:<key thumbprint>, or license-user:<id> on a user-based license. */
                                readonly activatedBy: string;
                                readonly appVersion: string | null;
                                readonly channel: "offline" | "online" | "code";
                                readonly deactivatedAt: string | null;
                                /** @description Who freed the slot: the device (device:<key thumbprint>) or the vendor (admin:<id>, token:<id>). */
                                readonly deactivatedBy: string | null;
                                readonly deactivationReason: "deactivated" | "reset" | "blocked" | "user-removed" | null;
                                /** @description device: its own deactivation file; vendor: the vendor freed the slot. */
                                readonly deactivationSource: "device" | "vendor" | null;
                                readonly deviceKeyThumbprint: string;
                                /** @description The vendor freed the slot of a device activated offline that never talked online: nothing could tell it, so it may still run until its license ends or it next talks to the authority. */
                                readonly deviceMayStillRun: boolean;
                                readonly deviceName: string | null;
                                /** @description What the device said at its latest activation of where it runs; null when it did not say (an SDK older than the claim). */
                                readonly environment: {
                                    readonly container: boolean;
                                    readonly virtualMachine: boolean;
                                } | null;
                                readonly fingerprint: string;
                                readonly id: string;
                                /** @description When the device last activated, validated or checked in online; null: never. */
                                readonly lastOnlineAt: string | null;
                                readonly lastSeenAt: string;
                                readonly licenseFileId: string;
                                readonly revision: number;
                                /** @description null for an activation by typed codes. */
                                readonly sdkVersion: string | null;
                                readonly status: "active" | "deactivated";
                                readonly variables: readonly {
                                    readonly name: string;
                                    readonly value: string;
                                }[] | null;
                            }[];
                            readonly activeActivations: number;
                            readonly blockedDevices: readonly {
                                readonly blockedAt: string;
                                readonly blockedBy: string;
                                readonly fingerprint: string;
                                readonly reason: string | null;
                            }[];
                            readonly createdAt: string;
                            readonly credential: "license-key" | "user" | "trial";
                            /** @description null for a trial: it belongs to no customer. */
                            readonly customerId: string | null;
                            readonly entitlements: {
                                readonly features: readonly string[];
                                readonly meters: readonly {
                                    readonly limit: number | null;
                                    readonly meter: string;
                                    /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                                    readonly overage?: number;
                                }[];
                            };
                            readonly expiresAt: string | null;
                            readonly id: string;
                            readonly licenseKeyHint: string | null;
                            readonly metadata: readonly {
                                readonly name: string;
                                readonly value: string;
                            }[];
                            /** @description Each meter of the license with its totals: see docs/devices.md, "Meter limits shared by devices". */
                            readonly meters: readonly {
                                /** @description What the license's devices have reported consuming. */
                                readonly counted: number;
                                readonly limit: number | null;
                                readonly meter: string;
                                /** @description The allowance beyond the limit. */
                                readonly overage: number;
                                /** @description What the devices hold allotted and have not reported consuming. */
                                readonly reserved: number;
                            }[];
                            /** @description Policy settings this license sets itself; each one left out is inherited from the policy. */
                            readonly overrides: {
                                readonly allowOffline?: boolean;
                                readonly allowVirtualMachines?: boolean;
                                readonly expiryGraceMs?: number;
                                readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations?: number | null;
                                readonly maxOfflineMs?: number | null;
                                readonly meterAllotment?: number | null;
                                readonly meterOveragePercent?: number;
                                readonly offlineGraceMs?: number;
                            };
                            /** @description null for a trial under the default settings. */
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly revision: number;
                            /** @description The settings in force: the license's own where it overrides its policy, the policy's otherwise (docs/devices.md). */
                            readonly settings: {
                                readonly allowOffline: boolean;
                                readonly allowOnline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly expiryGraceMs: number;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly offlineGraceMs: number;
                            };
                            /** @description Set while the vendor suspends the license. */
                            readonly suspension: {
                                readonly at: string;
                                readonly by: string;
                                readonly reason: string | null;
                            } | null;
                            readonly updatedAt: string;
                            readonly usage: readonly {
                                readonly meter: string;
                                readonly total: number;
                            }[];
                            readonly users: readonly {
                                readonly createdAt: string;
                                readonly id: string;
                                readonly username: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/users": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Add a user to a user-based device license
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly password: string;
                        readonly username: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly createdAt: string;
                            readonly id: string;
                            readonly username: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/users/{userId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        readonly post?: never;
        /**
         * Remove a user from a user-based license: the activations the user made are freed
         * @description Needs the `licenses:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                    readonly userId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description How many activations the user made were freed. */
                            readonly freed: number;
                            readonly userId: string;
                            readonly username: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/device-licenses/{licenseId}/users/{userId}/password": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Set a license user's password (at least 12 characters): the old one is refused from now on
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly licenseId: string;
                    readonly userId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly password: string;
                    };
                };
            };
            readonly responses: {
                /** @description Set. */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/devices/activate": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Activate a device online: the same device license file as the portal gives */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly password?: string;
                        readonly request: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                            readonly revision: number;
                            /** @description The device license file (armoured). */
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/devices/check-in": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Report consumption with a device usage report signed by the device key; each report counts once
         * @description The answer's status tells the device what validation would (active, deactivated, suspended, blocked, expired). A suspended license's reports are counted, and so are those of a device whose slot the vendor freed.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly report: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            /** @description False when this report had been counted already. */
                            readonly counted: boolean;
                            readonly licenseId: string;
                            /** @description The device check-in receipt (armoured) that answers this report. */
                            readonly receipt: string;
                            readonly sequence: number;
                            /** @description active; deactivated (its slot was freed); suspended (the vendor suspended the license); blocked (the vendor blocked this device); expired. */
                            readonly status: "active" | "deactivated" | "suspended" | "blocked" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/devices/deactivate": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Deactivate a device online with its deactivation file */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly file: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly consumption: readonly {
                                readonly amount: number;
                                readonly meter: string;
                            }[];
                            readonly licenseId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/devices/validate": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * A fresh activation request proves the device: its activation's status, with a refresh file when the license is newer or the device's meter allotments changed
         * @description status: active, blocked (the vendor blocked this device), deactivated (its slot was freed, by the device or the vendor), suspended (the vendor suspended the license) or expired; a refresh file comes only with active.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly request: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                            /** @description The device check-in receipt (armoured) that answers this request: the device counts its offline period from its time. */
                            readonly receipt: string;
                            readonly revision: number;
                            /** @description active; deactivated (its slot was freed); suspended (the vendor suspended the license); blocked (the vendor blocked this device); expired. */
                            readonly status: "active" | "deactivated" | "suspended" | "blocked" | "expired";
                            /** @description A refresh file, when the license is newer than what the device holds or its meter allotments changed. */
                            readonly text?: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/keys": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List the authority keys (public parts only) and the newest revocation list
         * @description Needs the `keys:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly keys: readonly {
                                readonly certificate: string | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly kid: string;
                                /** Format: date-time */
                                readonly notAfter: string;
                                /** Format: date-time */
                                readonly notBefore: string;
                                readonly publicJwk: {
                                    readonly crv: "Ed25519" | "X25519";
                                    /** @enum {string} */
                                    readonly kty: "OKP";
                                    readonly x: string;
                                };
                                readonly purpose: "root" | "sig" | "enc";
                                readonly revokedAt: string | null;
                                readonly status: "active" | "retired" | "revoked";
                            }[];
                            readonly revocationList: {
                                readonly compact: string;
                                readonly serial: number;
                            } | null;
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/keys/{kid}/revoke": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Revoke a signing or encryption key
         * @description The root signs a new revocation list naming the key; every document signed from then on carries it, and sites refuse what the key signed once they have seen it. An active key is replaced in the same step.
         *
         *     Needs the `keys:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly kid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly reason: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly replacement: {
                                readonly certificate: string | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly kid: string;
                                /** Format: date-time */
                                readonly notAfter: string;
                                /** Format: date-time */
                                readonly notBefore: string;
                                readonly publicJwk: {
                                    readonly crv: "Ed25519" | "X25519";
                                    /** @enum {string} */
                                    readonly kty: "OKP";
                                    readonly x: string;
                                };
                                readonly purpose: "root" | "sig" | "enc";
                                readonly revokedAt: string | null;
                                readonly status: "active" | "retired" | "revoked";
                            } | null;
                            readonly revocationList: {
                                readonly compact: string;
                                readonly serial: number;
                            };
                            readonly revoked: {
                                readonly certificate: string | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly kid: string;
                                /** Format: date-time */
                                readonly notAfter: string;
                                /** Format: date-time */
                                readonly notBefore: string;
                                readonly publicJwk: {
                                    readonly crv: "Ed25519" | "X25519";
                                    /** @enum {string} */
                                    readonly kty: "OKP";
                                    readonly x: string;
                                };
                                readonly purpose: "root" | "sig" | "enc";
                                readonly revokedAt: string | null;
                                readonly status: "active" | "retired" | "revoked";
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/keys/encryption": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The authority's encryption-key certificate, that apps ship to encrypt their requests to it
         * @description Signed by the root key: an app that pins the root checks it before use (the SDK does, in `Airlock.open`), so it may be fetched over any channel. A new one is published when the encryption key is rotated or renewed.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly certificate: string;
                            readonly kid: string;
                            /** Format: date-time */
                            readonly notAfter: string;
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/keys/root": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The root public key that sites and apps pin
         * @description Pin `jwk` (or its `kid`, the RFC 7638 thumbprint, to check it by eye): every authority document chains to it.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly jwk: {
                                readonly crv: "Ed25519" | "X25519";
                                /** @enum {string} */
                                readonly kty: "OKP";
                                readonly x: string;
                            };
                            readonly kid: string;
                            /** @description The same Ed25519 public key as SPKI PEM, for tools that read PEM. */
                            readonly pem: string;
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/keys/rotate": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Rotate the signing or the encryption key
         * @description A new key, certified by the root, becomes active; the old one is retired (what it signed stays valid, and a retired encryption key still decrypts).
         *
         *     Needs the `keys:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly purpose: "sig" | "enc";
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly active: {
                                readonly certificate: string | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly kid: string;
                                /** Format: date-time */
                                readonly notAfter: string;
                                /** Format: date-time */
                                readonly notBefore: string;
                                readonly publicJwk: {
                                    readonly crv: "Ed25519" | "X25519";
                                    /** @enum {string} */
                                    readonly kty: "OKP";
                                    readonly x: string;
                                };
                                readonly purpose: "root" | "sig" | "enc";
                                readonly revokedAt: string | null;
                                readonly status: "active" | "retired" | "revoked";
                            };
                            readonly retired: {
                                readonly certificate: string | null;
                                /** Format: date-time */
                                readonly createdAt: string;
                                readonly kid: string;
                                /** Format: date-time */
                                readonly notAfter: string;
                                /** Format: date-time */
                                readonly notBefore: string;
                                readonly publicJwk: {
                                    readonly crv: "Ed25519" | "X25519";
                                    /** @enum {string} */
                                    readonly kty: "OKP";
                                    readonly x: string;
                                };
                                readonly purpose: "root" | "sig" | "enc";
                                readonly revokedAt: string | null;
                                readonly status: "active" | "retired" | "revoked";
                            };
                        };
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/offline-requests": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every customer's offline-licensing requests, newest first, a page at a time
         * @description Always a page `{items, next, total}` (this list is newer than the bare arrays): by `requestedAt`, newest first unless `sort=requestedAt`; `status` keeps one status, or `decided` the approved and denied ones. Each request has its customer's name.
         *
         *     Needs the `customers:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: this list has no searchable column; any q is refused. */
                    readonly q?: string;
                    /** @description One of requestedAt; `-` before it sorts descending. Default `-requestedAt`; ties are broken by id. */
                    readonly sort?: "requestedAt" | "-requestedAt";
                    readonly status?: "pending" | "approved" | "denied" | "decided";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly customerId: string;
                                readonly customerName: string;
                                readonly decidedAt: string | null;
                                readonly decidedBy: string | null;
                                /** @description The administrator who decided, in words: their e-mail (the actor when the account is gone). */
                                readonly decidedByName: string | null;
                                readonly decisionNote: string | null;
                                readonly details: string;
                                readonly id: string;
                                readonly minimumSiteVersion: string | null;
                                readonly reason: "regulated-industry" | "air-gapped" | "other";
                                /** Format: date-time */
                                readonly requestedAt: string;
                                /** @description The actor as the audit log names it (admin:<id>, customer-user:<id>). */
                                readonly requestedBy: string;
                                /** @description Who asked, in words: their e-mail (the actor when the account is gone). */
                                readonly requestedByName: string;
                                readonly status: "pending" | "approved" | "denied";
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The requests of the status asked (or all), counted on every page. */
                            readonly total?: number;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/offline-requests/{requestId}/decision": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Approve or deny a pending offline-licensing request
         * @description Needs the `approvals:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly requestId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly decision: "approve" | "deny";
                        readonly note?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            /** @description The administrator who decided, in words: their e-mail (the actor when the account is gone). */
                            readonly decidedByName: string | null;
                            readonly decisionNote: string | null;
                            readonly details: string;
                            readonly id: string;
                            readonly minimumSiteVersion: string | null;
                            readonly reason: "regulated-industry" | "air-gapped" | "other";
                            /** Format: date-time */
                            readonly requestedAt: string;
                            /** @description The actor as the audit log names it (admin:<id>, customer-user:<id>). */
                            readonly requestedBy: string;
                            /** @description Who asked, in words: their e-mail (the actor when the account is gone). */
                            readonly requestedByName: string;
                            readonly status: "pending" | "approved" | "denied";
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/policies": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List licensing policies, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by `id` (default) or `name`, searched by a prefix of the id or name. Without any of them: every policy by id as a bare array (deprecated; it will be removed).
         *
         *     Needs the `customers:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of id, name; `-` before it sorts descending. Default `id`; ties are broken by id. */
                    readonly sort?: "id" | "-id" | "name" | "-name";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly allowOffline: boolean;
                                readonly allowVirtualMachines: boolean;
                                readonly clockSkewToleranceMs: number;
                                /** @description automatic: the authority answers each LFR sent over the link at once; manual: a person issues each OLF in the console */
                                readonly connectedApproval: "automatic" | "manual";
                                readonly cycleWindowFromFirstLfrMs: number;
                                readonly cycleWindowFromLatestLfrMs: number;
                                readonly enablementTokenTtlMs: number;
                                /** @description how often a connected site sends its LFR */
                                readonly exchangeIntervalMs: number;
                                readonly expiringSoonWindowMs: number;
                                readonly expiryGraceMs: number;
                                readonly id: string;
                                readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                                readonly maxActivations: number | null;
                                readonly maxOfflineMs: number | null;
                                readonly meterAllotment: number | null;
                                readonly meterOveragePercent: number;
                                readonly minimumConnectedSiteVersion: string | null;
                                readonly minimumSiteVersion: string | null;
                                readonly name: string;
                                readonly offlineGraceMs: number;
                                /** @description files: carried by hand only; connected: over the link only; files-or-connected: either */
                                readonly siteLicensing: "files" | "files-or-connected" | "connected";
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The policies matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly allowOffline: boolean;
                            readonly allowVirtualMachines: boolean;
                            readonly clockSkewToleranceMs: number;
                            /** @description automatic: the authority answers each LFR sent over the link at once; manual: a person issues each OLF in the console */
                            readonly connectedApproval: "automatic" | "manual";
                            readonly cycleWindowFromFirstLfrMs: number;
                            readonly cycleWindowFromLatestLfrMs: number;
                            readonly enablementTokenTtlMs: number;
                            /** @description how often a connected site sends its LFR */
                            readonly exchangeIntervalMs: number;
                            readonly expiringSoonWindowMs: number;
                            readonly expiryGraceMs: number;
                            readonly id: string;
                            readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                            readonly maxActivations: number | null;
                            readonly maxOfflineMs: number | null;
                            readonly meterAllotment: number | null;
                            readonly meterOveragePercent: number;
                            readonly minimumConnectedSiteVersion: string | null;
                            readonly minimumSiteVersion: string | null;
                            readonly name: string;
                            readonly offlineGraceMs: number;
                            /** @description files: carried by hand only; connected: over the link only; files-or-connected: either */
                            readonly siteLicensing: "files" | "files-or-connected" | "connected";
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Create a licensing policy (settings left out take their defaults)
         * @description Needs the `customers:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly allowOffline?: boolean;
                        readonly allowVirtualMachines?: boolean;
                        readonly clockSkewToleranceMs?: number;
                        /** @description automatic: the authority answers each LFR sent over the link at once; manual: a person issues each OLF in the console */
                        readonly connectedApproval?: "automatic" | "manual";
                        readonly cycleWindowFromFirstLfrMs?: number;
                        readonly cycleWindowFromLatestLfrMs?: number;
                        readonly enablementTokenTtlMs?: number;
                        /** @description how often a connected site sends its LFR */
                        readonly exchangeIntervalMs?: number;
                        readonly expiringSoonWindowMs?: number;
                        readonly expiryGraceMs?: number;
                        readonly id: string;
                        readonly kind?: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                        readonly maxActivations?: number | null;
                        readonly maxOfflineMs?: number | null;
                        readonly meterAllotment?: number | null;
                        readonly meterOveragePercent?: number;
                        readonly minimumConnectedSiteVersion?: string | null;
                        readonly minimumSiteVersion?: string | null;
                        readonly name: string;
                        readonly offlineGraceMs?: number;
                        /** @description files: carried by hand only; connected: over the link only; files-or-connected: either */
                        readonly siteLicensing?: "files" | "files-or-connected" | "connected";
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowOffline: boolean;
                            readonly allowVirtualMachines: boolean;
                            readonly clockSkewToleranceMs: number;
                            /** @description automatic: the authority answers each LFR sent over the link at once; manual: a person issues each OLF in the console */
                            readonly connectedApproval: "automatic" | "manual";
                            readonly cycleWindowFromFirstLfrMs: number;
                            readonly cycleWindowFromLatestLfrMs: number;
                            readonly enablementTokenTtlMs: number;
                            /** @description how often a connected site sends its LFR */
                            readonly exchangeIntervalMs: number;
                            readonly expiringSoonWindowMs: number;
                            readonly expiryGraceMs: number;
                            readonly id: string;
                            readonly kind: "permanent" | "term" | "subscription" | "pilot" | "temporary" | "consumption";
                            readonly maxActivations: number | null;
                            readonly maxOfflineMs: number | null;
                            readonly meterAllotment: number | null;
                            readonly meterOveragePercent: number;
                            readonly minimumConnectedSiteVersion: string | null;
                            readonly minimumSiteVersion: string | null;
                            readonly name: string;
                            readonly offlineGraceMs: number;
                            /** @description files: carried by hand only; connected: over the link only; files-or-connected: either */
                            readonly siteLicensing: "files" | "files-or-connected" | "connected";
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/activations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Upload a device activation request and receive the device license file
         * @description A user-based license needs its user's password. Offline rules apply: allowOffline, no subscriptions, expiry, the activation limit.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly password?: string;
                        readonly request: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                            readonly revision: number;
                            /** @description The device license file (armoured). */
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/branding": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The brand of the host this request was made to (its Host header), else the default brand */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly colors: {
                                readonly background: string;
                                readonly primary: string;
                                readonly text: string;
                            };
                            readonly hostName: string | null;
                            readonly logoDataUri: string | null;
                            readonly logoUrl: string | null;
                            readonly name: string;
                            readonly supportEmail: string | null;
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/code-activations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Activate a device by typed codes: the license key and the initialization code the device shows in, the activation code to type into it out
         * @description Key-based licenses only. Offline rules apply: allowOffline, no subscriptions, expiry, the activation limit. The same device again keeps its slot.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly initializationCode: string;
                        readonly licenseKey: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            /** @description The activation code to type into the device, XXXXXX-XXXXXX-XXXXXX. */
                            readonly activationCode: string;
                            readonly activationId: string;
                            /** @description The license's features the code carries: those among the product's code features. */
                            readonly features: readonly string[];
                            readonly licenseId: string;
                            readonly revision: number;
                            /** @description The end the code carries: the UTC midnight at or after the license's end; null when it never ends. */
                            readonly validUntil: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/code-deactivations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Free the activation of a device activated by typed codes, with the license key and the deactivation code the device shows */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly deactivationCode: string;
                        readonly licenseKey: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/deactivations": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Upload a deactivation file: frees the activation and counts its consumption, once */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly file: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly consumption: readonly {
                                readonly amount: number;
                                readonly meter: string;
                            }[];
                            readonly licenseId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/portal/refreshes": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /** Upload a new activation request from an activated device and receive its refresh file */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly request: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly activationId: string;
                            readonly licenseId: string;
                            readonly refreshes: string;
                            readonly revision: number;
                            /** @description The device license refresh file (armoured). */
                            readonly text: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 401: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/products": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * List products with their license types, a page at a time
         * @description With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by `id` (default) or `name`, searched by a prefix of the id or name. Without any of them: every product by id as a bare array (deprecated; it will be removed).
         *
         *     Needs the `catalogue:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of id, name; `-` before it sorts descending. Default `id`; ties are broken by id. */
                    readonly sort?: "id" | "-id" | "name" | "-name";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly id: string;
                                readonly licenseTypes: readonly {
                                    readonly category: "seat" | "meter" | "feature";
                                    readonly id: string;
                                    readonly name: string;
                                    readonly productId: string;
                                }[];
                                readonly name: string;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The products matching `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly id: string;
                            readonly licenseTypes: readonly {
                                readonly category: "seat" | "meter" | "feature";
                                readonly id: string;
                                readonly name: string;
                                readonly productId: string;
                            }[];
                            readonly name: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Create a product
         * @description Needs the `catalogue:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly id: string;
                        readonly name: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly id: string;
                            readonly licenseTypes: readonly {
                                readonly category: "seat" | "meter" | "feature";
                                readonly id: string;
                                readonly name: string;
                                readonly productId: string;
                            }[];
                            readonly name: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/products/{productId}/license-types": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Add a license type (seat, meter or feature) to a product
         * @description Needs the `catalogue:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly productId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly category: "seat" | "meter" | "feature";
                        readonly id: string;
                        readonly name: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly category: "seat" | "meter" | "feature";
                            readonly id: string;
                            readonly name: string;
                            readonly productId: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/products/{productId}/trial": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The product's trial offer
         * @description Needs the `catalogue:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly productId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowOffline: boolean;
                            readonly days: number | null;
                            readonly enabled: boolean;
                            readonly endsAt: string | null;
                            readonly features: readonly string[];
                            readonly meters: readonly {
                                readonly limit: number | null;
                                readonly meter: string;
                            }[];
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set the product's trial offer: what a device asking for a trial, with no license key, gets
         * @description Needs the `catalogue:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly productId: string;
                };
                readonly cookie?: never;
            };
            /** @description Exactly one of days and endsAt. */
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description Whether a trial may be started through the offline portal. */
                        readonly allowOffline: boolean;
                        /** @description Each trial lasts this many days from its start. */
                        readonly days?: number;
                        readonly enabled: boolean;
                        /**
                         * Format: date-time
                         * @description Every trial ends at this instant.
                         */
                        readonly endsAt?: string;
                        readonly features: readonly string[];
                        readonly meters: readonly {
                            readonly limit: number | null;
                            readonly meter: string;
                            /** @description How far past the limit the devices may go (a soft limit); the policy's meterOveragePercent of the limit when left out. */
                            readonly overage?: number;
                        }[];
                        readonly policyId?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowOffline: boolean;
                            readonly days: number | null;
                            readonly enabled: boolean;
                            readonly endsAt: string | null;
                            readonly features: readonly string[];
                            readonly meters: readonly {
                                readonly limit: number | null;
                                readonly meter: string;
                            }[];
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        /**
         * Withdraw the product's trial offer: trials already started run to their end, and no device gets a second one
         * @description Needs the `catalogue:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly productId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/reminders/unsubscribe": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * What an unsubscribe link is for: the customer, the kind, and whether it is still subscribed
         * @description Changes nothing (mail scanners open links). The page `/reminders/unsubscribe` shows this and asks to confirm.
         */
        readonly get: {
            readonly parameters: {
                readonly query: {
                    readonly token: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly customerName: string;
                            /** @description `account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due). */
                            readonly kind: "account" | "device-license" | "olf-due";
                            readonly subscribed: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Unsubscribe the link's customer from the link's kind of reminder (RFC 8058 one-click)
         * @description The token in the address says who and what; the body is ignored: JSON, or the form `List-Unsubscribe=One-Click` a mail reader posts. Doing it again answers the same. A token altered in any way is UNSUBSCRIBE_TOKEN_INVALID and changes nothing.
         */
        readonly post: {
            readonly parameters: {
                readonly query: {
                    readonly token: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly customerId: string;
                            readonly customerName: string;
                            /** @description `account`: the customer account ends; `device-license`: a device license ends; `olf-due`: a site tenant's offline license runs out (its next LFR is due). */
                            readonly kind: "account" | "device-license" | "olf-due";
                            readonly subscribed: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/settings/mfa": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The two-factor policy: whether every administrator must enrol (administrators only)
         * @description Needs the `tokens:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly requireForAdmins: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Require two-factor sign-in of every administrator, or stop requiring it (administrators only)
         * @description While required, an administrator without it who signs in gets 403 MFA_REQUIRED on everything but `/v1/auth/` until they enrol (`mfaEnrolmentRequired` in the sign-in answer and in `/v1/auth/me`). API tokens are not affected. Audited as `settings.mfa-policy`.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly requireForAdmins: boolean;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly requireForAdmins: boolean;
                        };
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/site-exchange": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * A connected site submits its LFR, or asks for the answer to one: the OLF, or why it waits
         * @description No bearer token: the site exchange request, signed by the site key its LFRs are signed with and encrypted to the authority, authenticates the site (docs/connected.md). Checks, first failure wins: the request (SITE_EXCHANGE_EXPIRED, DOCUMENT_REPLAYED), the site registered to the customer (SITE_NOT_REGISTERED), its key (SITE_KEY_MISMATCH), the policy (CONNECTED_MODE_NOT_ALLOWED), the version (SITE_VERSION_TOO_OLD), the LFR against the request (REQUEST_INVALID), then every check of an LFR upload. 200: the OLF answering the LFR. 202: no OLF yet, ask again after `retryAfter` seconds.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description the armoured LFR, only when the request submits one */
                        readonly lfr?: string;
                        /** @description the armoured site exchange request (docs/formats.md §6.14) */
                        readonly request: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly lfrId: string;
                            readonly olf: {
                                readonly end: string;
                                readonly id: string;
                                readonly start: string;
                                readonly text: string;
                            };
                            /** @enum {string} */
                            readonly status: "answered";
                        };
                    };
                };
                /** @description Default Response */
                readonly 202: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly detail: string;
                            readonly lfrId: string;
                            /** @description `approval`, or the code of what a person must decide (BELOW_USE_NOT_ACCEPTED, REBASELINE_PENDING, MIGRATION_NOT_COVERED, ...) */
                            readonly reason: string;
                            /** @description seconds before asking again (also the Retry-After header) */
                            readonly retryAfter: number;
                            /** @description with MIGRATION_NOT_COVERED: per license type, what the static license granted and what is available */
                            readonly shortfall?: readonly {
                                readonly available: number;
                                readonly granted: number;
                                readonly type: string;
                            }[];
                            /** @enum {string} */
                            readonly status: "pending";
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 403: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 413: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 422: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 429: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/site-links": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every site tenant that exchanged over the link, with its last exchange and whether it is late, a page at a time
         * @description A tenant is late when it has not exchanged for two of its policy's exchange intervals (docs/connected.md). Filter by `customerId`, and with `late=true` (or `false`). With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by customer (default) or `lastExchangeAt`, searched by a prefix of the site's or the customer's name. Without any of them: every one by customer, site and tenant as a bare array (deprecated; it will be removed).
         *
         *     Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description The `next` of the page before: an opaque cursor, valid for the same sort. */
                    readonly after?: string;
                    readonly customerId?: string;
                    readonly late?: "true" | "false";
                    /** @description Items per page, 1 to 500 (50 when left out). Any paging parameter answers a page instead of the deprecated bare array. */
                    readonly limit?: string;
                    /** @description Search: items whose name or id begins with this text, case-insensitively. */
                    readonly q?: string;
                    /** @description One of customer, lastExchangeAt; `-` before it sorts descending. Default `customer`; ties are broken by id. */
                    readonly sort?: "customer" | "-customer" | "lastExchangeAt" | "-lastExchangeAt";
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly customerId: string;
                                readonly customerName: string;
                                /** @description How often the customer's policy has its connected sites exchange */
                                readonly exchangeIntervalMs: number;
                                /** Format: date-time */
                                readonly firstExchangeAt: string;
                                readonly lastCode: string | null;
                                /** Format: date-time */
                                readonly lastExchangeAt: string;
                                readonly lastLfrId: string | null;
                                /** @description `answered`, `pending` or `refused` */
                                readonly lastStatus: string;
                                /** @description Still on the link, and no exchange for two intervals */
                                readonly late: boolean;
                                /**
                                 * Format: date-time
                                 * @description Two intervals after the last exchange
                                 */
                                readonly lateAfter: string;
                                /** @description `files` once an LFR was carried by hand after the last exchange: the tenant left the link */
                                readonly mode: "files" | "connected";
                                readonly siteGuid: string;
                                readonly siteName: string;
                                readonly siteVersion: string;
                                readonly tenant: string;
                            }[];
                            /** @description The `after` of the next page; null on the last page. */
                            readonly next: string | null;
                            /** @description The site tenants matching the filters and `q`, counted on every page. */
                            readonly total?: number;
                        } | readonly {
                            readonly customerId: string;
                            readonly customerName: string;
                            /** @description How often the customer's policy has its connected sites exchange */
                            readonly exchangeIntervalMs: number;
                            /** Format: date-time */
                            readonly firstExchangeAt: string;
                            readonly lastCode: string | null;
                            /** Format: date-time */
                            readonly lastExchangeAt: string;
                            readonly lastLfrId: string | null;
                            /** @description `answered`, `pending` or `refused` */
                            readonly lastStatus: string;
                            /** @description Still on the link, and no exchange for two intervals */
                            readonly late: boolean;
                            /**
                             * Format: date-time
                             * @description Two intervals after the last exchange
                             */
                            readonly lateAfter: string;
                            /** @description `files` once an LFR was carried by hand after the last exchange: the tenant left the link */
                            readonly mode: "files" | "connected";
                            readonly siteGuid: string;
                            readonly siteName: string;
                            readonly siteVersion: string;
                            readonly tenant: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sites/{siteGuid}/rebaselines": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The re-baselines a site restored from a backup asked for, newest first, with what each lost
         * @description Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly siteGuid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            readonly lfrId: string;
                            readonly lost: number;
                            readonly note: string | null;
                            readonly reached: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            /** Format: date-time */
                            readonly receivedAt: string;
                            readonly recorded: {
                                readonly head: string;
                                readonly sequence: number;
                            } | null;
                            readonly reported: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly restored: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly siteGuid: string;
                            readonly status: "pending" | "accepted" | "refused";
                            readonly tenant: string;
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sites/{siteGuid}/rebaselines/{lfrId}/accept": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Accept a restore's gap: the site tenant's ledger position is reset to the LFR's, and its OLF can be issued
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly lfrId: string;
                    readonly siteGuid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly note?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            readonly lfrId: string;
                            readonly lost: number;
                            readonly note: string | null;
                            readonly reached: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            /** Format: date-time */
                            readonly receivedAt: string;
                            readonly recorded: {
                                readonly head: string;
                                readonly sequence: number;
                            } | null;
                            readonly reported: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly restored: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly siteGuid: string;
                            readonly status: "pending" | "accepted" | "refused";
                            readonly tenant: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sites/{siteGuid}/rebaselines/{lfrId}/refuse": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Refuse a restore's gap: the LFR stays unanswerable
         * @description Needs the `licenses:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly lfrId: string;
                    readonly siteGuid: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly note?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly decidedAt: string | null;
                            readonly decidedBy: string | null;
                            readonly lfrId: string;
                            readonly lost: number;
                            readonly note: string | null;
                            readonly reached: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            /** Format: date-time */
                            readonly receivedAt: string;
                            readonly recorded: {
                                readonly head: string;
                                readonly sequence: number;
                            } | null;
                            readonly reported: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly restored: {
                                readonly head: string;
                                readonly sequence: number;
                            };
                            readonly siteGuid: string;
                            readonly status: "pending" | "accepted" | "refused";
                            readonly tenant: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/callback": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** The identity provider's answer (the redirect URI to register): opens the session and shows the page the sign-in started from */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly code?: string;
                    readonly error?: string;
                    readonly error_description?: string;
                    readonly error_uri?: string;
                    readonly iss?: string;
                    readonly session_state?: string;
                    readonly state?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": string;
                    };
                };
                /** @description Default Response */
                readonly 303: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/console": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The console's identity provider (never its client secret)
         * @description Needs the `tokens:write` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowedDomains: readonly string[];
                            readonly area: "console" | "portal";
                            readonly clientId: string;
                            readonly customerId: string | null;
                            readonly groupClaim: string;
                            readonly groupRoles: readonly {
                                readonly group: string;
                                readonly role: string;
                            }[];
                            readonly id: string;
                            readonly issuer: string;
                            readonly passwordSignIn: boolean;
                            /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                            readonly provisioning: "just-in-time" | "existing-accounts";
                            /** @description The redirect URI to register at the IdP. */
                            readonly redirectUri: string;
                            /** Format: date-time */
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set the console's identity provider: administrators sign in through it
         * @description The client secret is sealed under the key passphrase and never returned; leave it out to keep the current one. Audited as `sso.create` or `sso.update`.
         *
         *     Needs the `tokens:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly allowedDomains: readonly string[];
                        /** @description The client id Airlock was registered under at the IdP. */
                        readonly clientId: string;
                        /** @description Sealed at rest and never returned. Leave out to keep the current one. */
                        readonly clientSecret?: string;
                        /**
                         * @description The claim (ID token or UserInfo) that lists the groups.
                         * @default groups
                         */
                        readonly groupClaim: string;
                        /** @description IdP group → role. A person in none of these groups is refused (SSO_GROUP_NOT_ALLOWED). */
                        readonly groupRoles: readonly {
                            readonly group: string;
                            /** @enum {string} */
                            readonly role: "admin";
                        }[];
                        /**
                         * Format: uri
                         * @description The IdP's issuer URL; its `/.well-known/openid-configuration` is read.
                         */
                        readonly issuer: string;
                        /** @description Whether these accounts may still sign in with a password (false: PASSWORD_SIGN_IN_DISABLED). */
                        readonly passwordSignIn: boolean;
                        /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                        readonly provisioning: "just-in-time" | "existing-accounts";
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowedDomains: readonly string[];
                            readonly area: "console" | "portal";
                            readonly clientId: string;
                            readonly customerId: string | null;
                            readonly groupClaim: string;
                            readonly groupRoles: readonly {
                                readonly group: string;
                                readonly role: string;
                            }[];
                            readonly id: string;
                            readonly issuer: string;
                            readonly passwordSignIn: boolean;
                            /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                            readonly provisioning: "just-in-time" | "existing-accounts";
                            /** @description The redirect URI to register at the IdP. */
                            readonly redirectUri: string;
                            /** Format: date-time */
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        /**
         * Remove the console's identity provider (administrators keep their accounts)
         * @description Needs the `tokens:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/console/sign-in": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Start an administrator's sign-in at the console's identity provider (browser: 303 to the IdP) */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly next?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 303: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/customers": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every customer's identity provider
         * @description Needs the `customers:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly items: readonly {
                                readonly allowedDomains: readonly string[];
                                readonly area: "console" | "portal";
                                readonly clientId: string;
                                readonly customerId: string | null;
                                readonly groupClaim: string;
                                readonly groupRoles: readonly {
                                    readonly group: string;
                                    readonly role: string;
                                }[];
                                readonly id: string;
                                readonly issuer: string;
                                readonly passwordSignIn: boolean;
                                /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                                readonly provisioning: "just-in-time" | "existing-accounts";
                                /** @description The redirect URI to register at the IdP. */
                                readonly redirectUri: string;
                                /** Format: date-time */
                                readonly updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/customers/{customerId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A customer's identity provider, for its portal users
         * @description Needs the `customers:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowedDomains: readonly string[];
                            readonly area: "console" | "portal";
                            readonly clientId: string;
                            readonly customerId: string | null;
                            readonly groupClaim: string;
                            readonly groupRoles: readonly {
                                readonly group: string;
                                readonly role: string;
                            }[];
                            readonly id: string;
                            readonly issuer: string;
                            readonly passwordSignIn: boolean;
                            /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                            readonly provisioning: "just-in-time" | "existing-accounts";
                            /** @description The redirect URI to register at the IdP. */
                            readonly redirectUri: string;
                            /** Format: date-time */
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set a customer's identity provider: its portal users sign in through it
         * @description A domain belongs to one customer at most (CONFLICT otherwise): the portal finds the provider from the address a person types. Audited as `sso.create` or `sso.update`.
         *
         *     Needs the `customers:write` permission.
         */
        readonly put: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        /** @description A domain belongs to one customer at most: the portal finds the provider by it. */
                        readonly allowedDomains: readonly string[];
                        /** @description Groups whose members may sign in; empty: anyone of the allowed domains. */
                        readonly allowedGroups: readonly string[];
                        /** @description The client id Airlock was registered under at the IdP. */
                        readonly clientId: string;
                        /** @description Sealed at rest and never returned. Leave out to keep the current one. */
                        readonly clientSecret?: string;
                        /**
                         * @description The claim (ID token or UserInfo) that lists the groups.
                         * @default groups
                         */
                        readonly groupClaim: string;
                        /**
                         * Format: uri
                         * @description The IdP's issuer URL; its `/.well-known/openid-configuration` is read.
                         */
                        readonly issuer: string;
                        /** @description Whether these accounts may still sign in with a password (false: PASSWORD_SIGN_IN_DISABLED). */
                        readonly passwordSignIn: boolean;
                        /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                        readonly provisioning: "just-in-time" | "existing-accounts";
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly allowedDomains: readonly string[];
                            readonly area: "console" | "portal";
                            readonly clientId: string;
                            readonly customerId: string | null;
                            readonly groupClaim: string;
                            readonly groupRoles: readonly {
                                readonly group: string;
                                readonly role: string;
                            }[];
                            readonly id: string;
                            readonly issuer: string;
                            readonly passwordSignIn: boolean;
                            /** @description `just-in-time`: an allowed person without an account gets one at first sign-in; `existing-accounts`: only accounts that exist may sign in. */
                            readonly provisioning: "just-in-time" | "existing-accounts";
                            /** @description The redirect URI to register at the IdP. */
                            readonly redirectUri: string;
                            /** Format: date-time */
                            readonly updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 409: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly post?: never;
        /**
         * Remove a customer's identity provider (its users keep their accounts)
         * @description Needs the `customers:write` permission.
         */
        readonly delete: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly customerId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 204: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/sso/portal/sign-in": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /** Start a portal user's sign-in at their customer's identity provider, found by the address's domain (browser: 303 to the IdP) */
        readonly get: {
            readonly parameters: {
                readonly query: {
                    readonly email: string;
                    readonly next?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 303: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/static-licenses": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every Registration Key still on static licenses: its latest activated license, which no LFR has replaced yet with an OLF issued
         * @description By customer and Registration Key, at most `limit` (500, also when left out or above) after `after`: the `next` of the page before (null on the last page).
         *
         *     Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly after?: string;
                    readonly customerId?: string;
                    readonly limit?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly licenses: readonly {
                                /** Format: date-time */
                                readonly activatedAt: string;
                                readonly customerId: string;
                                readonly customerName: string;
                                /** @description Its items in force today (UTC) */
                                readonly items: readonly {
                                    readonly expiresOn?: string;
                                    readonly kind: "permanent" | "term" | "pilot" | "temporary";
                                    readonly licenseType: string;
                                    readonly product: string;
                                    readonly quantity: number;
                                }[];
                                /** @description The RK's latest activated license */
                                readonly licenseId: string;
                                /** @description An LFR that replaces this license was received, and no OLF answers it yet */
                                readonly moving: boolean;
                                readonly registrationKey: string;
                                /** @description The customer's last day for activating orders; null when it is not marked for migration */
                                readonly renewUntil: string | null;
                                readonly revision: number;
                            }[];
                            readonly next: string | null;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/trial-offers": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * Every product's trial offer, by product
         * @description Needs the `catalogue:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly allowOffline: boolean;
                            readonly days: number | null;
                            readonly enabled: boolean;
                            readonly endsAt: string | null;
                            readonly features: readonly string[];
                            readonly meters: readonly {
                                readonly limit: number | null;
                                readonly meter: string;
                            }[];
                            readonly policyId: string | null;
                            readonly productId: string;
                            readonly updatedAt: string;
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/trials": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The trials devices started, newest first: one per product and fingerprint, ever
         * @description Needs the `licenses:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    readonly productId?: string;
                };
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly convertedAt: string | null;
                            /** @description The license the device activated over its trial. */
                            readonly convertedTo: string | null;
                            readonly deviceName: string | null;
                            readonly endsAt: string | null;
                            readonly fingerprint: string;
                            readonly licenseId: string;
                            readonly productId: string;
                            readonly startedAt: string;
                            readonly status: "running" | "ended" | "inactive" | "converted";
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The webhook endpoints, oldest first
         * @description Needs the `webhooks:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly consecutiveFailures: number;
                            readonly createdAt: string;
                            readonly description: string;
                            /** @description Why the authority disabled it after repeated failure; null otherwise. */
                            readonly disabledReason: string | null;
                            readonly enabled: boolean;
                            readonly events: readonly string[];
                            readonly failingSince: string | null;
                            readonly id: string;
                            /** @description Until when the secret replaced by the last rotation still signs. */
                            readonly previousSecretExpiresAt: string | null;
                            readonly updatedAt: string;
                            readonly url: string;
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        /**
         * Register a webhook endpoint; its signing secret is answered this once
         * @description Needs the `webhooks:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly description?: string;
                        readonly enabled?: boolean;
                        readonly events: readonly string[];
                        /** @description https, or http to this machine (or anywhere with AIRLOCK_WEBHOOK_ALLOW_HTTP=1). */
                        readonly url: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 201: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly endpoint: {
                                readonly consecutiveFailures: number;
                                readonly createdAt: string;
                                readonly description: string;
                                /** @description Why the authority disabled it after repeated failure; null otherwise. */
                                readonly disabledReason: string | null;
                                readonly enabled: boolean;
                                readonly events: readonly string[];
                                readonly failingSince: string | null;
                                readonly id: string;
                                /** @description Until when the secret replaced by the last rotation still signs. */
                                readonly previousSecretExpiresAt: string | null;
                                readonly updatedAt: string;
                                readonly url: string;
                            };
                            /** @description The signing secret (`whsec_…`): shown only now. */
                            readonly secret: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{webhookId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * A webhook endpoint
         * @description Needs the `webhooks:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly consecutiveFailures: number;
                            readonly createdAt: string;
                            readonly description: string;
                            /** @description Why the authority disabled it after repeated failure; null otherwise. */
                            readonly disabledReason: string | null;
                            readonly enabled: boolean;
                            readonly events: readonly string[];
                            readonly failingSince: string | null;
                            readonly id: string;
                            /** @description Until when the secret replaced by the last rotation still signs. */
                            readonly previousSecretExpiresAt: string | null;
                            readonly updatedAt: string;
                            readonly url: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        /**
         * Change, disable or enable a webhook endpoint
         * @description Enabling an endpoint clears its failure count; its queued deliveries then leave, in order.
         *
         *     Needs the `webhooks:write` permission.
         */
        readonly patch: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody: {
                readonly content: {
                    readonly "application/json": {
                        readonly description?: string;
                        readonly enabled?: boolean;
                        readonly events?: readonly string[];
                        /** @description https, or http to this machine (or anywhere with AIRLOCK_WEBHOOK_ALLOW_HTTP=1). */
                        readonly url?: string;
                    };
                };
            };
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly consecutiveFailures: number;
                            readonly createdAt: string;
                            readonly description: string;
                            /** @description Why the authority disabled it after repeated failure; null otherwise. */
                            readonly disabledReason: string | null;
                            readonly enabled: boolean;
                            readonly events: readonly string[];
                            readonly failingSince: string | null;
                            readonly id: string;
                            /** @description Until when the secret replaced by the last rotation still signs. */
                            readonly previousSecretExpiresAt: string | null;
                            readonly updatedAt: string;
                            readonly url: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 400: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{webhookId}/deliveries": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * An endpoint's delivery log, newest first, with each delivery's attempts
         * @description Needs the `webhooks:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: {
                    /** @description Only deliveries older than this id (the next page). */
                    readonly before?: string;
                    /** @description How many, 1 to 200 (default 50). */
                    readonly limit?: string;
                    readonly status?: "queued" | "delivered" | "failed";
                };
                readonly header?: never;
                readonly path: {
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly attempts: number;
                            readonly createdAt: string;
                            readonly deliveredAt: string | null;
                            readonly eventId: string;
                            readonly eventType: string;
                            readonly id: string;
                            readonly lastError: string | null;
                            readonly lastStatusCode: number | null;
                            /** @description The last attempts (at most 20), oldest first. */
                            readonly log: readonly {
                                readonly at: string;
                                readonly durationMs: number;
                                readonly error: string | null;
                                readonly statusCode: number | null;
                            }[];
                            readonly nextAttemptAt: string | null;
                            readonly object: {
                                readonly id: string;
                                readonly type: string;
                            };
                            /** @description The body as sent and signed. */
                            readonly payload: string;
                            readonly status: "queued" | "delivered" | "failed";
                        }[];
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{webhookId}/deliveries/{deliveryId}": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * One delivery with its attempts
         * @description Needs the `webhooks:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly deliveryId: string;
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly attempts: number;
                            readonly createdAt: string;
                            readonly deliveredAt: string | null;
                            readonly eventId: string;
                            readonly eventType: string;
                            readonly id: string;
                            readonly lastError: string | null;
                            readonly lastStatusCode: number | null;
                            /** @description The last attempts (at most 20), oldest first. */
                            readonly log: readonly {
                                readonly at: string;
                                readonly durationMs: number;
                                readonly error: string | null;
                                readonly statusCode: number | null;
                            }[];
                            readonly nextAttemptAt: string | null;
                            readonly object: {
                                readonly id: string;
                                readonly type: string;
                            };
                            /** @description The body as sent and signed. */
                            readonly payload: string;
                            readonly status: "queued" | "delivered" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Send a delivery again, now, with the same event id
         * @description Needs the `webhooks:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly deliveryId: string;
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly attempts: number;
                            readonly createdAt: string;
                            readonly deliveredAt: string | null;
                            readonly eventId: string;
                            readonly eventType: string;
                            readonly id: string;
                            readonly lastError: string | null;
                            readonly lastStatusCode: number | null;
                            /** @description The last attempts (at most 20), oldest first. */
                            readonly log: readonly {
                                readonly at: string;
                                readonly durationMs: number;
                                readonly error: string | null;
                                readonly statusCode: number | null;
                            }[];
                            readonly nextAttemptAt: string | null;
                            readonly object: {
                                readonly id: string;
                                readonly type: string;
                            };
                            /** @description The body as sent and signed. */
                            readonly payload: string;
                            readonly status: "queued" | "delivered" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/{webhookId}/rotate-secret": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        readonly get?: never;
        readonly put?: never;
        /**
         * Make a new signing secret; the previous one keeps signing for 24 hours
         * @description Needs the `webhooks:write` permission.
         */
        readonly post: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path: {
                    readonly webhookId: string;
                };
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": {
                            readonly endpoint: {
                                readonly consecutiveFailures: number;
                                readonly createdAt: string;
                                readonly description: string;
                                /** @description Why the authority disabled it after repeated failure; null otherwise. */
                                readonly disabledReason: string | null;
                                readonly enabled: boolean;
                                readonly events: readonly string[];
                                readonly failingSince: string | null;
                                readonly id: string;
                                /** @description Until when the secret replaced by the last rotation still signs. */
                                readonly previousSecretExpiresAt: string | null;
                                readonly updatedAt: string;
                                readonly url: string;
                            };
                            /** @description The signing secret (`whsec_…`): shown only now. */
                            readonly secret: string;
                        };
                    };
                };
                /** @description Default Response */
                readonly 404: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                readonly 503: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
    readonly "/v1/webhooks/event-types": {
        readonly parameters: {
            readonly query?: never;
            readonly header?: never;
            readonly path?: never;
            readonly cookie?: never;
        };
        /**
         * The event types webhooks can subscribe to
         * @description An endpoint subscribes to exact types, `prefix.*` or `*`. Audited actions not listed here (sign-ins, passwords, tokens, keys) never leave the authority.
         *
         *     Needs the `webhooks:read` permission.
         */
        readonly get: {
            readonly parameters: {
                readonly query?: never;
                readonly header?: never;
                readonly path?: never;
                readonly cookie?: never;
            };
            readonly requestBody?: never;
            readonly responses: {
                /** @description Default Response */
                readonly 200: {
                    headers: {
                        readonly [name: string]: unknown;
                    };
                    content: {
                        readonly "application/json": readonly {
                            readonly description: string;
                            readonly type: string;
                        }[];
                    };
                };
            };
        };
        readonly put?: never;
        readonly post?: never;
        readonly delete?: never;
        readonly options?: never;
        readonly head?: never;
        readonly patch?: never;
        readonly trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        readonly Problem: {
            readonly code: string;
            readonly detail: string;
            readonly errors?: {
                readonly [key: string]: unknown;
            };
            readonly instance: string;
            readonly requestId: string;
            readonly status: number;
            readonly title: string;
            readonly type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
