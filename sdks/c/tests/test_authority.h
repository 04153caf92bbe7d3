/* The authority's side for the C tests and the bench: the scenario's keys of vectors.json sign
 * and encrypt license and refresh files for a device, and read what the device sends. */
#ifndef AIRLOCK_TEST_AUTHORITY_H
#define AIRLOCK_TEST_AUTHORITY_H
#include <sys/stat.h>
#include <unistd.h>

#include "testing.h"

static cJSON *data;
static char dir[512];
static char root_jwk[256], *enc_cert, *sign_cert;
static unsigned char authority_signing[32], authority_encryption[32];
/* checks.maxOffline and checks.offlineGrace (seconds) of the next files issued; -1: left out */
static int64_t issue_max_offline = -1, issue_offline_grace = -1;

TEST_HELPER char *path_in(const char *name) {
  static char paths[8][600];
  static int next = 0;
  char *p = paths[next++ % 8];
  snprintf(p, 600, "%s/%s", dir, name);
  return p;
}

TEST_HELPER const cJSON *vector_named(const char *name) {
  const cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(data, "vectors")) if (strcmp(al_json_str(v, "name"), name) == 0) return v;
  return NULL;
}

/* A compact JWS signed by the scenario's authority signing key, with its certificate. */
TEST_HELPER char *authority_sign(const char *typ, cJSON *claims) {
  unsigned char pub[32], sig[64];
  char kid[44];
  al_ed25519_public(authority_signing, pub);
  al_thumbprint("Ed25519", pub, kid);
  cJSON *header = cJSON_CreateObject();
  cJSON_AddStringToObject(header, "alg", "EdDSA");
  cJSON_AddStringToObject(header, "typ", typ);
  cJSON_AddStringToObject(header, "kid", kid);
  cJSON_AddStringToObject(header, "cert", sign_cert);
  char *h = cJSON_PrintUnformatted(header), *c = cJSON_PrintUnformatted(claims);
  char *hb = al_b64url_encode((unsigned char *)h, strlen(h)), *cb = al_b64url_encode((unsigned char *)c, strlen(c));
  size_t n = strlen(hb) + strlen(cb) + 100;
  char *out = malloc(n);
  int len = snprintf(out, n, "%s.%s", hb, cb);
  al_ed25519_sign(authority_signing, out, (size_t)len, sig);
  char *sb = al_b64url_encode(sig, 64);
  snprintf(out + len, n - (size_t)len, ".%s", sb);
  free(h), free(c), free(hb), free(cb), free(sb);
  cJSON_Delete(header);
  return out;
}

/* The authority's side: reads the device's request, answers with a license or refresh file. */
TEST_HELPER cJSON *open_request(const char *text, const al_kind *kind) {
  al_open_ctx ctx = {kind, NULL, authority_encryption, NULL, iso_ms("2030-01-01T00:00:00.000Z"), AL_DEFAULT_SKEW_MS};
  al_opened o;
  al_error e;
  airlock_status status = al_open_document(text, &ctx, &o, &e);
  EXPECT_STATUS(status, AIRLOCK_OK, e.message);
  if (status) return NULL;
  cJSON *claims = o.claims;
  cJSON_AddStringToObject(claims, "_signer", o.signer_kid);
  o.claims = NULL;
  al_opened_free(&o);
  return claims;
}

