/**
 * The one registry of Airlock's stable error codes.
 *
 * A code never changes meaning once released; servers map it to an HTTP status at their edge,
 * the core never does. Every code here is documented in docs/errors.md (a test checks it).
 * Group order follows the order in which a document is checked, then the licensing rules.
 */
export const errorCodes = {
  // Reading a document: size, armour, structure.
  DOCUMENT_TOO_LARGE: 'The document is larger than any Airlock document can be.',
  DOCUMENT_MALFORMED: 'The document is not a well-formed Airlock document (armour, encoding or JSON).',
  WRONG_DOCUMENT_KIND: 'The document is of another kind than the one expected here.',
  UNSUPPORTED_VERSION: 'The document uses a format version this software does not understand.',
  UNSUPPORTED_ALGORITHM: 'The document uses a signature or encryption algorithm Airlock does not accept.',
  PAYLOAD_INVALID: 'The document is signed correctly but its contents do not match the format.',

  // Encryption.
  WRONG_RECIPIENT: 'The document was made for another site, tenant, device or authority.',
  DECRYPTION_FAILED: 'The document could not be decrypted: it was altered or is meant for another key.',

  // Signatures and the trust chain.
  SIGNATURE_INVALID: 'The signature does not match the document: it was altered or signed by another key.',
  KEY_CERTIFICATE_INVALID: 'The signing key is not certified by the pinned authority root key.',
  SIGNING_KEY_REVOKED: 'The document was signed with a signing key the authority has revoked.',
  SIGNING_KEY_NOT_VALID_AT_ISSUE: 'The document was issued outside the validity of the key that signed it.',
  REVOCATION_LIST_INVALID: 'The signing-key revocation list is not signed by the authority root key.',
  KEY_INVALID: 'The key is not a valid Ed25519 or X25519 key in the expected form.',

  // Time and replay.
  DOCUMENT_FROM_FUTURE: 'The document was issued later than the current time: a clock is wrong.',
  CLOCK_ROLLED_BACK: 'The clock is earlier than a time already seen: it was set back.',

  // The site's ledger.
  LEDGER_TAMPERED: 'The usage ledger was edited, reordered or cut: its hash chain or encryption no longer verifies.',
  LEDGER_ROLLED_BACK: 'The usage ledger is older than one already seen: an earlier copy was put back.',
  REBASELINE_REQUIRED:
    'The site was restored from a backup: it refuses licensed work until the vendor accepts the gap its next LFR states and its OLF is installed.',
  REBASELINE_PENDING: 'The LFR states a ledger restore that the vendor has not accepted: no OLF answers it until then.',
  DOCUMENT_REPLAYED: 'This document has already been used once and cannot be used again.',

  // Licensing rules.
  OFFLINE_NOT_APPROVED: 'The customer is not approved for offline licensing, so no enablement token can be downloaded.',
  TOKEN_EXPIRED: 'The enablement token is past its lifetime: download a new one.',
  VERSION_INVALID: 'The version is not a dotted list of numbers such as 40.1.2.',
  SITE_VERSION_TOO_OLD: 'The site version is below the minimum version the policy requires for offline licensing.',
  SITE_NOT_REGISTERED: 'The site GUID is not registered to this customer.',
  SITE_KEY_MISMATCH: 'The license file request is signed by another key than the one this site used before.',
  CONNECTED_MODE_NOT_ALLOWED: "The customer's policy does not let its sites exchange license files with the authority over a link: carry them as files.",
  CONNECTED_MODE_REQUIRED:
    "The customer's policy requires its sites to exchange license files with the authority over a link: files carried by hand are refused.",
  NOT_CONNECTED: 'The tenant is not in connected mode: switch it to connected mode first, or carry its files by hand.',
  SITE_EXCHANGE_EXPIRED: 'The signed exchange request is past its lifetime of a few minutes: the site makes a new one at its next attempt.',
  MIGRATION_NOT_COVERED: "The customer's purchases do not cover what the static license it replaces granted: add purchases, or issue the license file by hand.",
  STATIC_LICENSES_ENDED:
    'The customer was moved off static licenses, and the date after which they are renewed has passed: license its sites by offline license files.',
  LFR_ALREADY_USED: 'This license file request has already been used and cannot be used again.',
  LFR_SUPERSEDED: 'A later license file request of the same site replaces this one.',
  ENABLEMENT_TOKEN_UNKNOWN: 'The license file request answers an enablement token this authority never issued to that site.',
  NO_OPEN_CYCLE: 'No license cycle is open: generate a license file request first.',
  CYCLE_LOCKED: 'The license cycle ran past its window without a license file, so the site is locked until a new cycle completes.',
  LFR_EXPIRED: 'The latest license file request is too old to be answered: generate a new one.',
  DATE_INVALID: 'The date is not a real calendar date written YYYY-MM-DD.',
  OLF_START_NOT_TODAY: 'The license file must start today (UTC).',
  OLF_END_BEFORE_START: 'The license file would end before it starts.',
  OLF_END_AFTER_ACCOUNT_END: 'The license file would end after the end date of the customer account.',
  QUANTITY_INVALID: 'A quantity is not a whole number in its range: zero or more, or from 1 for an amount consumed.',
  ALLOCATION_EXCEEDS_PURCHASE: 'The quantities asked for exceed what the customer bought, counting what its other sites hold.',
  BELOW_USE_NOT_ACCEPTED: 'Some quantities are below what the site reports in use: confirm to issue the license file anyway.',
  SEAT_REDUCTION_BELOW_USE: 'The new license has fewer seats than users assigned: unassign users first.',
  ORDER_ITEM_INVALID: 'An order item has a bad quantity or kind, or an expiry date that is missing, malformed or not allowed.',
  OFFLINE_NOT_ALLOWED: 'Offline activation and refresh are not allowed for this license.',
  SUBSCRIPTION_NOT_OFFLINE: 'Subscription licenses cannot be activated or refreshed offline.',
  LICENSE_EXPIRED: 'The license has expired.',
  ACTIVATIONS_EXHAUSTED: 'The license is already active on as many devices as it allows: deactivate one first.',
  ONLINE_NOT_ALLOWED: 'Online activation, validation and refresh are not allowed for this license.',
  VIRTUAL_MACHINE_NOT_ALLOWED: 'This license may not be activated in a virtual machine or a container, or by an application too old to tell.',
  DEVICE_NOT_ACTIVE: 'The device is not activated on this license: it was deactivated, or never activated.',
  LICENSE_UP_TO_DATE: 'The device already holds the latest revision of its license: there is nothing to refresh.',
  TRIAL_NOT_AVAILABLE: 'The product offers no trial now: the vendor has none, or withdrew or disabled it.',
  TRIAL_ALREADY_USED: 'This device already had its trial of the product, and it has ended.',
  LICENSE_SUSPENDED: 'The vendor suspended this license: devices may not activate, refresh or use it until it is resumed.',
  DEVICE_BLOCKED: 'The vendor blocked this device on this license: it may not be activated with it again.',
  ACTIVATION_ALREADY_FREED: 'The activation is not active: its slot is free already.',
  LICENSE_ALREADY_SUSPENDED: 'The license is suspended already.',
  LICENSE_NOT_SUSPENDED: 'The license is not suspended: there is nothing to resume.',
  DEVICE_ALREADY_BLOCKED: 'This device is blocked on this license already.',

  // The site: its set-up, its tenants, and the checks licensed applications ask it for.
  SITE_NOT_INITIALISED: 'This data directory holds no site: initialise one first.',
  SITE_ALREADY_INITIALISED: 'This data directory already holds a site, and a site is never initialised twice.',
  SITE_PASSPHRASE_WRONG: "The passphrase does not open the keys sealed in this site's data directory.",
  LEDGER_UNAVAILABLE: "The site's ledger cannot be written now (its disk is full or failing): nothing that must be recorded is done until it can.",
  TENANT_NOT_FOUND: 'This site has no tenant of that name.',
  TENANT_IN_USE: 'The tenant holds an enablement token, a license or seats: only a tenant with none of them can be removed.',
  NOT_ENABLED: 'Offline licensing is not enabled for this tenant: install an enablement token first.',
  SITE_NOT_LICENSED: 'No license file is installed for this tenant, so licensed work is refused.',
  FEATURE_NOT_LICENSED: 'The installed license does not grant this feature.',
  LICENSE_TYPE_NOT_LICENSED: 'The installed license grants no seat type or meter of this name.',
  SEAT_LIMIT_REACHED: 'Every seat of this type is assigned: release one, or install a license with more.',
  SEAT_NOT_HELD: 'The user holds no seat of this type.',
  LEASE_NOT_FOUND: 'The site holds no such lease or borrow: it ended, was released, returned or revoked, or its heartbeats stopped and it was culled.',
  LEASE_TTL_INVALID: 'The lease period or borrow length is outside what the site allows.',
  BORROW_NOT_ALLOWED: 'The site lends no seat to take away now: borrowing is off for the tenant, or the site cannot be relied on.',
  BORROW_ENDED: 'The borrowed seat has reached its end: connect to the site again to lease or borrow a seat.',
  SITE_KEY_NOT_CERTIFIED: 'The site signing key is not named by an authority-signed license of that site and tenant, so what it signs is not trusted.',
  SITE_LICENSE_NOT_CERTIFIABLE: 'The tenant holds no license file the site can show devices as its certificate: install the next OLF or activated license.',
  METER_LIMIT_REACHED: 'This consumption would take the meter past the limit of the installed license.',

  // Devices (SDK).
  NOT_ACTIVATED: 'No license is installed on this device: activate it first.',
  DEVICE_ALREADY_ACTIVATED: 'This device already holds a license in force: deactivate it before activating again.',
  DEVICE_DEACTIVATED: 'The license on this device was deactivated: activate the device again to use it.',
  ACTIVATION_REQUEST_UNKNOWN: 'The license file answers no activation request this device has outstanding.',
  REFRESH_NOT_NEWER: 'The refresh file is not newer than the license this device already holds.',
  CHECK_IN_REQUIRED: 'The device has been offline longer than its license allows: validate or check in online to use it again.',
  STORE_TAMPERED: "The device's license store was edited or damaged: it no longer decrypts or verifies.",
  STORE_WRONG_DEVICE: "The device's license store was made on another device or for another product.",
  AUTHORITY_UNREACHABLE: 'The authority could not be reached or gave no usable answer: check the connection, or exchange files offline.',
  SITE_UNREACHABLE: "The site could not be reached or gave no usable answer: check the connection to the site's server.",
  ACTIVATED_BY_CODE:
    'The license on this device was activated by typed codes, which carry no meters, refreshes or files: give it up with a deactivation code, or activate with a file.',

  // Site accounts.
  PASSWORD_CHANGE_REQUIRED: 'This account still has its generated password: change it before doing anything else.',
  ONE_TIME_PASSWORD_REUSED: 'The new password is the one-time password this account was given: choose a password of your own.',
  ACCOUNT_LOCKED: 'Too many wrong passwords for this account: it is locked for a while.',
  ACCOUNT_DISABLED: 'This account is disabled: it can no longer sign in.',

  // Two-factor sign-in (authority administrators and site accounts).
  MFA_REQUIRED: 'This account must set up two-factor sign-in before doing anything else.',
  MFA_CODE_INVALID: 'The authenticator code or recovery code is wrong.',
  MFA_CODE_REUSED: 'This authenticator code was already used: wait for the next one.',
  MFA_NOT_ENROLLED: 'This account has no two-factor sign-in set up.',
  MFA_ALREADY_ENROLLED: 'This account already has two-factor sign-in set up: disable it first to enrol again.',
  MFA_CHALLENGE_EXPIRED: 'The sign-in waited too long for its second step: sign in again with the password.',

  // Activated licenses on the site.
  ACTIVATED_LICENSE_NOT_NEWER: 'The activated license is not newer than one this tenant already took: an old license never replaces a newer one.',

  // Service: requests to the authority's and the site's APIs.
  REQUEST_INVALID: 'The request does not match the API: a field is missing, of the wrong type or out of range.',
  UNAUTHENTICATED: 'Sign in or present a valid API token first.',
  FORBIDDEN: 'You are signed in, but not allowed to do this.',
  NOT_FOUND: 'There is no such object, or it is not yours to see.',
  CONFLICT: 'The object already exists, or changed meanwhile: reload and try again.',
  RATE_LIMITED: 'Too many attempts: wait a moment before trying again.',
  INVALID_CREDENTIALS: 'The e-mail address or the password is wrong.',
  CANNOT_DISABLE_SELF: 'An administrator cannot disable their own account: another administrator must.',
  LAST_ADMINISTRATOR: 'This is the last enabled administrator: enable or add another one before disabling it.',
  INTERNAL_ERROR: 'Something went wrong on the server; it has been logged.',
  SERVICE_UNAVAILABLE: 'The server cannot serve requests right now: its database does not answer.',
  SCHEMA_MISMATCH: 'The server cannot serve requests right now: its database does not hold the schema this version expects.',
  KEY_PASSPHRASE_WRONG: 'The key passphrase does not open the authority keys stored in this database.',
  KEY_NOT_REVOCABLE: 'The authority root key cannot be revoked or rotated: sites and devices pin it.',

  // Registration Keys.
  REGISTRATION_KEY_MALFORMED: 'The Registration Key has the wrong length or characters.',
  REGISTRATION_KEY_CHECKSUM: 'The Registration Key has a mistyped character: its checksum does not match.',

  // Orders.
  ORDER_ITEM_UNKNOWN: 'An order item names a product or license type that is not in the catalogue.',
  LRN_MALFORMED: 'The License Reference Number has the wrong length or characters.',
  LRN_NOT_FOUND: 'No order has this License Reference Number, or it is not yours to activate.',
  LRN_ALREADY_ACTIVATED: 'This License Reference Number is already activated for another Registration Key.',
  REGISTRATION_KEY_OTHER_CUSTOMER: "The Registration Key already holds another customer's licenses.",

  // License keys.
  LICENSE_KEY_MALFORMED: 'The license key is mistyped: wrong length or characters, or its check character does not match.',
  LICENSE_KEY_UNKNOWN: 'The license key is not a key of this product.',

  // Activation by typed codes.
  ACTIVATION_CODE_INVALID: 'The typed code is mistyped or not a code of this kind: wrong length or characters, or its check character does not match.',
  ACTIVATION_CODE_MISMATCH: 'The activation code was not made for this device, this initialization code and this license key: nothing was installed.',

  // Expiry reminders.
  UNSUBSCRIBE_TOKEN_INVALID: 'The unsubscribe link is not one the authority wrote: it was altered, cut short, or made under another key passphrase.',
  // Single sign-on (OpenID Connect) to the authority's console and portal.
  SSO_NOT_CONFIGURED: 'Single sign-on is not set up here: sign in with your password, or ask an administrator to set up your identity provider.',
  SSO_PROVIDER_UNREACHABLE:
    'The identity provider could not be reached or gave no usable answer: try again later, or ask an administrator to check its settings.',
  SSO_STATE_INVALID: 'The sign-in answer does not belong to a sign-in started in this browser, or it came too late: start the sign-in again.',
  SSO_TOKEN_INVALID: 'The identity provider refused the sign-in or answered with a token Airlock cannot trust.',
  SSO_EMAIL_NOT_VERIFIED: 'The identity provider gave no verified e-mail address for this person.',
  SSO_DOMAIN_NOT_ALLOWED: "The e-mail address's domain is not one this sign-in accepts.",
  SSO_GROUP_NOT_ALLOWED: 'None of your groups at the identity provider is allowed to sign in here.',
  SSO_ACCOUNT_NOT_FOUND: 'No account has this e-mail address, and accounts are not made at sign-in here: ask an administrator for one.',
  SSO_ACCOUNT_MISMATCH: 'The e-mail address belongs to another kind of account, or to another customer, than this sign-in is for.',
  PASSWORD_SIGN_IN_DISABLED: 'This account signs in through single sign-on only: use the identity provider.',
  // Webhooks.
  WEBHOOK_URL_NOT_ALLOWED: 'The webhook URL is not one the authority sends to: it must be https, or http to this machine only.',
  WEBHOOK_EVENT_UNKNOWN: 'The webhook subscribes to an event type that is not in the catalogue.',
  WEBHOOKS_NOT_CONFIGURED: 'This authority was started without webhooks: their secrets cannot be sealed.',

  // Upgrades and downgrades: data written by a newer Airlock.
  DATABASE_TOO_NEW: "The authority's database was migrated by a newer Airlock than this one: it is left untouched.",
  SITE_DATA_TOO_NEW: "The site's data directory was written by a newer Airlock than this one: it is left untouched.",
} as const;

/** A stable, documented Airlock error code. */
export type ErrorCode = keyof typeof errorCodes;

/** Every registered code, in registry order. */
export const allErrorCodes = Object.keys(errorCodes) as ErrorCode[];

/** The human message for a code. */
export function describeError(code: ErrorCode): string {
  return errorCodes[code];
}
