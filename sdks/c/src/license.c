/* The terms of a device license file or refresh file (docs/formats.md §6.6), checked against the
 * kind's schema exactly (§5 step 8) and its consistency rules (step 12). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int is_id(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 1 || n > 64) return 0;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-')) return 0;
  }
  return 1;
}

static int is_kid(const char *s) {
  if (!s || strlen(s) != 43) return 0;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return 0;
  }
  return 1;
}

static int is_fingerprint(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 1 || n > 128) return 0;
  for (; *s; s++)
    if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e) return 0;
  return 1;
}

/* Only the members named may appear. */
static int only(const cJSON *object, const char *const *names) {
  const cJSON *item;
  cJSON_ArrayForEach(item, object) {
    int known = 0;
    for (const char *const *n = names; *n; n++)
      if (strcmp(item->string, *n) == 0) known = 1;
    if (!known) return 0;
  }
  return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void al_terms_free(al_terms *t) {
  free(t->jti), free(t->license_id), free(t->product), free(t->fingerprint), free(t->device_kid), free(t->kind), free(t->refreshes);
  for (size_t i = 0; i < t->feature_count; i++) free(t->features[i]);
  free(t->features);
  for (size_t i = 0; i < t->meter_count; i++) free(t->meters[i].meter);
  free(t->meters);
  for (size_t i = 0; i < t->metadata_count * 2; i++) free(t->metadata[i]);
  free(t->metadata);
  memset(t, 0, sizeof *t);
}

#define BAD(...)                                                   \
  do {                                                             \
    al_terms_free(t);                                              \
    return al_fail(error, AIRLOCK_PAYLOAD_INVALID, __VA_ARGS__);   \
  } while (0)

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

airlock_status al_terms_read(const cJSON *claims, int refresh, al_terms *t, al_error *error) {
  static const char *const license_members[] = {"v",          "jti",     "iat",      "aud",    "answers",         "licenseId",       "product",
                                                "fingerprint", "deviceKeyThumbprint", "licenseKind", "revision", "validUntil", "entitlements", "metadata",
                                                "checks",      "trial",   "reportedThrough", NULL};
  static const char *const refresh_members[] = {"v",          "jti",     "iat",      "aud",    "answers",         "licenseId",       "product",
                                                "fingerprint", "deviceKeyThumbprint", "licenseKind", "revision", "validUntil", "entitlements", "metadata",
                                                "checks",      "trial",   "reportedThrough", "refreshes", NULL};
  static const char *const kinds[] = {"permanent", "term", "subscription", "pilot", "temporary", "consumption", NULL};
  memset(t, 0, sizeof *t);
  if (!only(claims, refresh ? refresh_members : license_members)) BAD("a claim the kind does not define");
  t->jti = dup_or_null(al_json_str(claims, "jti"));
  t->license_id = dup_or_null(al_json_str(claims, "licenseId"));
  t->product = dup_or_null(al_json_str(claims, "product"));
  t->fingerprint = dup_or_null(al_json_str(claims, "fingerprint"));
  t->device_kid = dup_or_null(al_json_str(claims, "deviceKeyThumbprint"));
  t->kind = dup_or_null(al_json_str(claims, "licenseKind"));
  if (refresh) t->refreshes = dup_or_null(al_json_str(claims, "refreshes"));
  if (!is_id(t->jti) || !is_id(t->license_id) || !is_id(t->product) || !is_fingerprint(t->fingerprint) || !is_kid(t->device_kid))
    BAD("licenseId, product, fingerprint or deviceKeyThumbprint is malformed");
  if (refresh && !is_id(t->refreshes)) BAD("refreshes is malformed");
  int known = 0;
  for (const char *const *k = kinds; *k; k++)
    if (t->kind && strcmp(*k, t->kind) == 0) known = 1;
  if (!known) BAD("licenseKind is not a kind of license");
  al_json_int(cJSON_GetObjectItemCaseSensitive(claims, "iat"), 0, 253402300799, &t->iat);
  const cJSON *answers = cJSON_GetObjectItemCaseSensitive(claims, "answers"), *answer;
  const char *aud = al_json_str(claims, "aud");
  if (cJSON_GetArraySize(answers) > 16 || !aud || strlen(aud) > 200) BAD("answers holds at most 16 ids and aud at most 200 characters");
  cJSON_ArrayForEach(answer, answers) if (!is_id(answer->valuestring)) BAD("an answer is not an id");
  if (al_json_int(cJSON_GetObjectItemCaseSensitive(claims, "revision"), 1, 2147483647, &t->revision)) BAD("revision is not 1 to 2^31-1");
  const cJSON *vu = cJSON_GetObjectItemCaseSensitive(claims, "validUntil");
  if (cJSON_IsNull(vu))
    t->valid_until = -1;
  else if (al_json_int(vu, 0, 253402300799, &t->valid_until))
    BAD("validUntil is not a NumericDate or null");
  const cJSON *trial = cJSON_GetObjectItemCaseSensitive(claims, "trial");
  if (trial && !cJSON_IsTrue(trial)) BAD("trial is true or absent");
  t->trial = trial != NULL;
  const cJSON *rt = cJSON_GetObjectItemCaseSensitive(claims, "reportedThrough");
  if (rt && al_json_int(rt, 0, 9007199254740991, &t->reported_through)) BAD("reportedThrough is not an integer >= 0");

  const cJSON *checks = cJSON_GetObjectItemCaseSensitive(claims, "checks");
  static const char *const check_members[] = {"allowOffline", "clockSkewTolerance", "maxOffline", "offlineGrace", "expiryGrace", NULL};
  if (!cJSON_IsObject(checks) || !only(checks, check_members)) BAD("checks is malformed");
  const cJSON *ao = cJSON_GetObjectItemCaseSensitive(checks, "allowOffline");
  if (!cJSON_IsBool(ao)) BAD("checks.allowOffline is not a boolean");
  t->allow_offline = cJSON_IsTrue(ao);
  if (al_json_int(cJSON_GetObjectItemCaseSensitive(checks, "clockSkewTolerance"), 0, 86400, &t->skew_s)) BAD("checks.clockSkewTolerance is not 0 to 86400");
  const cJSON *mo = cJSON_GetObjectItemCaseSensitive(checks, "maxOffline");
  t->max_offline_s = -1;
  if (mo && !cJSON_IsNull(mo) && al_json_int(mo, 60, 366 * 86400, &t->max_offline_s)) BAD("checks.maxOffline is out of range");
  const cJSON *og = cJSON_GetObjectItemCaseSensitive(checks, "offlineGrace"), *eg = cJSON_GetObjectItemCaseSensitive(checks, "expiryGrace");
  if (og && al_json_int(og, 0, 366 * 86400, &t->offline_grace_s)) BAD("checks.offlineGrace is out of range");
  if (eg && al_json_int(eg, 0, 366 * 86400, &t->expiry_grace_s)) BAD("checks.expiryGrace is out of range");

  const cJSON *ent = cJSON_GetObjectItemCaseSensitive(claims, "entitlements");
  static const char *const ent_members[] = {"features", "meters", NULL};
  if (!cJSON_IsObject(ent) || !only(ent, ent_members)) BAD("entitlements is malformed");
  const cJSON *features = cJSON_GetObjectItemCaseSensitive(ent, "features"), *meters = cJSON_GetObjectItemCaseSensitive(ent, "meters");
  if (!cJSON_IsArray(features) || !cJSON_IsArray(meters) || cJSON_GetArraySize(features) > 500 || cJSON_GetArraySize(meters) > 500)
    BAD("entitlements.features and meters are arrays of at most 500");
  t->features = calloc((size_t)cJSON_GetArraySize(features) + 1, sizeof(char *));
  t->meters = calloc((size_t)cJSON_GetArraySize(meters) + 1, sizeof(al_meter));
  const cJSON *item;
  cJSON_ArrayForEach(item, features) {
    if (!cJSON_IsString(item) || !is_id(item->valuestring)) BAD("a feature is not an id");
    t->features[t->feature_count++] = strdup(item->valuestring);
  }
  qsort(t->features, t->feature_count, sizeof(char *), cmp_str);
  for (size_t i = 1; i < t->feature_count; i++)
    if (strcmp(t->features[i - 1], t->features[i]) == 0) BAD("feature %s is listed twice", t->features[i]);
  static const char *const meter_members[] = {"meter", "limit", "overage", "counted", "allotment", NULL};
  cJSON_ArrayForEach(item, meters) {
    al_meter *m = &t->meters[t->meter_count];
    if (!cJSON_IsObject(item) || !only(item, meter_members) || !is_id(al_json_str(item, "meter"))) BAD("a meter is malformed");
    m->meter = strdup(al_json_str(item, "meter"));
    t->meter_count++;
    const cJSON *limit = cJSON_GetObjectItemCaseSensitive(item, "limit"), *over = cJSON_GetObjectItemCaseSensitive(item, "overage"),
                *counted = cJSON_GetObjectItemCaseSensitive(item, "counted"), *allot = cJSON_GetObjectItemCaseSensitive(item, "allotment");
    m->limit = -1;
    if (!limit || (!cJSON_IsNull(limit) && al_json_int(limit, 0, 1000000000, &m->limit))) BAD("meter %s: limit is a quantity or null", m->meter);
    if (over && al_json_int(over, 0, 9007199254740991, &m->overage)) BAD("meter %s: overage", m->meter);
    if (counted && al_json_int(counted, 0, 9007199254740991, &m->counted)) BAD("meter %s: counted", m->meter);
    /* a file of an earlier release grants the whole limit (§6.6) */
    m->allotment = m->limit;
    if (m->limit < 0)
      m->allotment = -1;
    else if (allot && !cJSON_IsNull(allot) && al_json_int(allot, 0, 9007199254740991, &m->allotment))
      BAD("meter %s: allotment", m->meter);
    else if (allot && cJSON_IsNull(allot))
      m->allotment = -1;
    for (size_t i = 0; i + 1 < t->meter_count; i++)
      if (strcmp(t->meters[i].meter, m->meter) == 0) BAD("meter %s is listed twice", m->meter);
  }
  const cJSON *metadata = cJSON_GetObjectItemCaseSensitive(claims, "metadata");
  if (!cJSON_IsArray(metadata) || cJSON_GetArraySize(metadata) > 100) BAD("metadata is an array of at most 100");
  t->metadata = calloc((size_t)cJSON_GetArraySize(metadata) * 2 + 1, sizeof(char *));
  static const char *const var_members[] = {"name", "value", NULL};
  cJSON_ArrayForEach(item, metadata) {
    const char *name = al_json_str(item, "name"), *value = al_json_str(item, "value");
    if (!cJSON_IsObject(item) || !only(item, var_members) || !is_id(name) || !value || strlen(value) > 4096) BAD("a metadata entry is malformed");
    for (size_t i = 0; i < t->metadata_count; i++)
      if (strcmp(t->metadata[2 * i], name) == 0) BAD("metadata name %s is listed twice", name);
    t->metadata[2 * t->metadata_count] = strdup(name);
    t->metadata[2 * t->metadata_count + 1] = strdup(value);
    t->metadata_count++;
  }
  /* step 12: a permanent license never ends; a term, pilot or temporary one does */
  if (strcmp(t->kind, "permanent") == 0 && t->valid_until >= 0) BAD("a permanent license has no end");
  if ((strcmp(t->kind, "term") == 0 || strcmp(t->kind, "pilot") == 0 || strcmp(t->kind, "temporary") == 0) && t->valid_until < 0)
    BAD("a %s license must end", t->kind);
  return AIRLOCK_OK;
}
