/* The device API (include/airlock.h): the offline exchanges of docs/devices.md on a sealed store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store.h"

#define MAX_PENDING 8
#define NEVER INT64_MAX

struct airlock_store {
  char *product, *fingerprint, *store_path, *device_name, *app_version;
  al_trust trust;
  int have_enc;
  unsigned char enc_pub[32];
  char enc_kid[44];
  unsigned char salt[32];
  cJSON *state; /* NULL when the store cannot be trusted */
  unsigned char sign_seed[32], enc_seed[32];
  char sign_kid[44];
  int64_t latest_seen;
  airlock_status blocked; /* what check() answers while nothing is usable */
  char blocked_message[600];
  char error[700];
  /* the usable license: answers worked out once per change */
  int usable;
  al_terms terms;         /* in force: the newest refresh's, else the license file's */
  char *license_file_jti; /* the license file's id and its issue time */
  int64_t license_file_iat, tolerance_ms, ends_at, grace_ends_at, check_in_due, locked_from, notice_from;
};

static airlock_status fail(airlock_store *s, airlock_status status, const char *format, ...) __attribute__((format(printf, 3, 4)));
static airlock_status fail(airlock_store *s, airlock_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(s->error, sizeof s->error, format, args);
  va_end(args);
  return status;
}

static airlock_status done(airlock_store *s, airlock_status status, const al_error *e) {
  if (status == AIRLOCK_OK)
    s->error[0] = 0;
  else if (e)
    snprintf(s->error, sizeof s->error, "%s", e->message);
  return status;
}

void airlock_free(void *p) { free(p); }

const char *airlock_last_error(const airlock_store *s) { return s ? s->error : "no store"; }

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t add_sat(int64_t a, int64_t b) { return a > NEVER - b ? NEVER : a + b; }

/* ---- the state (JSON, sealed in the store) ---- */

static cJSON *activation_of(const airlock_store *s) {
  cJSON *a = s->state ? cJSON_GetObjectItemCaseSensitive(s->state, "activation") : NULL;
  return cJSON_IsObject(a) ? a : NULL;
}

static const char *status_of(const cJSON *activation) { return activation ? al_json_str(activation, "status") : NULL; }

static void set_item(cJSON *object, const char *name, cJSON *value) {
  if (cJSON_GetObjectItemCaseSensitive(object, name))
    cJSON_ReplaceItemInObjectCaseSensitive(object, name, value);
  else
    cJSON_AddItemToObject(object, name, value);
}

static cJSON *new_state(airlock_store *s) {
  unsigned char a[32], b[32];
  al_random(a, 32);
  al_random(b, 32);
  char *sa = al_b64url_encode(a, 32), *sb = al_b64url_encode(b, 32);
  al_wipe(a, 32), al_wipe(b, 32);
  cJSON *state = cJSON_CreateObject();
  cJSON_AddNumberToObject(state, "v", 1);
  cJSON_AddStringToObject(state, "product", s->product);
  cJSON_AddStringToObject(state, "fingerprint", s->fingerprint);
  cJSON *keys = cJSON_AddObjectToObject(state, "keys");
  cJSON_AddStringToObject(keys, "signing", sa);
  cJSON_AddStringToObject(keys, "encryption", sb);
  cJSON_AddNumberToObject(state, "latestSeen", 0);
  cJSON_AddNullToObject(state, "revocations");
  cJSON_AddArrayToObject(state, "pendingRequests");
  cJSON_AddNullToObject(state, "activation");
  al_wipe(sa, strlen(sa)), al_wipe(sb, strlen(sb));
  free(sa), free(sb);
  return state;
}

static int load_keys(airlock_store *s) {
  const cJSON *keys = cJSON_GetObjectItemCaseSensitive(s->state, "keys");
  const char *sig = al_json_str(keys, "signing"), *enc = al_json_str(keys, "encryption");
  al_buf a = {0}, b = {0};
  int ok = sig && enc && al_b64url_decode(sig, strlen(sig), &a) == 0 && a.len == 32 && al_b64url_decode(enc, strlen(enc), &b) == 0 && b.len == 32;
  if (ok) {
    memcpy(s->sign_seed, a.data, 32);
    memcpy(s->enc_seed, b.data, 32);
    unsigned char pub[32];
    ok = al_ed25519_public(s->sign_seed, pub) == 0;
    if (ok) al_thumbprint("Ed25519", pub, s->sign_kid);
  }
  if (a.data) al_wipe(a.data, a.len);
  if (b.data) al_wipe(b.data, b.len);
  al_buf_free(&a), al_buf_free(&b);
  return ok ? 0 : -1;
}

/* Saves the state atomically (latestSeen and the newest revocation list with it). */
static airlock_status write_state(airlock_store *s) {
  set_item(s->state, "latestSeen", cJSON_CreateNumber((double)s->latest_seen));
  if (s->trust.revocations_compact) set_item(s->state, "revocations", cJSON_CreateString(s->trust.revocations_compact));
  char *json = cJSON_PrintUnformatted(s->state);
  char *sealed = json ? al_store_seal(json, s->product, s->fingerprint, s->salt) : NULL;
  if (json) al_wipe(json, strlen(json));
  free(json);
  int rc = sealed ? al_write_file_atomic(s->store_path, sealed, strlen(sealed)) : -1;
  free(sealed);
  return rc == 0 ? AIRLOCK_OK : fail(s, AIRLOCK_INTERNAL_ERROR, "the store %s cannot be written", s->store_path);
}

