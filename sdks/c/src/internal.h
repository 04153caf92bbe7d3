/* Internal interfaces of libairlock: hidden from the shared library's symbol table. */
#ifndef AIRLOCK_INTERNAL_H
#define AIRLOCK_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "airlock.h"

#define AL_MAX_DOCUMENT 1048576u
#define AL_MAX_INFLATED 33554432u
#define AL_DEFAULT_SKEW_MS (5 * 60 * 1000)

/* Why something failed: a message filled in beside the status returned. */
typedef struct al_error {
  char message[512];
} al_error;

airlock_status al_fail(al_error *error, airlock_status status, const char *format, ...) __attribute__((format(printf, 3, 4)));

/* A byte buffer. */
typedef struct al_buf {
  unsigned char *data;
  size_t len;
} al_buf;

void al_buf_free(al_buf *buf);

/* base64url without padding (RFC 7515 §2). decode: -1 on a character outside the alphabet, an
 * impossible length or a non-canonical spelling (spare bits set). */
char *al_b64url_encode(const unsigned char *data, size_t len);
int al_b64url_decode(const char *text, size_t len, al_buf *out);

/* crypto.c: OpenSSL 3 */
int al_random(unsigned char *out, size_t len);
void al_sha256(const void *data, size_t len, unsigned char out[32]);
int al_hkdf_sha256(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len, const char *info, unsigned char out[32]);
int al_ed25519_public(const unsigned char seed[32], unsigned char pub[32]);
int al_ed25519_sign(const unsigned char seed[32], const void *msg, size_t len, unsigned char sig[64]);
int al_ed25519_verify(const unsigned char pub[32], const void *msg, size_t len, const unsigned char *sig, size_t sig_len);
int al_x25519_public(const unsigned char seed[32], unsigned char pub[32]);
int al_x25519_shared(const unsigned char seed[32], const unsigned char peer[32], unsigned char shared[32]);
int al_aes_gcm_encrypt(const unsigned char key[32], const unsigned char iv[12], const void *aad, size_t aad_len, const void *plain, size_t len,
                       unsigned char *cipher, unsigned char tag[16]);
int al_aes_gcm_decrypt(const unsigned char key[32], const unsigned char *iv, size_t iv_len, const void *aad, size_t aad_len, const unsigned char *cipher,
                       size_t len, const unsigned char *tag, unsigned char *plain);
int al_ed25519_public_from_pem(const char *pem, unsigned char pub[32]);
void al_uuid4(char out[37]);
void al_wipe(void *p, size_t n);

/* inflate.c: raw DEFLATE (RFC 1951). 0 ok, -1 malformed, -2 past `limit` bytes. */
int al_inflate(const unsigned char *in, size_t in_len, size_t limit, al_buf *out);

/* jose.c: the documents of docs/formats.md */
typedef enum al_signer { AL_SIGNER_AUTHORITY, AL_SIGNER_PARTY, AL_SIGNER_NONE } al_signer;

typedef struct al_kind {
  const char *label; /* armour label */
  const char *typ;   /* JWS typ */
  al_signer signer;
  int encrypted;
} al_kind;

/* The root and the newest revocation list the reader trusts. */
typedef struct al_trust {
  unsigned char root[32];
  char root_kid[44];
  cJSON *revocations; /* claims of the newest verified list, or NULL */
  char *revocations_compact;
} al_trust;

typedef struct al_open_ctx {
  const al_kind *kind;
  al_trust *trust;                   /* required for authority documents */
  const unsigned char *recipient;    /* X25519 seed, for encrypted kinds */
  const char *audience;              /* expected aud, or NULL to skip step 9 */
  int64_t now_ms;
  int64_t tolerance_ms;
} al_open_ctx;

typedef struct al_opened {
  cJSON *header;  /* the JWS protected header */
  cJSON *claims;
  char *jws;      /* the compact JWS (the plaintext of an encrypted kind) */
  char signer_kid[44];
  cJSON *revocations; /* a newer verified list the document carried (claims), or NULL */
  char *revocations_compact;
} al_opened;

void al_opened_free(al_opened *opened);
airlock_status al_open_document(const char *text, const al_open_ctx *ctx, al_opened *out, al_error *error);
/* Steps 5–6 on a bare compact JWS signed by the authority (a license inside a site lease). */
airlock_status al_verify_authority_jws(const char *compact, al_trust *trust, cJSON **header, cJSON **claims, al_error *error);
airlock_status al_verify_key_certificate(const char *compact, al_trust *trust, const char *use, unsigned char pub[32], char kid[44], al_error *error);
airlock_status al_parse_root_key(const char *text, unsigned char root[32], al_error *error);
void al_thumbprint(const char *crv, const unsigned char x[32], char kid[44]);
char *al_sign_jws(const char *typ, const unsigned char seed[32], cJSON *claims);
char *al_encrypt_jwe(const char *typ, const char *jws, const unsigned char recipient_pub[32], const char *recipient_kid);
char *al_armour(const char *label, const char *body);
void al_trust_clear(al_trust *trust);
/* Verifies a stored revocation list with the root and makes it the trusted one. */
airlock_status al_verify_revocation_list(const char *compact, al_trust *trust, al_error *error);
/* Site lease / borrow: the license it carries chains to the root and names the signing key. */
airlock_status al_check_site_certificate(const cJSON *claims, const char *site_kid, al_trust *trust, al_error *error);
void al_registration_key(const char *guid, const char *tenant, const char *kid, char out[20]);

/* Device document kinds */
extern const al_kind AL_KIND_ACTIVATION_REQUEST, AL_KIND_LICENSE_FILE, AL_KIND_REFRESH_FILE, AL_KIND_DEACTIVATION, AL_KIND_USAGE_REPORT, AL_KIND_CHECKIN_RECEIPT,
    AL_KIND_SITE_LEASE, AL_KIND_SITE_BORROW;
const al_kind *al_kind_by_label(const char *label);

/* Claims helpers */
int al_json_int(const cJSON *item, int64_t min, int64_t max, int64_t *out);
const char *al_json_str(const cJSON *object, const char *name);
int al_text_clean(const cJSON *item); /* §3.1: no forbidden character in any string */

/* license.c: the terms of a device license or refresh file */
typedef struct al_meter {
  char *meter;
  int64_t limit;     /* -1 null */
  int64_t overage;
  int64_t counted;
  int64_t allotment; /* -1 null */
} al_meter;

typedef struct al_terms {
  char *jti, *license_id, *product, *fingerprint, *device_kid, *kind, *refreshes;
  int64_t iat, revision, valid_until; /* valid_until: seconds, -1 null */
  int allow_offline, trial;
  int64_t skew_s, max_offline_s /* -1 null */, offline_grace_s, expiry_grace_s, reported_through;
  char **features; /* sorted */
  size_t feature_count;
  al_meter *meters;
  size_t meter_count;
  char **metadata; /* name, value pairs */
  size_t metadata_count;
} al_terms;

airlock_status al_terms_read(const cJSON *claims, int refresh, al_terms *out, al_error *error);
void al_terms_free(al_terms *terms);

/* util.c */
int al_read_file(const char *path, char **text, size_t *len); /* 0 ok, 1 missing, -1 error */
int al_write_file_atomic(const char *path, const void *data, size_t len);

#endif
