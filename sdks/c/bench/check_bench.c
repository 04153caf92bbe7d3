/* check() from memory: nanoseconds per airlock_check() and airlock_has_feature() beside a raw
 * lookup of the same feature data (a strcmp scan of an array) in the same run. The target is
 * under 100 ns per check(); signatures are verified at install and open, never here.
 * Usage: check_bench VECTORS_JSON WORK_DIR   (make bench) */
#include <time.h>

#include "../tests/test_authority.h"

#define ROUNDS 20000000L
#define TARGET_NS 100.0

static double elapsed_ns(struct timespec a, struct timespec b) { return (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec); }

int main(int argc, char **argv) {
  data = load_json(argc > 1 ? argv[1] : "vectors.json");
  snprintf(dir, sizeof dir, "%s", argc > 2 ? argv[2] : "build/tmp-bench");
  mkdir(dir, 0700);
  unlink(path_in("bench.store"));
  test_authority_init();
  const int64_t t0 = iso_ms(al_json_str(data, "now"));
  static const char *features_csv = "export,render,batch,cloud-sync,denoise,hdr,plugins,scripting";
  airlock_options options = {"studio", "fp-bench", path_in("bench.store"), root_jwk, enc_cert, NULL, NULL};
  airlock_store *s = NULL;
  char message[300];
  if (airlock_open(&options, t0, &s, message, sizeof message) != AIRLOCK_OK) return fprintf(stderr, "open: %s\n", message), 1;
  airlock_credential key = {AIRLOCK_CREDENTIAL_LICENSE_KEY, "BENCH-KEY"};
  char *request = NULL;
  airlock_create_activation_request(s, t0, &key, &request);
  cJSON *req = open_request(request, &AL_KIND_ACTIVATION_REQUEST);
  char *license = license_for(req, NULL, 1, t0 / 1000, features_csv, t0 / 1000 + 365 * 86400, NULL);
  if (airlock_install_license_file(s, t0, license) != AIRLOCK_OK) return fprintf(stderr, "install: %s\n", airlock_last_error(s)), 1;

  /* the raw lookup: the same features, in an array scanned with strcmp */
  const char *raw[8] = {"export", "render", "batch", "cloud-sync", "denoise", "hdr", "plugins", "scripting"};
  const char *wanted = "plugins";
  volatile long sink = 0;
  struct timespec a, b;
  int64_t now = t0 + 1000;

  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < ROUNDS; i++) {
    int found = 0;
    for (int j = 0; j < 8 && !found; j++) found = strcmp(raw[j], wanted) == 0;
    sink += found;
    __asm__ volatile("" ::: "memory");
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double raw_ns = elapsed_ns(a, b) / ROUNDS;

  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < ROUNDS; i++) sink += airlock_check(s, now + (i & 1023));
  clock_gettime(CLOCK_MONOTONIC, &b);
  double check_ns = elapsed_ns(a, b) / ROUNDS;

  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < ROUNDS; i++) sink += airlock_has_feature(s, now + (i & 1023), wanted);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double feature_ns = elapsed_ns(a, b) / ROUNDS;

  int ok = airlock_check(s, now) == AIRLOCK_OK && airlock_has_feature(s, now, wanted) && sink > 0;
  printf("libairlock check() from memory, %ld rounds each (target: under %.0f ns per check)\n", ROUNDS, TARGET_NS);
  printf("  raw lookup (strcmp scan of 8 features): %6.1f ns\n", raw_ns);
  printf("  airlock_check():                        %6.1f ns\n", check_ns);
  printf("  airlock_has_feature():                  %6.1f ns\n", feature_ns);
  int within = check_ns < TARGET_NS && feature_ns < TARGET_NS;
  printf("  %s\n", ok && within ? "within the target" : "OVER THE TARGET (or a wrong answer)");
  airlock_close(s);
  cJSON_Delete(req);
  free(request), free(license), free(enc_cert), free(sign_cert);
  cJSON_Delete(data);
  return ok && within ? 0 : 1;
}