/* ---- verifying the stored license ---- */

static void clear_usable(airlock_store *s) {
  s->usable = 0;
  al_terms_free(&s->terms);
  free(s->license_file_jti);
  s->license_file_jti = NULL;
}

static void take_revocations(airlock_store *s, al_opened *o) {
  if (!o->revocations) return;
  al_trust_clear(&s->trust);
  s->trust.revocations = o->revocations;
  s->trust.revocations_compact = o->revocations_compact;
  o->revocations = NULL;
  o->revocations_compact = NULL;
}

/* Opens a license or refresh file for this device: the envelope, then the binding and terms. */
static airlock_status open_license(airlock_store *s, const char *text, int refresh, int64_t now, al_terms *terms, al_error *e) {
  char audience[160];
  snprintf(audience, sizeof audience, "device:%s", s->fingerprint);
  al_open_ctx ctx = {refresh ? &AL_KIND_REFRESH_FILE : &AL_KIND_LICENSE_FILE, &s->trust, s->enc_seed, audience, now, AL_DEFAULT_SKEW_MS};
  al_opened o;
  airlock_status status = al_open_document(text, &ctx, &o, e);
  if (status) return status;
  status = al_terms_read(o.claims, refresh, terms, e);
  if (status == AIRLOCK_OK && strcmp(terms->fingerprint, s->fingerprint) != 0)
    status = al_fail(e, AIRLOCK_WRONG_RECIPIENT, "made for another fingerprint");
  else if (status == AIRLOCK_OK && strcmp(terms->device_kid, s->sign_kid) != 0)
    status = al_fail(e, AIRLOCK_WRONG_RECIPIENT, "bound to another device key");
  else if (status == AIRLOCK_OK && strcmp(terms->product, s->product) != 0)
    status = al_fail(e, AIRLOCK_WRONG_RECIPIENT, "made for the product %.64s", terms->product);
  if (status == AIRLOCK_OK)
    take_revocations(s, &o);
  else
    al_terms_free(terms);
  al_opened_free(&o);
  return status;
}

/* Works out, once, what check() answers until the next change (docs/devices.md). */
static void settle(airlock_store *s, int verified, airlock_status unusable) {
  const cJSON *activation = activation_of(s);
  const char *status = status_of(activation);
  s->usable = 0;
  if (verified && status && strcmp(status, "active") == 0) {
    al_terms *t = &s->terms;
    s->usable = 1;
    s->blocked = AIRLOCK_OK;
    s->tolerance_ms = t->skew_s * 1000;
    s->ends_at = t->valid_until < 0 ? NEVER : t->valid_until * 1000;
    s->grace_ends_at = add_sat(s->ends_at, t->expiry_grace_s * 1000);
    int64_t contact = s->license_file_iat * 1000;
    al_json_int(cJSON_GetObjectItemCaseSensitive(activation, "lastContact"), 0, 9007199254740991, &contact);
    s->check_in_due = t->max_offline_s < 0 ? NEVER : contact + t->max_offline_s * 1000;
    s->locked_from = add_sat(s->check_in_due, t->offline_grace_s * 1000);
    s->notice_from = s->ends_at < s->check_in_due ? s->ends_at : s->check_in_due;
  } else if (status && strcmp(status, "active") == 0) {
    s->blocked = unusable ? unusable : AIRLOCK_NOT_ACTIVATED;
  } else if (status && strcmp(status, "deactivated") == 0) {
    s->blocked = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(activation, "blocked")) ? AIRLOCK_DEVICE_BLOCKED : AIRLOCK_DEVICE_DEACTIVATED;
  } else {
    s->blocked = AIRLOCK_NOT_ACTIVATED;
  }
}

/* Verifies the activation's files again, as of `now` (the latest time seen at open). */
static airlock_status verify_activation(airlock_store *s, int64_t now, al_error *e) {
  const cJSON *activation = activation_of(s);
  const char *file = al_json_str(activation, "licenseFile"), *refresh = al_json_str(activation, "refreshFile");
  clear_usable(s);
  al_terms lic;
  airlock_status status = open_license(s, file, 0, now, &lic, e);
  if (status) return status;
  s->license_file_jti = strdup(lic.jti);
  s->license_file_iat = lic.iat;
  if (!refresh) {
    s->terms = lic;
    return AIRLOCK_OK;
  }
  al_terms_free(&lic);
  status = open_license(s, refresh, 1, now, &s->terms, e);
  if (status == AIRLOCK_OK && strcmp(s->terms.refreshes, s->license_file_jti) != 0) {
    al_terms_free(&s->terms);
    status = al_fail(e, AIRLOCK_WRONG_RECIPIENT, "the stored refresh is for another activation");
  }
  return status;
}

/* ---- open / close ---- */