TEST_HELPER char *license_for(const cJSON *request, const char *refreshes, int revision, int64_t iat, const char *features_csv, int64_t valid_until, char *jti_out) {
  cJSON *claims = cJSON_CreateObject();
  char aud[200];
  snprintf(aud, sizeof aud, "device:%s", al_json_str(request, "fingerprint"));
  cJSON_AddStringToObject(claims, "aud", aud);
  cJSON *answers = cJSON_AddArrayToObject(claims, "answers");
  cJSON_AddItemToArray(answers, cJSON_CreateString(refreshes ? refreshes : al_json_str(request, "jti")));
  if (refreshes) cJSON_AddStringToObject(claims, "refreshes", refreshes);
  cJSON_AddStringToObject(claims, "licenseId", "lic-c-1");
  cJSON_AddStringToObject(claims, "product", al_json_str(request, "product"));
  cJSON_AddStringToObject(claims, "fingerprint", al_json_str(request, "fingerprint"));
  cJSON_AddStringToObject(claims, "deviceKeyThumbprint", al_json_str(request, "_signer"));
  cJSON_AddStringToObject(claims, "licenseKind", "term");
  cJSON_AddNumberToObject(claims, "revision", revision);
  cJSON_AddNumberToObject(claims, "validUntil", (double)valid_until);
  cJSON *ent = cJSON_AddObjectToObject(claims, "entitlements");
  cJSON *features = cJSON_AddArrayToObject(ent, "features");
  char buf[200];
  snprintf(buf, sizeof buf, "%s", features_csv);
  for (char *f = strtok(buf, ","); f; f = strtok(NULL, ",")) cJSON_AddItemToArray(features, cJSON_CreateString(f));
  cJSON *meters = cJSON_AddArrayToObject(ent, "meters");
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "meter", "renders");
  cJSON_AddNumberToObject(m, "limit", 100);
  cJSON_AddNumberToObject(m, "overage", 0);
  cJSON_AddNumberToObject(m, "counted", 0);
  cJSON_AddNumberToObject(m, "allotment", revision == 1 ? 10 : 50);
  cJSON_AddItemToArray(meters, m);
  cJSON *meta = cJSON_AddArrayToObject(claims, "metadata");
  cJSON *entry = cJSON_CreateObject();
  cJSON_AddStringToObject(entry, "name", "seat-name");
  cJSON_AddStringToObject(entry, "value", "Lab C");
  cJSON_AddItemToArray(meta, entry);
  cJSON *checks = cJSON_AddObjectToObject(claims, "checks");
  cJSON_AddTrueToObject(checks, "allowOffline");
  cJSON_AddNumberToObject(checks, "clockSkewTolerance", 300);
  cJSON_AddNumberToObject(checks, "expiryGrace", 86400);
  if (issue_max_offline >= 0) cJSON_AddNumberToObject(checks, "maxOffline", (double)issue_max_offline);
  if (issue_offline_grace >= 0) cJSON_AddNumberToObject(checks, "offlineGrace", (double)issue_offline_grace);
  cJSON_AddNumberToObject(claims, "v", 1);
  char jti[37];
  al_uuid4(jti);
  cJSON_AddStringToObject(claims, "jti", jti);
  if (jti_out) memcpy(jti_out, jti, 37);
  cJSON_AddNumberToObject(claims, "iat", (double)iat);
  const al_kind *kind = refreshes ? &AL_KIND_REFRESH_FILE : &AL_KIND_LICENSE_FILE;
  char *jws = authority_sign(kind->typ, claims);
  cJSON_Delete(claims);
  unsigned char x[32];
  al_buf raw;
  const char *xs = al_json_str(cJSON_GetObjectItemCaseSensitive(request, "deviceEncryptionKey"), "x");
  al_b64url_decode(xs, strlen(xs), &raw);
  memcpy(x, raw.data, 32);
  al_buf_free(&raw);
  char kid[44];
  al_thumbprint("X25519", x, kid);
  char *jwe = al_encrypt_jwe(kind->typ, jws, x, kid);
  char *text = al_armour(kind->label, jwe);
  free(jws), free(jwe);
  return text;
}

/* Reads the keys and certificates of the scenario (`data` and `dir` set first). */
TEST_HELPER void test_authority_init(void) {
  char *jwk = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(key_of(data, "authorityRoot"), "publicJwk"));
  snprintf(root_jwk, sizeof root_jwk, "%s", jwk);
  free(jwk);
  al_write_file_atomic(path_in("root.jwk"), root_jwk, strlen(root_jwk)); /* for cpp_smoke */
  seed_of(data, "authoritySigning", authority_signing);
  seed_of(data, "authorityEncryption", authority_encryption);
  /* the certificates the authority hands out: its signing key's (in every document it signs)
   * and its encryption key's (in the enablement token) */
  enc_cert = strdup(al_json_str(cJSON_GetObjectItemCaseSensitive(vector_named("enablement-token"), "claims"), "authorityEncryptionKey"));
  {
    const char *jws = al_json_str(vector_named("device-license-file"), "jws");
    al_buf raw;
    al_b64url_decode(jws, (size_t)(strchr(jws, '.') - jws), &raw);
    cJSON *header = cJSON_ParseWithLength((char *)raw.data, raw.len);
    sign_cert = strdup(al_json_str(header, "cert"));
    cJSON_Delete(header);
    al_buf_free(&raw);
  }
}
#endif
