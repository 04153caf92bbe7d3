/*
 * libairlock — the offline core of the Airlock device SDK, in C11.
 *
 * Reads and writes the device documents of docs/formats.md (§6.5–6.7) with OpenSSL 3 and
 * keeps the device's license in a store file sealed to the device fingerprint. Behaviour follows
 * docs/devices.md; error codes are those of docs/errors.md (airlock_error_code()).
 *
 * Threads: no global state. A handle (airlock_store) is thread-compatible: use one handle from
 * one thread at a time (or guard it with a lock); different handles are independent.
 * Time: every call that needs it takes `now_ms`, milliseconds since the Unix epoch, from the
 * caller's clock, so tests (and applications with a trusted clock) choose it.
 * Memory: strings returned through `char **` are the caller's, released with airlock_free();
 * `const char *` results belong to the handle and stay valid until its next mutating call.
 */
#ifndef AIRLOCK_H
#define AIRLOCK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define AIRLOCK_API __attribute__((visibility("default")))
#else
#define AIRLOCK_API
#endif

#define AIRLOCK_VERSION "0.1.0"

/* Outcome of a call. The numbers are part of the ABI and never change; new codes are appended.
 * airlock_error_code() gives the stable text code of docs/errors.md. */
typedef enum airlock_status {
  AIRLOCK_OK = 0,
  /* reading a document (docs/formats.md §5) */
  AIRLOCK_DOCUMENT_TOO_LARGE = 1,
  AIRLOCK_DOCUMENT_MALFORMED = 2,
  AIRLOCK_WRONG_DOCUMENT_KIND = 3,
  AIRLOCK_UNSUPPORTED_VERSION = 4,
  AIRLOCK_UNSUPPORTED_ALGORITHM = 5,
  AIRLOCK_PAYLOAD_INVALID = 6,
  AIRLOCK_WRONG_RECIPIENT = 7,
  AIRLOCK_DECRYPTION_FAILED = 8,
  AIRLOCK_SIGNATURE_INVALID = 9,
  AIRLOCK_KEY_CERTIFICATE_INVALID = 10,
  AIRLOCK_SIGNING_KEY_REVOKED = 11,
  AIRLOCK_SIGNING_KEY_NOT_VALID_AT_ISSUE = 12,
  AIRLOCK_REVOCATION_LIST_INVALID = 13,
  AIRLOCK_KEY_INVALID = 14,
  AIRLOCK_DOCUMENT_FROM_FUTURE = 15,
  AIRLOCK_CLOCK_ROLLED_BACK = 16,
  AIRLOCK_DOCUMENT_REPLAYED = 17,
  /* licensing */
  AIRLOCK_OFFLINE_NOT_ALLOWED = 20,
  AIRLOCK_LICENSE_EXPIRED = 21,
  AIRLOCK_LICENSE_SUSPENDED = 22,
  AIRLOCK_DEVICE_BLOCKED = 23,
  AIRLOCK_FEATURE_NOT_LICENSED = 24,
  AIRLOCK_LICENSE_TYPE_NOT_LICENSED = 25,
  AIRLOCK_METER_LIMIT_REACHED = 26,
  AIRLOCK_QUANTITY_INVALID = 27,
  AIRLOCK_SITE_KEY_NOT_CERTIFIED = 28,
  /* the device */
  AIRLOCK_NOT_ACTIVATED = 40,
  AIRLOCK_DEVICE_ALREADY_ACTIVATED = 41,
  AIRLOCK_DEVICE_DEACTIVATED = 42,
  AIRLOCK_ACTIVATION_REQUEST_UNKNOWN = 43,
  AIRLOCK_REFRESH_NOT_NEWER = 44,
  AIRLOCK_CHECK_IN_REQUIRED = 45,
  AIRLOCK_CHECK_IN_OVERDUE = 46, /* a notice, never a refusal: see airlock_check_notice() */
  AIRLOCK_LICENSE_IN_GRACE = 47, /* a notice, never a refusal */
  AIRLOCK_STORE_TAMPERED = 48,
  AIRLOCK_STORE_WRONG_DEVICE = 49,
  /* the call itself */
  AIRLOCK_REQUEST_INVALID = 60, /* a bad argument */
  AIRLOCK_NOT_FOUND = 61,
  AIRLOCK_INTERNAL_ERROR = 62 /* out of memory, a file that cannot be written, OpenSSL failing */
} airlock_status;