static int valid_fingerprint(const char *fp) {
  size_t n = fp ? strlen(fp) : 0;
  if (n < 1 || n > 128) return 0;
  for (; *fp; fp++)
    if ((unsigned char)*fp < 0x21 || (unsigned char)*fp > 0x7e) return 0;
  return 1;
}

static int valid_id(const char *id) {
  size_t n = id ? strlen(id) : 0;
  if (n < 1 || n > 64) return 0;
  for (; *id; id++) {
    char c = *id;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-')) return 0;
  }
  return 1;
}

/* A software version (§6.5 `appVersion`): 1 to 64 of 0-9 A-Z a-z . + _ - */
static int valid_version(const char *v) {
  size_t n = v ? strlen(v) : 0;
  if (n < 1 || n > 64) return 0;
  for (; *v; v++) {
    char c = *v;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '_' || c == '-')) return 0;
  }
  return 1;
}

static char *dup_opt(const char *s) { return s ? strdup(s) : NULL; }

airlock_status airlock_open(const airlock_options *options, int64_t now, airlock_store **out, char *message, size_t message_size) {
  al_error e = {{0}};
  airlock_status status = AIRLOCK_OK;
  if (out) *out = NULL;
#define OPEN_FAIL(code, ...)                                  \
  do {                                                        \
    status = al_fail(&e, code, __VA_ARGS__);                  \
    goto failed;                                              \
  } while (0)
  airlock_store *s = calloc(1, sizeof *s);
  if (!s) return AIRLOCK_INTERNAL_ERROR;
  if (!options || !out) OPEN_FAIL(AIRLOCK_REQUEST_INVALID, "options and out are required");
  if (!valid_id(options->product)) OPEN_FAIL(AIRLOCK_REQUEST_INVALID, "the product is 1 to 64 of A-Z a-z 0-9 _ . : -");
  if (!valid_fingerprint(options->fingerprint)) OPEN_FAIL(AIRLOCK_REQUEST_INVALID, "the fingerprint is 1 to 128 visible ASCII characters");
  if (!options->store_path || !*options->store_path) OPEN_FAIL(AIRLOCK_REQUEST_INVALID, "store_path is required");
  s->product = strdup(options->product);
  s->fingerprint = strdup(options->fingerprint);
  s->store_path = strdup(options->store_path);
  s->device_name = dup_opt(options->device_name);
  s->app_version = dup_opt(options->app_version);
  status = al_parse_root_key(options->root_key, s->trust.root, &e);
  if (status) goto failed;
  al_thumbprint("Ed25519", s->trust.root, s->trust.root_kid);
  if (options->authority_encryption_key) {
    char *cert = strdup(options->authority_encryption_key), *w = cert;
    for (const char *r = cert; *r; r++)
      if (*r != ' ' && *r != '\n' && *r != '\r' && *r != '\t') *w++ = *r;
    *w = 0;
    status = al_verify_key_certificate(cert, &s->trust, "enc", s->enc_pub, s->enc_kid, &e);
    free(cert);
    if (status) goto failed;
    s->have_enc = 1;
  }
  char *text = NULL;
  int rc = al_read_file(s->store_path, &text, NULL);
  if (rc < 0) OPEN_FAIL(AIRLOCK_INTERNAL_ERROR, "the store %s cannot be read", s->store_path);
  int fresh = rc == 1;
  if (fresh) {
    s->state = new_state(s);
    al_random(s->salt, 32);
  } else {
    status = al_store_unseal(text, s->product, s->fingerprint, s->salt, &s->state, &e);
    free(text);
    if (status) {
      /* The handle opens and answers the store's code to every call, as the Node SDK's does. */
      s->blocked = status;
      snprintf(s->blocked_message, sizeof s->blocked_message, "%s", e.message);
      snprintf(s->error, sizeof s->error, "%s", e.message);
      *out = s;
      return AIRLOCK_OK;
    }
    const char *sp = al_json_str(s->state, "product"), *sf = al_json_str(s->state, "fingerprint");
    int64_t seen = 0;
    if (!sp || !sf || strcmp(sp, s->product) != 0 || strcmp(sf, s->fingerprint) != 0) {
      cJSON_Delete(s->state);
      s->state = NULL;
      s->blocked = AIRLOCK_STORE_WRONG_DEVICE;
      snprintf(s->blocked_message, sizeof s->blocked_message, "the store names another device");
      snprintf(s->error, sizeof s->error, "%s", s->blocked_message);
      *out = s;
      return AIRLOCK_OK;
    }
    al_json_int(cJSON_GetObjectItemCaseSensitive(s->state, "latestSeen"), 0, 9007199254740991, &seen);
    s->latest_seen = seen;
  }
  if (load_keys(s) != 0) {
    cJSON_Delete(s->state);
    s->state = NULL;
    s->blocked = AIRLOCK_STORE_TAMPERED;
    snprintf(s->blocked_message, sizeof s->blocked_message, "the store's device keys are malformed");
    *out = s;
    return AIRLOCK_OK;
  }
  const char *revocations = al_json_str(s->state, "revocations");
  if (revocations) {
    if (al_verify_revocation_list(revocations, &s->trust, &e) != AIRLOCK_OK) {
      cJSON_Delete(s->state);
      s->state = NULL;
      s->blocked = AIRLOCK_STORE_TAMPERED;
      snprintf(s->blocked_message, sizeof s->blocked_message, "the stored revocation list: %s", e.message);
      *out = s;
      return AIRLOCK_OK;
    }
  }
  /* Verified as of the latest time seen, so that a clock set back reads as set back (in
   * check()) and not as a file from the future. */
  const char *astatus = status_of(activation_of(s));
  airlock_status unusable = AIRLOCK_OK;
  if (astatus && strcmp(astatus, "active") == 0) unusable = verify_activation(s, max64(now, s->latest_seen), &e);
  settle(s, unusable == AIRLOCK_OK, unusable);
  if (unusable) snprintf(s->blocked_message, sizeof s->blocked_message, "the installed license no longer verifies: %s", e.message);
  int64_t tolerance = s->usable ? s->tolerance_ms : AL_DEFAULT_SKEW_MS;
  int rolled_back = now < s->latest_seen - tolerance;
  if (fresh || (!rolled_back && now > s->latest_seen)) {
    s->latest_seen = max64(s->latest_seen, now);
    status = write_state(s);
    if (status) {
      snprintf(e.message, sizeof e.message, "%.500s", s->error);
      goto failed;
    }
  }
  *out = s;
  return AIRLOCK_OK;
failed:
  if (message && message_size) snprintf(message, message_size, "%s", e.message);
  airlock_close(s);
  return status;
#undef OPEN_FAIL
}

