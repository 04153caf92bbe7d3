/* A few helpers shared by the C tests. */
#ifndef AIRLOCK_TESTING_H
#define AIRLOCK_TESTING_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

static int failures = 0;
#define TEST_HELPER __attribute__((unused)) static

#define EXPECT(cond, ...)                                   \
  do {                                                      \
    if (!(cond)) {                                          \
      failures++;                                           \
      printf("FAILED   %s:%d: ", __FILE__, __LINE__);       \
      printf(__VA_ARGS__);                                  \
      printf("\n");                                         \
    }                                                       \
  } while (0)

#define EXPECT_STATUS(got, want, what)                                                                                             \
  do {                                                                                                                            \
    airlock_status got_ = (got), want_ = (want);                                                                                  \
    EXPECT(got_ == want_, "%s: got %s, expected %s", what, airlock_error_code(got_), airlock_error_code(want_));                  \
  } while (0)

TEST_HELPER cJSON *load_json(const char *path) {
  char *text = NULL;
  if (al_read_file(path, &text, NULL) != 0) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  cJSON *json = cJSON_Parse(text);
  free(text);
  if (!json) {
    fprintf(stderr, "%s is not JSON\n", path);
    exit(2);
  }
  return json;
}

TEST_HELPER void hex32(const char *hex, unsigned char out[32]) {
  for (int i = 0; i < 32; i++) {
    unsigned v = 0;
    sscanf(hex + 2 * i, "%2x", &v);
    out[i] = (unsigned char)v;
  }
}

/* "2026-11-23T10:00:00.000Z" -> ms since the epoch */
TEST_HELPER int64_t iso_ms(const char *iso) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  int ms = 0;
  sscanf(iso, "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  /* days from civil (UTC), avoiding timegm for portability */
  int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = (int64_t)era * 146097 + doe - 719468;
  return ((days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000) + ms;
}

TEST_HELPER const cJSON *key_of(const cJSON *data, const char *name) { return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(data, "keys"), name); }

TEST_HELPER void seed_of(const cJSON *data, const char *name, unsigned char out[32]) { hex32(al_json_str(key_of(data, name), "seed"), out); }

TEST_HELPER void trust_from(const cJSON *data, al_trust *trust) {
  memset(trust, 0, sizeof *trust);
  char *jwk = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(key_of(data, "authorityRoot"), "publicJwk"));
  al_error e;
  if (al_parse_root_key(jwk, trust->root, &e) != AIRLOCK_OK) {
    fprintf(stderr, "root key: %s\n", e.message);
    exit(2);
  }
  free(jwk);
  al_thumbprint("Ed25519", trust->root, trust->root_kid);
}
#endif