/* The stable code of docs/errors.md ("LICENSE_EXPIRED"), "OK" for AIRLOCK_OK; never NULL. */
AIRLOCK_API const char *airlock_error_code(airlock_status status);

/* An open device store: the device's keys, its license and its consumption. Opaque. */
typedef struct airlock_store airlock_store;

typedef struct airlock_options {
  const char *product;     /* the product's id at the authority (required) */
  const char *fingerprint; /* this device's fingerprint, 1–128 visible ASCII characters (required) */
  const char *store_path;  /* the store file; created at the first open (required) */
  /* The pinned authority root public key (required): the text of `airlock authority keys
   * export-root` (a JWK, or PEM), or the body of GET /v1/keys/root ({"kid","jwk","pem"}). */
  const char *root_key;
  /* The authority's root-signed encryption-key certificate (compact JWS text); needed to make
   * activation requests, refresh requests and deactivation files. May be NULL otherwise. */
  const char *authority_encryption_key;
  const char *device_name; /* optional: how the device is named in the portal */
  const char *app_version; /* optional */
} airlock_options;

/*
 * Opens (or creates) the store and verifies the license it holds (signatures are verified here
 * and at install, never in airlock_check()). A store copied from another device or edited still
 * opens: the handle then answers AIRLOCK_STORE_WRONG_DEVICE or AIRLOCK_STORE_TAMPERED to every
 * call, as the Node SDK does. Returns an error (and *out = NULL) only for bad options
 * (AIRLOCK_REQUEST_INVALID), a root key that is not an Ed25519 public key (AIRLOCK_KEY_INVALID),
 * an encryption-key certificate the root did not sign (AIRLOCK_KEY_CERTIFICATE_INVALID) or I/O
 * (AIRLOCK_INTERNAL_ERROR); `message`, when not NULL, receives why (NUL-terminated, at most
 * `message_size` bytes).
 */
AIRLOCK_API airlock_status airlock_open(const airlock_options *options, int64_t now_ms, airlock_store **out, char *message, size_t message_size);

/* Closes the handle and wipes its keys from memory. NULL is allowed. */
AIRLOCK_API void airlock_close(airlock_store *store);

/* Why the handle's last call failed, in words (empty after a success). Owned by the handle. */
AIRLOCK_API const char *airlock_last_error(const airlock_store *store);

/* Releases a string this library returned. */
AIRLOCK_API void airlock_free(void *pointer);

/*
 * Whether the license may be used now, from memory: no disk, no cryptography. Refusals, in this
 * order: STORE_TAMPERED / STORE_WRONG_DEVICE; NOT_ACTIVATED, DEVICE_DEACTIVATED or the code of a
 * stored license that no longer verifies; CLOCK_ROLLED_BACK (now is earlier than the latest
 * time seen, less the license's clockSkewTolerance); LICENSE_EXPIRED; CHECK_IN_REQUIRED.
 * Moves the latest time seen forward (in memory; saved at the next write or open).
 */
AIRLOCK_API airlock_status airlock_check(airlock_store *store, int64_t now_ms);

/* After an AIRLOCK_OK check: AIRLOCK_LICENSE_IN_GRACE or AIRLOCK_CHECK_IN_OVERDUE when the
 * license works on borrowed time (until_ms, when not NULL, gets when that ends), else AIRLOCK_OK. */
AIRLOCK_API airlock_status airlock_check_notice(airlock_store *store, int64_t now_ms, int64_t *until_ms);

/* 1 when airlock_check() is OK and the license grants the feature, else 0. From memory. */
AIRLOCK_API int airlock_has_feature(airlock_store *store, int64_t now_ms, const char *feature);

/* Like airlock_check(), then AIRLOCK_FEATURE_NOT_LICENSED when the feature is not granted. */
AIRLOCK_API airlock_status airlock_check_feature(airlock_store *store, int64_t now_ms, const char *feature);