void airlock_close(airlock_store *s) {
  if (!s) return;
  clear_usable(s);
  al_trust_clear(&s->trust);
  cJSON_Delete(s->state);
  free(s->product), free(s->fingerprint), free(s->store_path), free(s->device_name), free(s->app_version);
  al_wipe(s, sizeof *s);
  free(s);
}

/* ---- the hot path ---- */

airlock_status airlock_check(airlock_store *s, int64_t now) {
  if (!s->usable) return s->blocked;
  if (now < s->latest_seen - s->tolerance_ms) return AIRLOCK_CLOCK_ROLLED_BACK;
  if (now > s->latest_seen) s->latest_seen = now;
  if (now < s->notice_from) return AIRLOCK_OK;
  if (now >= s->grace_ends_at) return AIRLOCK_LICENSE_EXPIRED;
  if (now >= s->locked_from) return AIRLOCK_CHECK_IN_REQUIRED;
  return AIRLOCK_OK;
}

airlock_status airlock_check_notice(airlock_store *s, int64_t now, int64_t *until) {
  if (airlock_check(s, now) != AIRLOCK_OK || now < s->notice_from) return AIRLOCK_OK;
  if (now >= s->ends_at) {
    if (until) *until = s->grace_ends_at;
    return AIRLOCK_LICENSE_IN_GRACE;
  }
  if (until) *until = s->locked_from;
  return AIRLOCK_CHECK_IN_OVERDUE;
}

static int has(const airlock_store *s, const char *feature) {
  size_t lo = 0, hi = s->terms.feature_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(s->terms.features[mid], feature);
    if (c == 0) return 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

int airlock_has_feature(airlock_store *s, int64_t now, const char *feature) { return feature && airlock_check(s, now) == AIRLOCK_OK && has(s, feature); }

airlock_status airlock_check_feature(airlock_store *s, int64_t now, const char *feature) {
  airlock_status status = airlock_check(s, now);
  if (status != AIRLOCK_OK) return status;
  return feature && has(s, feature) ? AIRLOCK_OK : AIRLOCK_FEATURE_NOT_LICENSED;
}

airlock_status airlock_license(const airlock_store *s, airlock_license_info *out) {
  if (!s->usable) return s->blocked;
  const al_terms *t = &s->terms;
  out->license_id = t->license_id;
  out->product = t->product;
  out->kind = t->kind;
  out->revision = t->revision;
  out->valid_until_ms = t->valid_until < 0 ? -1 : t->valid_until * 1000;
  out->allow_offline = t->allow_offline;
  out->trial = t->trial;
  out->feature_count = t->feature_count;
  out->meter_count = t->meter_count;
  out->metadata_count = t->metadata_count;
  return AIRLOCK_OK;
}

const char *airlock_license_feature(const airlock_store *s, size_t i) { return s->usable && i < s->terms.feature_count ? s->terms.features[i] : NULL; }
const char *airlock_license_meter(const airlock_store *s, size_t i) { return s->usable && i < s->terms.meter_count ? s->terms.meters[i].meter : NULL; }
const char *airlock_license_metadata(const airlock_store *s, size_t i, const char **value) {
  if (!s->usable || i >= s->terms.metadata_count) return NULL;
  if (value) *value = s->terms.metadata[2 * i + 1];
  return s->terms.metadata[2 * i];
}

const char *airlock_deactivation_file(const airlock_store *s) {
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(activation_of(s), "deactivation");
  return al_json_str(d, "file");
}

/* ---- meters ---- */

static const al_meter *grant_of(const airlock_store *s, const char *meter) {
  for (size_t i = 0; i < s->terms.meter_count; i++)
    if (strcmp(s->terms.meters[i].meter, meter) == 0) return &s->terms.meters[i];
  return NULL;
}

static cJSON *usage_line(const airlock_store *s, const char *meter) {
  cJSON *line;
  cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(activation_of(s), "consumption")) {
    const char *m = al_json_str(line, "meter");
    if (m && strcmp(m, meter) == 0) return line;
  }
  return NULL;
}

