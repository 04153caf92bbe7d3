import { MAX_DOCUMENT_CHARS } from '@airlock/core';
import { printableText } from '@airlock/core/internal';
import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { TENANT_ID_PATTERN, TENANT_REFERENCE_PATTERN } from '../state/tenant-ids.ts';

/** Shapes shared by the routes' schemas, and so by the OpenAPI document. */

/** A tenant, seat type, meter or feature name: what documents carry (`Id` in docs/formats.md). */
export const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
/** A user, as LFRs list them: 1 to 200 characters, none of them a control character (the core's `PRINTABLE_TEXT_PATTERN`). */
export const User = printableText(200);
/** A new tenant's id (`tenant-ids.ts`). */
export const NewTenantId = Type.String({ minLength: 1, maxLength: 63, pattern: TENANT_ID_PATTERN });
/** A tenant named in a path: any id a site ever took, but `.` and `..`. */
export const TenantId = Type.String({ minLength: 1, maxLength: 64, pattern: TENANT_REFERENCE_PATTERN });

export const TenantParams = Type.Object({ tenant: TenantId });
export const SeatParams = Type.Object({ tenant: TenantId, type: Name });
export const FeatureParams = Type.Object({ tenant: TenantId, feature: Name });
export const MeterParams = Type.Object({ tenant: TenantId, meter: Name });
export const UserParams = Type.Object({ tenant: TenantId, user: User });

/** An armoured document, as JSON `{ "text": "-----BEGIN AIRLOCK …" }` (or the bare text as text/plain). */
export const DocumentUpload = Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_CHARS }) }, { additionalProperties: false });

/** The refusals a route may answer, for the OpenAPI document. */
export const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 429: Problem, 503: Problem };
