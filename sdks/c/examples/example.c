/* A short program to copy: open the store, install a license file, check, ask for a feature,
 * consume a meter. Build: cc example.c $(pkg-config --cflags --libs airlock)
 * Run:   ./example root.jwk authority-enc.cert store.airlock [license-file]   */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <airlock.h>

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = calloc(1, 1 << 20);
  if (text && fread(text, 1, (1 << 20) - 1, f) == 0 && ferror(f)) {
    free(text);
    text = NULL;
  }
  fclose(f);
  return text;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s ROOT_KEY AUTHORITY_ENC_CERT STORE [LICENSE_FILE]\n", argv[0]);
    return 64;
  }
  char *root = slurp(argv[1]), *enc = slurp(argv[2]);
  airlock_options options = {.product = "studio", .fingerprint = "my-device-serial-1234", .store_path = argv[3], .root_key = root, .authority_encryption_key = enc};
  airlock_store *store;
  char why[256];
  airlock_status status = airlock_open(&options, now_ms(), &store, why, sizeof why);
  free(root);
  free(enc);
  if (status != AIRLOCK_OK) {
    fprintf(stderr, "open: %s (%s)\n", airlock_error_code(status), why);
    return 1;
  }
  if (argc > 4) { /* the license file the customer portal answered the activation request with */
    char *file = slurp(argv[4]);
    status = airlock_install_license_file(store, now_ms(), file);
    free(file);
    if (status != AIRLOCK_OK) fprintf(stderr, "install: %s: %s\n", airlock_error_code(status), airlock_last_error(store));
  }
  status = airlock_check(store, now_ms());
  printf("check: %s\n", airlock_error_code(status));
  printf("export: %s\n", airlock_has_feature(store, now_ms(), "export") ? "licensed" : "not licensed");
  airlock_meter_reading reading;
  if (airlock_consume(store, now_ms(), "renders", 1, &reading) == AIRLOCK_OK)
    printf("renders: %lld used, %lld remaining\n", (long long)reading.used, (long long)reading.remaining);
  airlock_close(store);
  return status == AIRLOCK_OK ? 0 : 1;
}