/* This SDK sends no usage reports (that is online), so none of its consumption is covered by a
 * file's reportedThrough: all of it counts against the allotment (docs/devices.md). */
static int64_t consumed(const airlock_store *s, const char *meter) {
  int64_t used = 0;
  al_json_int(cJSON_GetObjectItemCaseSensitive(usage_line(s, meter), "used"), 0, 9007199254740991, &used);
  return used;
}

static void reading(const al_meter *g, int64_t beyond, airlock_meter_reading *out) {
  if (!out) return;
  out->used = g->counted + beyond;
  out->limit = g->limit;
  out->remaining = g->allotment < 0 ? -1 : max64(0, g->allotment - beyond);
  out->overage = g->limit < 0 ? 0 : max64(0, out->used - g->limit);
  out->overage_allowance = g->overage;
}

airlock_status airlock_meter(const airlock_store *s, const char *meter, airlock_meter_reading *out) {
  if (!s->usable) return s->blocked;
  const al_meter *g = meter ? grant_of(s, meter) : NULL;
  if (!g) return AIRLOCK_LICENSE_TYPE_NOT_LICENSED;
  reading(g, consumed(s, meter), out);
  return AIRLOCK_OK;
}

airlock_status airlock_consume(airlock_store *s, int64_t now, const char *meter, int64_t amount, airlock_meter_reading *out) {
  airlock_status status = airlock_check(s, now);
  if (status) return fail(s, status, "%s", s->usable ? "the license may not be used now" : s->blocked_message);
  const al_meter *g = meter ? grant_of(s, meter) : NULL;
  if (!g) return fail(s, AIRLOCK_LICENSE_TYPE_NOT_LICENSED, "the license has no meter %.100s", meter ? meter : "(null)");
  if (amount < 1 || amount > 1000000000) return fail(s, AIRLOCK_QUANTITY_INVALID, "the amount consumed must be a whole number from 1 to 1000000000");
  int64_t beyond = consumed(s, meter);
  if (g->allotment >= 0 && beyond + amount > g->allotment)
    return fail(s, AIRLOCK_METER_LIMIT_REACHED, "meter %s: %lld consumed, %lld more asked, %lld allotted", meter, (long long)beyond, (long long)amount,
                (long long)g->allotment);
  cJSON *activation = activation_of(s);
  cJSON *lines = cJSON_GetObjectItemCaseSensitive(activation, "consumption");
  if (!cJSON_IsArray(lines)) {
    lines = cJSON_CreateArray();
    set_item(activation, "consumption", lines);
  }
  cJSON *line = usage_line(s, meter);
  int64_t unreported = 0;
  if (!line) {
    line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "meter", meter);
    cJSON_AddNumberToObject(line, "used", 0);
    cJSON_AddNumberToObject(line, "unreported", 0);
    cJSON_AddItemToArray(lines, line);
  }
  al_json_int(cJSON_GetObjectItemCaseSensitive(line, "unreported"), 0, 9007199254740991, &unreported);
  set_item(line, "used", cJSON_CreateNumber((double)(beyond + amount)));
  set_item(line, "unreported", cJSON_CreateNumber((double)(unreported + amount)));
  status = write_state(s);
  if (status) return status;
  reading(g, beyond + amount, out);
  return done(s, AIRLOCK_OK, NULL);
}

/* ---- exchanges ---- */

static airlock_status trusted(airlock_store *s) {
  if (!s->state) return fail(s, s->blocked, "%s", s->blocked_message);
  return AIRLOCK_OK;
}

static airlock_status clock_now(airlock_store *s, int64_t now) {
  int64_t tolerance = s->usable ? s->tolerance_ms : AL_DEFAULT_SKEW_MS;
  if (now < s->latest_seen - tolerance) return fail(s, AIRLOCK_CLOCK_ROLLED_BACK, "the clock is behind the latest time seen: it was set back");
  return AIRLOCK_OK;
}

static airlock_status active(airlock_store *s) {
  airlock_status status = trusted(s);
  if (status) return status;
  if (!s->usable) return fail(s, s->blocked, "%s", s->blocked_message[0] ? s->blocked_message : "no license is installed");
  return AIRLOCK_OK;
}

static cJSON *credential_json(const airlock_credential *c) {
  cJSON *json = cJSON_CreateObject();
  if (c->method == AIRLOCK_CREDENTIAL_LICENSE_KEY) {
    cJSON_AddStringToObject(json, "method", "license-key");
    cJSON_AddStringToObject(json, "licenseKey", c->value);
  } else if (c->method == AIRLOCK_CREDENTIAL_USER) {
    cJSON_AddStringToObject(json, "method", "user");
    cJSON_AddStringToObject(json, "username", c->value);
  } else {
    cJSON_AddStringToObject(json, "method", "trial");
  }
  return json;
}

