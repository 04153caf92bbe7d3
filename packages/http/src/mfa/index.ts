/**
 * Two-factor sign-in, shared by the authority and the site: TOTP codes (RFC 6238), the
 * enrolment URI and QR code, and recovery codes. Storage and policy stay with each server.
 */
export * from './base32.ts';
export * from './totp.ts';
export * from './recovery-codes.ts';
export * from './qr.ts';
