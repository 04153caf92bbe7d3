/* The device's store file: SDK-private format, documented in sdks/c/README.md ("Store file").
 *
 * One line of JSON: {"format":"airlock-c-store","v":1,"product","salt","device","iv","data","tag","sum"}.
 * `data` is the state (JSON) sealed with AES-256-GCM under HKDF-SHA256(ikm = fingerprint,
 * salt, info = "airlock-c-store/v1/<product>"); the header (format, v, product, salt, device)
 * is the additional data. `device` = SHA-256("airlock-c-store/device\0" product "\0" fingerprint
 * "\0" salt) and `sum` = SHA-256 of the members joined by NUL: together they tell a store copied
 * intact to another device (STORE_WRONG_DEVICE) from an edited one (STORE_TAMPERED). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store.h"

#define FORMAT "airlock-c-store"

static char *device_tag(const char *product, const char *fingerprint, const unsigned char salt[32]) {
  size_t n = strlen(FORMAT) + strlen(product) + strlen(fingerprint) + 48;
  unsigned char *buf = malloc(n);
  if (!buf) return NULL;
  int len = snprintf((char *)buf, n, FORMAT "/device%c%s%c%s%c", 0, product, 0, fingerprint, 0);
  memcpy(buf + len, salt, 32);
  unsigned char digest[32];
  al_sha256(buf, (size_t)len + 32, digest);
  free(buf);
  return al_b64url_encode(digest, 32);
}

static int store_key(const char *product, const char *fingerprint, const unsigned char salt[32], unsigned char key[32]) {
  char info[128];
  snprintf(info, sizeof info, FORMAT "/v1/%s", product);
  return al_hkdf_sha256((const unsigned char *)fingerprint, strlen(fingerprint), salt, 32, info, key);
}

/* The members joined by NUL, for the AAD (first five) and the checksum (all eight). */
static char *joined(const char *const *parts, int count, size_t *len) {
  size_t n = 0;
  for (int i = 0; i < count; i++) n += strlen(parts[i]) + 1;
  char *out = malloc(n + 1);
  if (!out) return NULL;
  size_t o = 0;
  for (int i = 0; i < count; i++) {
    size_t l = strlen(parts[i]);
    memcpy(out + o, parts[i], l);
    o += l;
    out[o++] = 0;
  }
  *len = o;
  return out;
}

static char *b64_sha256(const void *data, size_t len) {
  unsigned char digest[32];
  al_sha256(data, len, digest);
  return al_b64url_encode(digest, 32);
}

char *al_store_seal(const char *state_json, const char *product, const char *fingerprint, const unsigned char salt[32]) {
  unsigned char key[32], iv[12], tag[16];
  if (store_key(product, fingerprint, salt, key) || al_random(iv, 12)) return NULL;
  char *salt_b = al_b64url_encode(salt, 32), *device = device_tag(product, fingerprint, salt);
  size_t len = strlen(state_json), aad_len = 0, sum_len = 0;
  unsigned char *cipher = malloc(len + 1);
  const char *header[5] = {FORMAT, "1", product, salt_b ? salt_b : "", device ? device : ""};
  char *aad = joined(header, 5, &aad_len);
  char *out = NULL, *iv_b = NULL, *data_b = NULL, *tag_b = NULL, *sum = NULL, *all = NULL;
  if (salt_b && device && cipher && aad && al_aes_gcm_encrypt(key, iv, aad, aad_len, state_json, len, cipher, tag) == 0) {
    iv_b = al_b64url_encode(iv, 12);
    data_b = al_b64url_encode(cipher, len);
    tag_b = al_b64url_encode(tag, 16);
    const char *members[8] = {FORMAT, "1", product, salt_b, device, iv_b ? iv_b : "", data_b ? data_b : "", tag_b ? tag_b : ""};
    all = joined(members, 8, &sum_len);
    sum = all ? b64_sha256(all, sum_len) : NULL;
    if (iv_b && data_b && tag_b && sum) {
      cJSON *file = cJSON_CreateObject();
      cJSON_AddStringToObject(file, "format", FORMAT);
      cJSON_AddNumberToObject(file, "v", 1);
      cJSON_AddStringToObject(file, "product", product);
      cJSON_AddStringToObject(file, "salt", salt_b);
      cJSON_AddStringToObject(file, "device", device);
      cJSON_AddStringToObject(file, "iv", iv_b);
      cJSON_AddStringToObject(file, "data", data_b);
      cJSON_AddStringToObject(file, "tag", tag_b);
      cJSON_AddStringToObject(file, "sum", sum);
      char *text = cJSON_PrintUnformatted(file);
      cJSON_Delete(file);
      if (text) {
        size_t tl = strlen(text);
        out = realloc(text, tl + 2);
        if (out) {
          out[tl] = '\n';
          out[tl + 1] = 0;
        } else {
          free(text);
        }
      }
    }
  }
  al_wipe(key, 32);
  free(salt_b), free(device), free(cipher), free(aad), free(iv_b), free(data_b), free(tag_b), free(sum), free(all);
  return out;
}