static int clean_name(const char *s, size_t max) {
  cJSON *probe = cJSON_CreateString(s);
  int ok = s && *s && strlen(s) <= max && al_text_clean(probe);
  /* a Name (docs/formats.md §6): no control character, no bidirectional embedding, override or
   * isolate (U+202A–U+202E, U+2066–U+2069) */
  for (const unsigned char *p = (const unsigned char *)s; ok && *p; p++) {
    if (*p < 0x20) ok = 0;
    if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) ok = 0;
  }
  cJSON_Delete(probe);
  return ok;
}

/* A device activation request (§6.5); `jti` receives its id. */
static airlock_status activation_request(airlock_store *s, int64_t now, cJSON *credential, int64_t current_revision, char **text, char jti[37]) {
  if (!s->have_enc) {
    cJSON_Delete(credential);
    return fail(s, AIRLOCK_REQUEST_INVALID, "set authority_encryption_key in airlock_open to make requests");
  }
  unsigned char enc_pub[32];
  al_x25519_public(s->enc_seed, enc_pub);
  char *x = al_b64url_encode(enc_pub, 32), aud[64];
  snprintf(aud, sizeof aud, "authority:%s", s->trust.root_kid);
  al_uuid4(jti);
  cJSON *claims = cJSON_CreateObject();
  cJSON_AddStringToObject(claims, "aud", aud);
  cJSON_AddArrayToObject(claims, "answers");
  cJSON_AddStringToObject(claims, "product", s->product);
  cJSON_AddStringToObject(claims, "fingerprint", s->fingerprint);
  cJSON_AddItemToObject(claims, "credential", credential);
  cJSON *key = cJSON_AddObjectToObject(claims, "deviceEncryptionKey");
  cJSON_AddStringToObject(key, "kty", "OKP");
  cJSON_AddStringToObject(key, "crv", "X25519");
  cJSON_AddStringToObject(key, "x", x);
  free(x);
  if (s->device_name && clean_name(s->device_name, 200)) cJSON_AddStringToObject(claims, "deviceName", s->device_name);
  cJSON_AddStringToObject(claims, "sdkVersion", AIRLOCK_VERSION);
  if (s->app_version && valid_version(s->app_version)) cJSON_AddStringToObject(claims, "appVersion", s->app_version);
  if (current_revision > 0) cJSON_AddNumberToObject(claims, "currentRevision", (double)current_revision);
  cJSON_AddNumberToObject(claims, "v", 1);
  cJSON_AddStringToObject(claims, "jti", jti);
  cJSON_AddNumberToObject(claims, "iat", (double)(now / 1000));
  char *jws = al_sign_jws(AL_KIND_ACTIVATION_REQUEST.typ, s->sign_seed, claims);
  cJSON_Delete(claims);
  char *jwe = jws ? al_encrypt_jwe(AL_KIND_ACTIVATION_REQUEST.typ, jws, s->enc_pub, s->enc_kid) : NULL;
  free(jws);
  *text = jwe ? al_armour(AL_KIND_ACTIVATION_REQUEST.label, jwe) : NULL;
  free(jwe);
  return *text ? AIRLOCK_OK : fail(s, AIRLOCK_INTERNAL_ERROR, "the request could not be made");
}

airlock_status airlock_create_activation_request(airlock_store *s, int64_t now, const airlock_credential *credential, char **text) {
  airlock_status status = trusted(s);
  if (status) return status;
  if (!text || !credential) return fail(s, AIRLOCK_REQUEST_INVALID, "credential and text are required");
  *text = NULL;
  if (s->usable && !s->terms.trial) return fail(s, AIRLOCK_DEVICE_ALREADY_ACTIVATED, "the device holds license %s", s->terms.license_id);
  if ((status = clock_now(s, now))) return status;
  if (credential->method == AIRLOCK_CREDENTIAL_LICENSE_KEY) {
    /* 1 to 64 visible ASCII characters (§6.5) */
    if (!valid_fingerprint(credential->value) || strlen(credential->value) > 64) return fail(s, AIRLOCK_REQUEST_INVALID, "the license key is 1 to 64 visible ASCII characters");
  } else if (credential->method == AIRLOCK_CREDENTIAL_USER) {
    if (!credential->value || !clean_name(credential->value, 254)) return fail(s, AIRLOCK_REQUEST_INVALID, "the user name is 1 to 254 printable characters");
  } else if (credential->method != AIRLOCK_CREDENTIAL_TRIAL) {
    return fail(s, AIRLOCK_REQUEST_INVALID, "unknown credential method");
  }
  char jti[37];
  status = activation_request(s, now, credential_json(credential), 0, text, jti);
  if (status) return status;
  /* remembered as outstanding: the newest MAX_PENDING are kept */
  cJSON *pending = cJSON_GetObjectItemCaseSensitive(s->state, "pendingRequests");
  if (!cJSON_IsArray(pending)) {
    pending = cJSON_CreateArray();
    set_item(s->state, "pendingRequests", pending);
  }
  cJSON *entry = cJSON_CreateObject();
  cJSON_AddStringToObject(entry, "id", jti);
  cJSON_AddItemToObject(entry, "credential", credential_json(credential));
  cJSON_AddItemToArray(pending, entry);
  while (cJSON_GetArraySize(pending) > MAX_PENDING) cJSON_DeleteItemFromArray(pending, 0);
  status = write_state(s);
  if (status) {
    free(*text);
    *text = NULL;
    return status;
  }
  return done(s, AIRLOCK_OK, NULL);
}

