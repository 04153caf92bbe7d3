/* The device API end to end, offline, with this test as the authority (the scenario's keys of
 * vectors.json): request → license file → install → check, features, meters → reopen, clock set
 * back, copied store, edited store → refresh request → refresh file → deactivation file. */
#include "test_authority.h"

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
  test_authority_init();
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

  /* A license that must check in: an hour offline, then ten minutes' grace with a notice. */
  {
    const char *store2 = path_in("online.store");
    unlink(store2);
    s = open_store(store2, "fp-c-sdk-test-2", t0);
    char *request2 = NULL;
    EXPECT_STATUS(airlock_create_activation_request(s, t0, &key, &request2), AIRLOCK_OK, "request 2");
    cJSON *req2 = open_request(request2, &AL_KIND_ACTIVATION_REQUEST);
    issue_max_offline = 3600;
    issue_offline_grace = 600;
    char *license2 = license_for(req2, NULL, 1, t0 / 1000, "export", until, NULL);
    issue_max_offline = issue_offline_grace = -1;
    EXPECT_STATUS(airlock_install_license_file(s, t0, license2), AIRLOCK_OK, airlock_last_error(s));
    int64_t due = t0 + 3600 * 1000, notice_until = 0;
    EXPECT_STATUS(airlock_check(s, due - 1), AIRLOCK_OK, "before the check-in is due");
    EXPECT_STATUS(airlock_check_notice(s, due - 1, &notice_until), AIRLOCK_OK, "no notice yet");
    EXPECT_STATUS(airlock_check(s, due), AIRLOCK_OK, "due: still works");
    EXPECT_STATUS(airlock_check_notice(s, due, &notice_until), AIRLOCK_CHECK_IN_OVERDUE, "overdue notice");
    EXPECT(notice_until == due + 600 * 1000, "works until the grace ends");
    EXPECT_STATUS(airlock_check(s, due + 600 * 1000), AIRLOCK_CHECK_IN_REQUIRED, "past the grace");
    EXPECT(!airlock_has_feature(s, due + 600 * 1000, "export"), "no feature once a check-in is required");
    airlock_close(s);
    cJSON_Delete(req2);
    free(request2), free(license2);
  }

  printf("store: offline round trip, %d failures\n", failures);
  cJSON_Delete(req), cJSON_Delete(refresh_req), cJSON_Delete(deact);
  free(request), free(license), free(refreshed), free(enc_cert), free(sign_cert);
  cJSON_Delete(data);
  return failures ? 1 : 0;
}
