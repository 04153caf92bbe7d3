/* Reads every document of packages/core/vectors/vectors.json with libairlock's reader
 * (docs/formats.md §5: armour, decryption, the chain to the pinned root, signatures, claims)
 * and refuses every altered one with the code the vector file expects. */
#include "testing.h"

static airlock_status open_vector(const cJSON *data, const cJSON *vector, al_opened *out, al_error *e) {
  const char *label = al_json_str(vector, "label");
  const al_kind *kind = al_kind_by_label(label);
  if (!kind) return al_fail(e, AIRLOCK_WRONG_DOCUMENT_KIND, "unknown label %s", label);
  al_trust trust;
  trust_from(data, &trust);
  unsigned char seed[32];
  const char *to = al_json_str(vector, "encryptedTo");
  if (to) seed_of(data, to, seed);
  al_open_ctx ctx = {kind, &trust, to ? seed : NULL, NULL, iso_ms(al_json_str(data, "now")), AL_DEFAULT_SKEW_MS};
  airlock_status status = al_open_document(al_json_str(vector, "text"), &ctx, out, e);
  al_trust_clear(&trust);
  return status;
}

int main(int argc, char **argv) {
  cJSON *data = load_json(argc > 1 ? argv[1] : "vectors.json");
  int valid = 0, refused = 0, device_kinds = 0;
  const cJSON *vector;
  cJSON_ArrayForEach(vector, cJSON_GetObjectItemCaseSensitive(data, "vectors")) {
    const char *name = al_json_str(vector, "name");
    al_opened o;
    al_error e = {{0}};
    airlock_status status = open_vector(data, vector, &o, &e);
    EXPECT_STATUS(status, AIRLOCK_OK, name);
    if (status) {
      printf("         %s\n", e.message);
      continue;
    }
    int same_claims = cJSON_Compare(o.claims, cJSON_GetObjectItemCaseSensitive(vector, "claims"), 1);
    EXPECT(same_claims, "%s: the claims differ from the vector's", name);
    EXPECT(strcmp(o.jws, al_json_str(vector, "jws")) == 0, "%s: the signed layer differs", name);
    const char *kind = al_json_str(vector, "kind");
    /* Documents a device writes are signed by the device key of the scenario. */
    if (strcmp(kind, "device-activation-request") == 0 || strcmp(kind, "deactivation-file") == 0 || strcmp(kind, "device-usage-report") == 0) {
      EXPECT(strcmp(o.signer_kid, al_json_str(key_of(data, "deviceSigning"), "kid")) == 0, "%s: signed by the device key", name);
      device_kinds++;
    }
    /* The license files a device installs also pass the terms' schema and rules (§6.6). */
    if (strcmp(kind, "device-license-file") == 0 || strcmp(kind, "device-refresh-file") == 0) {
      al_terms t;
      EXPECT_STATUS(al_terms_read(o.claims, strcmp(kind, "device-refresh-file") == 0, &t, &e), AIRLOCK_OK, name);
      EXPECT(strcmp(t.fingerprint, "fp-3f9a1c2b7d") == 0 && t.feature_count >= 1, "%s: terms read", name);
      al_terms_free(&t);
      device_kinds++;
    }
    if (strcmp(kind, "device-check-in-receipt") == 0 || strcmp(kind, "site-lease") == 0 || strcmp(kind, "site-borrow") == 0) device_kinds++;
    if (same_claims) {
      valid++;
      printf("ok       %s\n", name);
    }
    al_opened_free(&o);
  }
  cJSON_ArrayForEach(vector, cJSON_GetObjectItemCaseSensitive(data, "invalid")) {
    const char *name = al_json_str(vector, "name"), *expected = al_json_str(vector, "expectedError");
    al_opened o;
    al_error e = {{0}};
    airlock_status status = open_vector(data, vector, &o, &e);
    if (status == AIRLOCK_OK) al_opened_free(&o);
    EXPECT(strcmp(airlock_error_code(status), expected) == 0, "%s: got %s (%s), expected %s", name, airlock_error_code(status), e.message, expected);
    if (strcmp(airlock_error_code(status), expected) == 0) {
      refused++;
      printf("refused  %s: %s\n", name, expected);
    }
  }
  /* Altered anywhere, a document is refused, never crashes the reader, and never opens to other
   * claims: one character changed at 24 places of every signed valid vector (valgrind watches
   * memory). */
  int altered = 0, accepted = 0;
  cJSON_ArrayForEach(vector, cJSON_GetObjectItemCaseSensitive(data, "vectors")) {
    const char *text = al_json_str(vector, "text");
    size_t len = strlen(text);
    /* an order license is unsigned (§6.8): it carries no authority, and any edit reads */
    if (strcmp(al_json_str(vector, "signer"), "none") == 0) continue;
    for (int i = 0; i < 24; i++) {
      char *copy = strdup(text);
      size_t at = (size_t)i * 7919 % len;
      copy[at] = copy[at] == 'A' ? 'B' : copy[at] == '\n' ? ' ' : 'A';
      cJSON *mutated = cJSON_Duplicate(vector, 1);
      cJSON_ReplaceItemInObjectCaseSensitive(mutated, "text", cJSON_CreateString(copy));
      al_opened o;
      al_error e;
      if (open_vector(data, mutated, &o, &e) == AIRLOCK_OK) {
        /* only a change the format ignores (whitespace, text outside the armour) may open */
        accepted++;
        EXPECT(cJSON_Compare(o.claims, cJSON_GetObjectItemCaseSensitive(vector, "claims"), 1), "%s altered at %zu opens to other claims",
               al_json_str(vector, "name"), at);
        al_opened_free(&o);
      }
      altered++;
      cJSON_Delete(mutated);
      free(copy);
    }
  }
  printf("altered: %d documents, %d opened (a change outside what is signed), none to other claims\n", altered, accepted);

  /* The Registration Key of §7, as the format's example gives it. */
  char rk[20];
  al_registration_key("0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b", "default", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", rk);
  EXPECT(strcmp(rk, "XBWJ-N5F3-EP7S-3BYJ") == 0, "registration key: %s", rk);
  int total_valid = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(data, "vectors"));
  int total_invalid = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(data, "invalid"));
  EXPECT(device_kinds >= 9, "every device-side kind was read (%d)", device_kinds);
  printf("vectors: %d/%d valid read, %d/%d altered refused with the expected code, %d failures\n", valid, total_valid, refused, total_invalid, failures);
  cJSON_Delete(data);
  return failures ? 1 : 0;
}