airlock_status airlock_install_license_file(airlock_store *s, int64_t now, const char *text) {
  airlock_status status = trusted(s);
  if (status) return status;
  if (s->usable && !s->terms.trial) return fail(s, AIRLOCK_DEVICE_ALREADY_ACTIVATED, "the device holds license %s", s->terms.license_id);
  if ((status = clock_now(s, now))) return status;
  al_error e = {{0}};
  al_terms t;
  memset(&t, 0, sizeof t);
  al_trust saved = s->trust; /* a refused file changes nothing, its revocation list included */
  saved.revocations = s->trust.revocations ? cJSON_Duplicate(s->trust.revocations, 1) : NULL;
  saved.revocations_compact = s->trust.revocations_compact ? strdup(s->trust.revocations_compact) : NULL;
  status = open_license(s, text, 0, now, &t, &e);
  /* it must answer a request this device still has outstanding */
  cJSON *request = NULL;
  if (status == AIRLOCK_OK) {
    al_open_ctx ctx = {&AL_KIND_LICENSE_FILE, &s->trust, s->enc_seed, NULL, now, AL_DEFAULT_SKEW_MS};
    al_opened o;
    if (al_open_document(text, &ctx, &o, &e) == AIRLOCK_OK) {
      cJSON *pending;
      cJSON_ArrayForEach(pending, cJSON_GetObjectItemCaseSensitive(s->state, "pendingRequests")) {
        const char *id = al_json_str(pending, "id");
        const cJSON *answer;
        cJSON_ArrayForEach(answer, cJSON_GetObjectItemCaseSensitive(o.claims, "answers")) {
          if (id && strcmp(answer->valuestring, id) == 0) request = pending;
        }
      }
      al_opened_free(&o);
    }
    if (!request) status = al_fail(&e, AIRLOCK_ACTIVATION_REQUEST_UNKNOWN, "the license file answers no request this device has outstanding");
    int64_t ends = t.valid_until < 0 ? NEVER : add_sat(t.valid_until * 1000, t.expiry_grace_s * 1000);
    if (status == AIRLOCK_OK && now >= ends) status = al_fail(&e, AIRLOCK_LICENSE_EXPIRED, "the license ended before it was installed");
  }
  if (status) {
    al_terms_free(&t);
    al_trust_clear(&s->trust);
    s->trust.revocations = saved.revocations;
    s->trust.revocations_compact = saved.revocations_compact;
    return done(s, status, &e);
  }
  al_trust_clear(&saved);
  cJSON *activation = cJSON_CreateObject();
  cJSON_AddStringToObject(activation, "status", "active");
  cJSON_AddItemToObject(activation, "credential", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(request, "credential"), 1));
  cJSON_AddStringToObject(activation, "licenseFile", text);
  cJSON_AddNullToObject(activation, "refreshFile");
  cJSON_AddArrayToObject(activation, "consumption");
  cJSON_AddNumberToObject(activation, "lastContact", (double)(t.iat * 1000));
  cJSON_AddNullToObject(activation, "deactivation");
  set_item(s->state, "activation", activation);
  set_item(s->state, "pendingRequests", cJSON_CreateArray());
  s->latest_seen = max64(s->latest_seen, t.iat * 1000);
  clear_usable(s);
  s->license_file_jti = strdup(t.jti);
  s->license_file_iat = t.iat;
  s->terms = t;
  status = write_state(s);
  settle(s, 1, AIRLOCK_OK);
  return status ? status : done(s, AIRLOCK_OK, NULL);
}

airlock_status airlock_create_refresh_request(airlock_store *s, int64_t now, char **text) {
  airlock_status status = active(s);
  if (status) return status;
  if (!text) return fail(s, AIRLOCK_REQUEST_INVALID, "text is required");
  if (!s->terms.allow_offline) return fail(s, AIRLOCK_OFFLINE_NOT_ALLOWED, "the license does not travel as files");
  if ((status = clock_now(s, now))) return status;
  char jti[37];
  cJSON *credential = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(activation_of(s), "credential"), 1);
  status = activation_request(s, now, credential, s->terms.revision, text, jti);
  return status ? status : done(s, AIRLOCK_OK, NULL);
}