/* The license in force (the newest refresh's terms, else the license file's). */
typedef struct airlock_license_info {
  const char *license_id;
  const char *product;
  const char *kind; /* permanent, term, subscription, pilot, temporary, consumption */
  int64_t revision;
  int64_t valid_until_ms; /* -1: never ends */
  int allow_offline;
  int trial;
  size_t feature_count;
  size_t meter_count;
  size_t metadata_count;
} airlock_license_info;

/* AIRLOCK_NOT_ACTIVATED (or the handle's blocking code) when there is no verified license. */
AIRLOCK_API airlock_status airlock_license(const airlock_store *store, airlock_license_info *out);
/* The i-th feature, meter name, or metadata pair of the license in force; NULL past the end. */
AIRLOCK_API const char *airlock_license_feature(const airlock_store *store, size_t index);
AIRLOCK_API const char *airlock_license_meter(const airlock_store *store, size_t index);
AIRLOCK_API const char *airlock_license_metadata(const airlock_store *store, size_t index, const char **value);

/* A meter's reading (docs/devices.md, "Meter limits shared by devices"). -1 stands for null. */
typedef struct airlock_meter_reading {
  int64_t used;      /* the license's total as this device knows it */
  int64_t limit;     /* -1: unlimited */
  int64_t remaining; /* what this device may still consume; -1: unlimited */
  int64_t overage;   /* how far used is past limit */
  int64_t overage_allowance;
} airlock_meter_reading;

/* AIRLOCK_LICENSE_TYPE_NOT_LICENSED when the license has no such meter. */
AIRLOCK_API airlock_status airlock_meter(const airlock_store *store, const char *meter, airlock_meter_reading *out);

/* Records consumption (1 to 1,000,000,000) after a successful check, within the device's
 * allotment (AIRLOCK_METER_LIMIT_REACHED otherwise), and saves it. `out` may be NULL. */
AIRLOCK_API airlock_status airlock_consume(airlock_store *store, int64_t now_ms, const char *meter, int64_t amount, airlock_meter_reading *out);

/* How the device asks for its license (docs/formats.md §6.5 `credential`). */
typedef enum airlock_credential_method { AIRLOCK_CREDENTIAL_LICENSE_KEY = 1, AIRLOCK_CREDENTIAL_USER = 2, AIRLOCK_CREDENTIAL_TRIAL = 3 } airlock_credential_method;

typedef struct airlock_credential {
  airlock_credential_method method;
  const char *value; /* the license key, or the user name; NULL for a trial */
} airlock_credential;

/* A device activation request (armoured text, encrypted to the authority), remembered as
 * outstanding so that the license file answering it installs. Write it where the user can take
 * it to the customer portal. AIRLOCK_DEVICE_ALREADY_ACTIVATED on an activated device. */
AIRLOCK_API airlock_status airlock_create_activation_request(airlock_store *store, int64_t now_ms, const airlock_credential *credential, char **text);

/* Installs a device license file answering an outstanding request; verified in full. */
AIRLOCK_API airlock_status airlock_install_license_file(airlock_store *store, int64_t now_ms, const char *text);

/* An activation request naming the revision held: the portal answers it with a refresh file. */
AIRLOCK_API airlock_status airlock_create_refresh_request(airlock_store *store, int64_t now_ms, char **text);

/* Applies a refresh file: it must refresh the installed license and be newer. */
AIRLOCK_API airlock_status airlock_apply_refresh_file(airlock_store *store, int64_t now_ms, const char *text);

/* Gives the license up: writes the deactivation file (atomically) to `path` when not NULL,
 * returns its text in `*text` when not NULL, and disables the license in the same step. Never
 * refused for the clock. Stays readable afterwards with airlock_deactivation_file(). */
AIRLOCK_API airlock_status airlock_deactivate(airlock_store *store, int64_t now_ms, const char *path, char **text);

/* The deactivation file written by airlock_deactivate(), or NULL. Owned by the handle. */
AIRLOCK_API const char *airlock_deactivation_file(const airlock_store *store);

#ifdef __cplusplus
}
#endif
#endif /* AIRLOCK_H */