airlock_status al_store_unseal(const char *text, const char *product, const char *fingerprint, unsigned char salt[32], cJSON **state, al_error *error) {
  *state = NULL;
  cJSON *file = cJSON_Parse(text);
  const char *format = al_json_str(file, "format"), *fproduct = al_json_str(file, "product"), *salt_b = al_json_str(file, "salt"),
             *device = al_json_str(file, "device"), *iv_b = al_json_str(file, "iv"), *data_b = al_json_str(file, "data"), *tag_b = al_json_str(file, "tag"),
             *sum = al_json_str(file, "sum");
  int64_t v = 0;
  airlock_status status = AIRLOCK_OK;
  al_buf raw_salt = {0}, iv = {0}, data = {0}, tag = {0};
  char *expected_sum = NULL, *expected_device = NULL, *all = NULL, *aad = NULL;
  unsigned char key[32];
  unsigned char *plain = NULL;
  size_t len = 0;
  if (!file || !format || strcmp(format, FORMAT) != 0 || al_json_int(cJSON_GetObjectItemCaseSensitive(file, "v"), 1, 1, &v) || !fproduct || !salt_b || !device ||
      !iv_b || !data_b || !tag_b || !sum) {
    status = al_fail(error, AIRLOCK_STORE_TAMPERED, "the store is not in the expected form");
    goto done;
  }
  {
    const char *members[8] = {format, "1", fproduct, salt_b, device, iv_b, data_b, tag_b};
    all = joined(members, 8, &len);
    expected_sum = all ? b64_sha256(all, len) : NULL;
  }
  if (!expected_sum || strcmp(expected_sum, sum) != 0) {
    status = al_fail(error, AIRLOCK_STORE_TAMPERED, "the store was edited: its checksum does not match");
    goto done;
  }
  if (strcmp(fproduct, product) != 0) {
    status = al_fail(error, AIRLOCK_STORE_WRONG_DEVICE, "the store is for the product %.64s", fproduct);
    goto done;
  }
  if (al_b64url_decode(salt_b, strlen(salt_b), &raw_salt) || raw_salt.len != 32 || al_b64url_decode(iv_b, strlen(iv_b), &iv) || iv.len != 12 ||
      al_b64url_decode(data_b, strlen(data_b), &data) || al_b64url_decode(tag_b, strlen(tag_b), &tag) || tag.len != 16) {
    status = al_fail(error, AIRLOCK_STORE_TAMPERED, "the store's members are malformed");
    goto done;
  }
  expected_device = device_tag(product, fingerprint, raw_salt.data);
  if (!expected_device || strcmp(expected_device, device) != 0) {
    status = al_fail(error, AIRLOCK_STORE_WRONG_DEVICE, "the store was made on another device");
    goto done;
  }
  {
    const char *header[5] = {format, "1", fproduct, salt_b, device};
    aad = joined(header, 5, &len);
  }
  plain = malloc(data.len + 1);
  if (!aad || !plain || store_key(product, fingerprint, raw_salt.data, key) ||
      al_aes_gcm_decrypt(key, iv.data, iv.len, aad, len, data.data, data.len, tag.data, plain) != 0) {
    status = al_fail(error, AIRLOCK_STORE_TAMPERED, "the store does not decrypt: it was altered");
    goto done;
  }
  plain[data.len] = 0;
  *state = cJSON_ParseWithLength((char *)plain, data.len);
  if (!*state) {
    status = al_fail(error, AIRLOCK_STORE_TAMPERED, "the store decrypts to unreadable contents");
    goto done;
  }
  memcpy(salt, raw_salt.data, 32);
done:
  al_wipe(key, sizeof key);
  if (plain) {
    al_wipe(plain, data.len);
    free(plain);
  }
  cJSON_Delete(file);
  al_buf_free(&raw_salt), al_buf_free(&iv), al_buf_free(&data), al_buf_free(&tag);
  free(expected_sum), free(expected_device), free(all), free(aad);
  return status;
}