airlock_status airlock_apply_refresh_file(airlock_store *s, int64_t now, const char *text) {
  airlock_status status = active(s);
  if (status) return status;
  if (!s->terms.allow_offline) return fail(s, AIRLOCK_OFFLINE_NOT_ALLOWED, "the license does not travel as files");
  if ((status = clock_now(s, now))) return status;
  al_error e = {{0}};
  al_terms t;
  status = open_license(s, text, 1, now, &t, &e);
  if (status) return done(s, status, &e);
  if (strcmp(t.refreshes, s->license_file_jti) != 0 || strcmp(t.license_id, s->terms.license_id) != 0) {
    al_terms_free(&t);
    return fail(s, AIRLOCK_WRONG_RECIPIENT, "the refresh is for another activation");
  }
  /* newer: a higher revision, or the same one issued later (it renews the allotments) */
  if (!(t.revision > s->terms.revision || (t.revision == s->terms.revision && t.iat > s->terms.iat))) {
    airlock_status refused = fail(s, AIRLOCK_REFRESH_NOT_NEWER, "the refresh has revision %lld; the device holds %lld", (long long)t.revision,
                                  (long long)s->terms.revision);
    al_terms_free(&t);
    return refused;
  }
  cJSON *activation = activation_of(s);
  set_item(activation, "refreshFile", cJSON_CreateString(text));
  s->latest_seen = max64(s->latest_seen, t.iat * 1000);
  al_terms_free(&s->terms);
  s->terms = t;
  status = write_state(s);
  settle(s, 1, AIRLOCK_OK);
  return status ? status : done(s, AIRLOCK_OK, NULL);
}

airlock_status airlock_deactivate(airlock_store *s, int64_t now, const char *path, char **text) {
  airlock_status status = active(s);
  if (status) return status;
  if (text) *text = NULL;
  if (!s->terms.allow_offline) return fail(s, AIRLOCK_OFFLINE_NOT_ALLOWED, "the license does not travel as files");
  if (!s->have_enc) return fail(s, AIRLOCK_REQUEST_INVALID, "set authority_encryption_key in airlock_open to deactivate");
  /* never refused for the clock: giving a license up is always allowed */
  char aud[64], jti[37];
  snprintf(aud, sizeof aud, "authority:%s", s->trust.root_kid);
  al_uuid4(jti);
  cJSON *claims = cJSON_CreateObject();
  cJSON_AddStringToObject(claims, "aud", aud);
  cJSON *answers = cJSON_AddArrayToObject(claims, "answers");
  cJSON_AddItemToArray(answers, cJSON_CreateString(s->license_file_jti));
  cJSON_AddStringToObject(claims, "licenseId", s->terms.license_id);
  cJSON_AddStringToObject(claims, "product", s->product);
  cJSON_AddStringToObject(claims, "fingerprint", s->fingerprint);
  cJSON_AddNumberToObject(claims, "licenseRevision", (double)s->terms.revision);
  cJSON *consumption = cJSON_AddArrayToObject(claims, "consumption");
  cJSON *line;
  cJSON_ArrayForEach(line, cJSON_GetObjectItemCaseSensitive(activation_of(s), "consumption")) {
    int64_t unreported = 0;
    al_json_int(cJSON_GetObjectItemCaseSensitive(line, "unreported"), 0, 9007199254740991, &unreported);
    if (unreported <= 0) continue;
    cJSON *amount = cJSON_CreateObject();
    cJSON_AddStringToObject(amount, "meter", al_json_str(line, "meter"));
    cJSON_AddNumberToObject(amount, "amount", (double)unreported);
    cJSON_AddItemToArray(consumption, amount);
  }
  cJSON_AddArrayToObject(claims, "variables");
  cJSON_AddNumberToObject(claims, "v", 1);
  cJSON_AddStringToObject(claims, "jti", jti);
  cJSON_AddNumberToObject(claims, "iat", (double)(now / 1000));
  char *jws = al_sign_jws(AL_KIND_DEACTIVATION.typ, s->sign_seed, claims);
  cJSON_Delete(claims);
  char *jwe = jws ? al_encrypt_jwe(AL_KIND_DEACTIVATION.typ, jws, s->enc_pub, s->enc_kid) : NULL;
  free(jws);
  char *armoured = jwe ? al_armour(AL_KIND_DEACTIVATION.label, jwe) : NULL;
  free(jwe);
  if (!armoured) return fail(s, AIRLOCK_INTERNAL_ERROR, "the deactivation file could not be made");
  /* The file and a usable license never exist together: the state is saved first. */
  cJSON *activation = activation_of(s);
  set_item(activation, "status", cJSON_CreateString("deactivated"));
  cJSON *d = cJSON_CreateObject();
  cJSON_AddStringToObject(d, "file", armoured);
  cJSON_AddFalseToObject(d, "submitted");
  set_item(activation, "deactivation", d);
  set_item(s->state, "pendingRequests", cJSON_CreateArray());
  s->latest_seen = max64(s->latest_seen, now);
  status = write_state(s);
  clear_usable(s);
  settle(s, 0, AIRLOCK_OK);
  if (status) {
    free(armoured);
    return status;
  }
  if (path && al_write_file_atomic(path, armoured, strlen(armoured)) != 0) {
    free(armoured);
    return fail(s, AIRLOCK_INTERNAL_ERROR, "the deactivation file could not be written to %s (it stays in the store)", path);
  }
  if (text)
    *text = armoured;
  else
    free(armoured);
  return done(s, AIRLOCK_OK, NULL);
}
