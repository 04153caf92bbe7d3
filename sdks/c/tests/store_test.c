/* The device API end to end, offline, with this test as the authority (the scenario's keys of
 * vectors.json): request → license file → install → check, features, meters → reopen, clock set
 * back, copied store, edited store → refresh request → refresh file → deactivation file. */
#include <sys/stat.h>
#include <unistd.h>

#include "testing.h"

static cJSON *data;
static char dir[512];
static char root_jwk[256], *enc_cert, *sign_cert;
static unsigned char authority_signing[32], authority_encryption[32];

static char *path_in(const char *name) {
  static char paths[8][600];
  static int next = 0;
  char *p = paths[next++ % 8];
  snprintf(p, 600, "%s/%s", dir, name);
  return p;
}

static const cJSON *vector_named(const char *name) {
  const cJSON *v;
  cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(data, "vectors")) if (strcmp(al_json_str(v, "name"), name) == 0) return v;
  return NULL;
}

/* A compact JWS signed by the scenario's authority signing key, with its certificate. */
static char *authority_sign(const char *typ, cJSON *claims) {
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
static cJSON *open_request(const char *text, const al_kind *kind) {
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

static char *license_for(const cJSON *request, const char *refreshes, int revision, int64_t iat, const char *features_csv, int64_t valid_until, char *jti_out) {
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

static airlock_store *open_store(const char *store, const char *fingerprint, int64_t now) {
  airlock_options options = {"studio", fingerprint, store, root_jwk, enc_cert, "Lab PC C", "1.2.3"};
  airlock_store *s = NULL;
  char message[300];
  airlock_status status = airlock_open(&options, now, &s, message, sizeof message);
  EXPECT_STATUS(status, AIRLOCK_OK, message);
  return s;
}

static void copy_file(const char *from, const char *to) {
  char *text;
  size_t len;
  al_read_file(from, &text, &len);
  al_write_file_atomic(to, text, len);
  free(text);
}

int main(int argc, char **argv) {
  data = load_json(argc > 1 ? argv[1] : "vectors.json");
  snprintf(dir, sizeof dir, "%s", argc > 2 ? argv[2] : "build/tmp");
  mkdir(dir, 0700);
  unlink(path_in("device.store"));
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
  const int64_t t0 = iso_ms(al_json_str(data, "now")), day = 86400000, until = t0 / 1000 + 30 * 86400;
  const char *store = path_in("device.store"), *fp = "fp-c-sdk-test-1";

  /* A fresh store: nothing to check yet. */
  airlock_store *s = open_store(store, fp, t0);
  EXPECT_STATUS(airlock_check(s, t0), AIRLOCK_NOT_ACTIVATED, "fresh store");
  EXPECT(!airlock_has_feature(s, t0, "export"), "no feature before activation");

  /* Activation: a request out, the authority's license file in. */
  char *request = NULL, license_jti[37];
  airlock_credential key = {AIRLOCK_CREDENTIAL_LICENSE_KEY, "STUDIO-7K3Q-M9XD-2HFA"};
  EXPECT_STATUS(airlock_create_activation_request(s, t0, &key, &request), AIRLOCK_OK, "request");
  cJSON *req = open_request(request, &AL_KIND_ACTIVATION_REQUEST);
  EXPECT(req && strcmp(al_json_str(cJSON_GetObjectItemCaseSensitive(req, "credential"), "licenseKey"), key.value) == 0, "the request carries the key");
  EXPECT(req && strcmp(al_json_str(req, "deviceName"), "Lab PC C") == 0 && strncmp(al_json_str(req, "aud"), "authority:", 10) == 0, "request claims");
  char *license = license_for(req, NULL, 1, t0 / 1000, "export,render", until, license_jti);
  /* a file answering some other request does not install */
  cJSON *other = cJSON_Duplicate(req, 1);
  cJSON_ReplaceItemInObjectCaseSensitive(other, "jti", cJSON_CreateString("not-a-request-of-this-device"));
  char *stray = license_for(other, NULL, 1, t0 / 1000, "export", until, NULL);
  EXPECT_STATUS(airlock_install_license_file(s, t0, stray), AIRLOCK_ACTIVATION_REQUEST_UNKNOWN, "a file for another request");
  /* nor one made for another device */
  cJSON_ReplaceItemInObjectCaseSensitive(other, "fingerprint", cJSON_CreateString("fp-someone-else"));
  free(stray);
  stray = license_for(other, NULL, 1, t0 / 1000, "export", until, NULL);
  EXPECT_STATUS(airlock_install_license_file(s, t0, stray), AIRLOCK_WRONG_RECIPIENT, "a file for another device");
  free(stray);
  cJSON_Delete(other);
  /* an edited file does not */
  char *edited = strdup(license);
  edited[strlen(edited) / 2] = edited[strlen(edited) / 2] == 'A' ? 'B' : 'A';
  airlock_status edited_status = airlock_install_license_file(s, t0, edited);
  EXPECT(edited_status == AIRLOCK_DECRYPTION_FAILED || edited_status == AIRLOCK_DOCUMENT_MALFORMED, "an edited file: %s", airlock_error_code(edited_status));
  free(edited);
  EXPECT_STATUS(airlock_install_license_file(s, t0, license), AIRLOCK_OK, airlock_last_error(s));
  EXPECT_STATUS(airlock_check(s, t0 + 1000), AIRLOCK_OK, "check after install");
  EXPECT(airlock_has_feature(s, t0 + 1000, "export") && airlock_has_feature(s, t0 + 1000, "render") && !airlock_has_feature(s, t0 + 1000, "batch"),
         "features");
  EXPECT_STATUS(airlock_check_feature(s, t0 + 1000, "batch"), AIRLOCK_FEATURE_NOT_LICENSED, "feature not licensed");
  EXPECT_STATUS(airlock_install_license_file(s, t0, license), AIRLOCK_DEVICE_ALREADY_ACTIVATED, "install twice");
  airlock_license_info info;
  EXPECT_STATUS(airlock_license(s, &info), AIRLOCK_OK, "license info");
  EXPECT(strcmp(info.license_id, "lic-c-1") == 0 && info.revision == 1 && info.valid_until_ms == until * 1000, "license info");
  const char *value = NULL;
  EXPECT(strcmp(airlock_license_metadata(s, 0, &value), "seat-name") == 0 && strcmp(value, "Lab C") == 0, "metadata");

  /* Meters: the file allots 10 renders to this device. */
  airlock_meter_reading r;
  EXPECT_STATUS(airlock_consume(s, t0 + 2000, "renders", 4, &r), AIRLOCK_OK, "consume");
  EXPECT(r.used == 4 && r.remaining == 6 && r.limit == 100, "reading after 4: used %lld remaining %lld", (long long)r.used, (long long)r.remaining);
  EXPECT_STATUS(airlock_consume(s, t0 + 2000, "renders", 7, &r), AIRLOCK_METER_LIMIT_REACHED, "past the allotment");
  EXPECT_STATUS(airlock_consume(s, t0 + 2000, "renders", 0, &r), AIRLOCK_QUANTITY_INVALID, "zero");
  EXPECT_STATUS(airlock_consume(s, t0 + 2000, "minutes", 1, &r), AIRLOCK_LICENSE_TYPE_NOT_LICENSED, "unknown meter");
  EXPECT_STATUS(airlock_consume(s, t0 + 2000, "renders", 6, &r), AIRLOCK_OK, "up to the allotment");
  EXPECT(r.remaining == 0, "nothing remains");
  airlock_close(s);

  /* Reopened: verified again, consumption kept, clock set back refused. */
  s = open_store(store, fp, t0 + day);
  EXPECT_STATUS(airlock_check(s, t0 + day), AIRLOCK_OK, "reopened");
  EXPECT_STATUS(airlock_meter(s, "renders", &r), AIRLOCK_OK, "meter");
  EXPECT(r.used == 10, "consumption kept: %lld", (long long)r.used);
  EXPECT_STATUS(airlock_check(s, t0 + day - 299000), AIRLOCK_OK, "within the tolerance");
  EXPECT_STATUS(airlock_check(s, t0 + day - 301000), AIRLOCK_CLOCK_ROLLED_BACK, "clock set back");
  airlock_close(s);
  s = open_store(store, fp, t0 - day);
  EXPECT_STATUS(airlock_check(s, t0 - day), AIRLOCK_CLOCK_ROLLED_BACK, "clock set back across an open");
  char *text = NULL;
  EXPECT_STATUS(airlock_create_refresh_request(s, t0 - day, &text), AIRLOCK_CLOCK_ROLLED_BACK, "no request with the clock set back");
  airlock_close(s);

  /* Copied to another device, or edited: refused with the store's codes. */
  copy_file(store, path_in("copy.store"));
  s = open_store(path_in("copy.store"), "fp-another-machine", t0 + day);
  EXPECT_STATUS(airlock_check(s, t0 + day), AIRLOCK_STORE_WRONG_DEVICE, "copied store");
  EXPECT_STATUS(airlock_create_refresh_request(s, t0 + day, &text), AIRLOCK_STORE_WRONG_DEVICE, "copied store refuses requests");
  airlock_close(s);
  {
    char *content;
    size_t len;
    al_read_file(store, &content, &len);
    char *data_member = strstr(content, "\"data\":\"") + 12;
    *data_member = *data_member == 'A' ? 'B' : 'A';
    al_write_file_atomic(path_in("edited.store"), content, len);
    free(content);
    s = open_store(path_in("edited.store"), fp, t0 + day);
    EXPECT_STATUS(airlock_check(s, t0 + day), AIRLOCK_STORE_TAMPERED, "edited store");
    airlock_close(s);
  }

  /* Refresh: the request names the revision held; the answer adds a feature and renders. */
  s = open_store(store, fp, t0 + 2 * day);
  EXPECT_STATUS(airlock_create_refresh_request(s, t0 + 2 * day, &text), AIRLOCK_OK, "refresh request");
  cJSON *refresh_req = open_request(text, &AL_KIND_ACTIVATION_REQUEST);
  free(text);
  EXPECT(refresh_req && cJSON_GetObjectItemCaseSensitive(refresh_req, "currentRevision")->valueint == 1, "currentRevision 1");
  char *refreshed = license_for(refresh_req, license_jti, 2, t0 / 1000 + 2 * 86400, "export,render,batch", until, NULL);
  EXPECT_STATUS(airlock_apply_refresh_file(s, t0 + 2 * day, refreshed), AIRLOCK_OK, airlock_last_error(s));
  EXPECT(airlock_has_feature(s, t0 + 2 * day, "batch"), "the refresh's feature");
  EXPECT_STATUS(airlock_meter(s, "renders", &r), AIRLOCK_OK, "meter after refresh");
  EXPECT(r.remaining == 40, "the new allotment: %lld remaining", (long long)r.remaining);
  EXPECT_STATUS(airlock_apply_refresh_file(s, t0 + 2 * day, refreshed), AIRLOCK_REFRESH_NOT_NEWER, "the same refresh again");
  airlock_close(s);
  s = open_store(store, fp, t0 + 3 * day);
  EXPECT(airlock_has_feature(s, t0 + 3 * day, "batch"), "the refresh survives a reopen");

  /* Expiry: in grace for a day after validUntil, then expired. */
  int64_t until_notice = 0;
  EXPECT_STATUS(airlock_check(s, until * 1000 + 1000), AIRLOCK_OK, "in grace");
  EXPECT_STATUS(airlock_check_notice(s, until * 1000 + 1000, &until_notice), AIRLOCK_LICENSE_IN_GRACE, "grace notice");
  EXPECT(until_notice == until * 1000 + day, "grace ends a day later");
  EXPECT_STATUS(airlock_check(s, until * 1000 + day), AIRLOCK_LICENSE_EXPIRED, "expired");
  airlock_close(s);

  /* Deactivation: the file carries the unreported consumption; the license is gone. */
  s = open_store(store, fp, t0 + 3 * day);
  EXPECT_STATUS(airlock_deactivate(s, t0 + 3 * day, path_in("deactivation.txt"), &text), AIRLOCK_OK, airlock_last_error(s));
  cJSON *deact = open_request(text, &AL_KIND_DEACTIVATION);
  EXPECT(deact && strcmp(al_json_str(deact, "licenseId"), "lic-c-1") == 0 && cJSON_GetObjectItemCaseSensitive(deact, "licenseRevision")->valueint == 2,
         "deactivation claims");
  const cJSON *c0 = deact ? cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(deact, "consumption"), 0) : NULL;
  EXPECT(c0 && strcmp(al_json_str(c0, "meter"), "renders") == 0 && cJSON_GetObjectItemCaseSensitive(c0, "amount")->valueint == 10, "consumption reported");
  EXPECT(deact && strcmp(al_json_str(deact, "_signer"), al_json_str(req, "_signer")) == 0, "signed by the device key");
  char *written;
  al_read_file(path_in("deactivation.txt"), &written, NULL);
  EXPECT(written && strcmp(written, text) == 0, "the file written is the text returned");
  free(written);
  EXPECT_STATUS(airlock_check(s, t0 + 3 * day), AIRLOCK_DEVICE_DEACTIVATED, "deactivated");
  EXPECT(airlock_deactivation_file(s) && strcmp(airlock_deactivation_file(s), text) == 0, "the file stays readable");
  free(text);
  airlock_close(s);
  s = open_store(store, fp, t0 + 3 * day);
  EXPECT_STATUS(airlock_check(s, t0 + 3 * day), AIRLOCK_DEVICE_DEACTIVATED, "deactivated after reopen");
  airlock_close(s);

  printf("store: offline round trip, %d failures\n", failures);
  cJSON_Delete(req), cJSON_Delete(refresh_req), cJSON_Delete(deact);
  free(request), free(license), free(refreshed), free(enc_cert), free(sign_cert);
  cJSON_Delete(data);
  return failures ? 1 : 0;
}
