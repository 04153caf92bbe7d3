import { MAX_DOCUMENT_CHARS } from '@airlock/core';
import { Type } from '@sinclair/typebox';

/** Shapes shared by the routes' schemas, and so by the OpenAPI document. */

/** A tenant, seat type, meter or feature name: what documents carry (`Id` in docs/formats.md). */
export const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
/** A user, as LFRs list them: any text of 1 to 200 characters. */
export const User = Type.String({ minLength: 1, maxLength: 200 });

export const TenantParams = Type.Object({ tenant: Name });
export const SeatParams = Type.Object({ tenant: Name, type: Name });
export const FeatureParams = Type.Object({ tenant: Name, feature: Name });
export const MeterParams = Type.Object({ tenant: Name, meter: Name });
export const UserParams = Type.Object({ tenant: Name, user: User });

/** An armoured document, as JSON `{ "text": "-----BEGIN AIRLOCK …" }` (or the bare text as text/plain). */
export const DocumentUpload = Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_CHARS }) }, { additionalProperties: false });

/** RFC 9457 problem details, with Airlock's stable code. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'Problem' },
);

/** The refusals a route may answer, for the OpenAPI document. */
export const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 429: Problem, 503: Problem };
