/* airlock-driver: a command line over libairlock for end-to-end tests and scripts.
 *
 *   airlock-driver <command> --store PATH --fingerprint FP --product ID --root-key FILE
 *                  --authority-encryption-key FILE [--now ISO8601] [command options]
 *
 * Prints one line of JSON and exits 0, or prints {"error":{"code","message"}} and exits 2.
 * Commands: request --out FILE (--license-key K | --username U | --trial) [--device-name N],
 * install --file FILE, check, consume --meter M --amount N, refresh-request --out FILE,
 * apply-refresh --file FILE, deactivate --out FILE. See README.md ("The driver"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "airlock.h"

static int refuse(const char *code, const char *message) {
  cJSON *out = cJSON_CreateObject();
  cJSON *error = cJSON_AddObjectToObject(out, "error");
  cJSON_AddStringToObject(error, "code", code);
  cJSON_AddStringToObject(error, "message", message ? message : "");
  char *text = cJSON_PrintUnformatted(out);
  printf("%s\n", text);
  free(text);
  cJSON_Delete(out);
  return 2;
}

static int print(cJSON *out) {
  char *text = cJSON_PrintUnformatted(out);
  printf("%s\n", text);
  free(text);
  cJSON_Delete(out);
  return 0;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      if (cap >= (size_t)8 << 20) break;
      cap *= 2;
      char *grown = realloc(buf, cap + 1);
      if (!grown) {
        free(buf);
        buf = NULL;
      } else {
        buf = grown;
      }
    }
  }
  fclose(f);
  if (buf) buf[n] = 0;
  return buf;
}

static int write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/* ISO 8601: 2026-11-23T10:00:00Z, 2026-11-23T10:00:00.250+01:00; without an offset, UTC */
static int parse_iso(const char *s, int64_t *out) {
  int y, mo, d, h, mi, sec, consumed = 0;
  if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) != 6) return -1;
  const char *p = s + consumed;
  int64_t ms = 0;
  if (*p == '.') {
    int digits = 0;
    p++;
    while (*p >= '0' && *p <= '9') {
      if (digits < 3) ms = ms * 10 + (*p - '0');
      digits++;
      p++;
    }
    if (digits == 0) return -1;
    for (; digits < 3; digits++) ms *= 10;
  }
  int64_t offset = 0;
  if (*p == 0) {
    /* no offset: UTC */
  } else if (*p == 'Z') {
    p++;
  } else if (*p == '+' || *p == '-') {
    int oh, om;
    if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2) return -1;
    offset = (*p == '+' ? 1 : -1) * (int64_t)(oh * 60 + om) * 60000;
    p += 6;
  } else {
    return -1;
  }
  if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return -1;
  int yy = y - (mo <= 2);
  int era = (yy >= 0 ? yy : yy - 399) / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = (int64_t)era * 146097 + doe - 719468;
  *out = (days * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms - offset;
  return 0;
}

static void iso(int64_t ms, char out[80]) {
  time_t t = (time_t)(ms / 1000);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 80, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* {"used", "limit", "remaining", "overage", "overageAllowance"}: limit and remaining null when unlimited */
static cJSON *reading_json(const airlock_meter_reading *r) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddNumberToObject(m, "used", (double)r->used);
  if (r->limit < 0) cJSON_AddNullToObject(m, "limit"); else cJSON_AddNumberToObject(m, "limit", (double)r->limit);
  if (r->remaining < 0) cJSON_AddNullToObject(m, "remaining"); else cJSON_AddNumberToObject(m, "remaining", (double)r->remaining);
  cJSON_AddNumberToObject(m, "overage", (double)r->overage);
  cJSON_AddNumberToObject(m, "overageAllowance", (double)r->overage_allowance);
  return m;
}

/* The check result: {"valid", "code", "features", "meters", "expiresAt"}. `code` is the refusal's
 * code, or a notice's when the license works on borrowed time, else null; features (sorted) and
 * meters only while valid; expiresAt the license's end whenever one is held. */
static int print_check(airlock_store *store, int64_t now) {
  airlock_status status = airlock_check(store, now);
  airlock_status notice = status == AIRLOCK_OK ? airlock_check_notice(store, now, NULL) : AIRLOCK_OK;
  cJSON *out = cJSON_CreateObject();
  cJSON_AddBoolToObject(out, "valid", status == AIRLOCK_OK);
  if (status != AIRLOCK_OK) cJSON_AddStringToObject(out, "code", airlock_error_code(status));
  else if (notice != AIRLOCK_OK) cJSON_AddStringToObject(out, "code", airlock_error_code(notice));
  else cJSON_AddNullToObject(out, "code");
  cJSON *features = cJSON_AddArrayToObject(out, "features");
  cJSON *meters = cJSON_AddObjectToObject(out, "meters");
  airlock_license_info info;
  int held = airlock_license(store, &info) == AIRLOCK_OK;
  if (held && status == AIRLOCK_OK) {
    for (size_t i = 0; i < info.feature_count; i++) cJSON_AddItemToArray(features, cJSON_CreateString(airlock_license_feature(store, i)));
    for (size_t i = 0; i < info.meter_count; i++) {
      airlock_meter_reading r;
      const char *name = airlock_license_meter(store, i);
      if (airlock_meter(store, name, &r) == AIRLOCK_OK) cJSON_AddItemToObject(meters, name, reading_json(&r));
    }
  }
  if (held && info.valid_until_ms >= 0) {
    char when[80];
    iso(info.valid_until_ms, when);
    cJSON_AddStringToObject(out, "expiresAt", when);
  } else {
    cJSON_AddNullToObject(out, "expiresAt");
  }
  return print(out);
}

/* The encryption-key certificate: the compact JWS, or the body of GET /v1/keys/encryption. */
static char *certificate_of(char *text) {
  const char *p = text;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p != '{') return text;
  cJSON *body = cJSON_Parse(p);
  const cJSON *certificate = cJSON_GetObjectItemCaseSensitive(body, "certificate");
  char *out = cJSON_IsString(certificate) ? strdup(certificate->valuestring) : NULL;
  cJSON_Delete(body);
  free(text);
  return out;
}

int main(int argc, char **argv) {
  if (argc < 2) return refuse("REQUEST_INVALID", "usage: airlock-driver <command> --store PATH --fingerprint FP --product ID --root-key FILE ...");
  const char *command = argv[1];
  const char *store_path = NULL, *fingerprint = NULL, *product = NULL, *root_file = NULL, *enc_file = NULL, *now_text = NULL, *out_path = NULL,
             *in_path = NULL, *license_key = NULL, *username = NULL, *meter = NULL, *amount_text = NULL, *device_name = NULL;
  int trial = 0;
  for (int i = 2; i < argc; i++) {
    const char *arg = argv[i];
    const char **target = NULL;
    if (strcmp(arg, "--trial") == 0) {
      trial = 1;
      continue;
    }
    if (strcmp(arg, "--store") == 0) target = &store_path;
    else if (strcmp(arg, "--fingerprint") == 0) target = &fingerprint;
    else if (strcmp(arg, "--product") == 0) target = &product;
    else if (strcmp(arg, "--root-key") == 0) target = &root_file;
    else if (strcmp(arg, "--authority-encryption-key") == 0) target = &enc_file;
    else if (strcmp(arg, "--now") == 0) target = &now_text;
    else if (strcmp(arg, "--out") == 0) target = &out_path;
    else if (strcmp(arg, "--file") == 0) target = &in_path;
    else if (strcmp(arg, "--license-key") == 0) target = &license_key;
    else if (strcmp(arg, "--username") == 0) target = &username;
    else if (strcmp(arg, "--meter") == 0) target = &meter;
    else if (strcmp(arg, "--amount") == 0) target = &amount_text;
    else if (strcmp(arg, "--device-name") == 0) target = &device_name;
    if (!target || i + 1 >= argc) {
      char message[200];
      snprintf(message, sizeof message, "unknown option or missing value: %.100s", arg);
      return refuse("REQUEST_INVALID", message);
    }
    *target = argv[++i];
  }
  if (!store_path || !fingerprint || !product || !root_file) return refuse("REQUEST_INVALID", "--store, --fingerprint, --product and --root-key are required");
  int64_t now;
  if (now_text) {
    if (parse_iso(now_text, &now) != 0) return refuse("REQUEST_INVALID", "--now is not an ISO 8601 instant");
  } else {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
  }
  char *root = slurp(root_file), *enc = enc_file ? slurp(enc_file) : NULL;
  if (enc) enc = certificate_of(enc);
  if (!root) return refuse("REQUEST_INVALID", "--root-key: the file cannot be read");
  if (enc_file && !enc) {
    free(root);
    return refuse("REQUEST_INVALID", "--authority-encryption-key: the file cannot be read, or holds no certificate");
  }
  airlock_options options = {product, fingerprint, store_path, root, enc, device_name, NULL};
  airlock_store *store = NULL;
  char message[600];
  airlock_status status = airlock_open(&options, now, &store, message, sizeof message);
  free(root);
  free(enc);
  if (status) return refuse(airlock_error_code(status), message);
  int rc = 0;
  char *text = NULL, *file = NULL;
  if (strcmp(command, "check") == 0) {
    rc = print_check(store, now);
  } else if (strcmp(command, "request") == 0 || strcmp(command, "refresh-request") == 0) {
    if (!out_path) {
      rc = refuse("REQUEST_INVALID", "--out is required");
    } else {
      if (strcmp(command, "request") == 0) {
        airlock_credential credential = {AIRLOCK_CREDENTIAL_TRIAL, NULL};
        if (license_key) credential = (airlock_credential){AIRLOCK_CREDENTIAL_LICENSE_KEY, license_key};
        else if (username) credential = (airlock_credential){AIRLOCK_CREDENTIAL_USER, username};
        if (!license_key && !username && !trial) {
          airlock_close(store);
          return refuse("REQUEST_INVALID", "request needs --license-key, --username or --trial");
        }
        status = airlock_create_activation_request(store, now, &credential, &text);
      } else {
        status = airlock_create_refresh_request(store, now, &text);
      }
      if (status) rc = refuse(airlock_error_code(status), airlock_last_error(store));
      else if (write_text(out_path, text) != 0) rc = refuse("INTERNAL_ERROR", "--out cannot be written");
      else {
        cJSON *out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "file", out_path);
        rc = print(out);
      }
    }
  } else if (strcmp(command, "install") == 0 || strcmp(command, "apply-refresh") == 0) {
    if (!in_path || !(file = slurp(in_path))) {
      rc = refuse("REQUEST_INVALID", "--file is required and must be readable");
    } else {
      status = strcmp(command, "install") == 0 ? airlock_install_license_file(store, now, file) : airlock_apply_refresh_file(store, now, file);
      rc = status ? refuse(airlock_error_code(status), airlock_last_error(store)) : print_check(store, now);
    }
  } else if (strcmp(command, "consume") == 0) {
    char *end = NULL;
    long long amount = amount_text ? strtoll(amount_text, &end, 10) : 0;
    airlock_meter_reading r;
    if (!meter || !amount_text || !end || *end) {
      rc = refuse("REQUEST_INVALID", "--meter and a whole --amount are required");
    } else if ((status = airlock_consume(store, now, meter, amount, &r))) {
      rc = refuse(airlock_error_code(status), airlock_last_error(store));
    } else {
      cJSON *out = reading_json(&r);
      cJSON_AddStringToObject(out, "meter", meter);
      rc = print(out);
    }
  } else if (strcmp(command, "deactivate") == 0) {
    if (!out_path) rc = refuse("REQUEST_INVALID", "--out is required");
    else if ((status = airlock_deactivate(store, now, out_path, NULL))) rc = refuse(airlock_error_code(status), airlock_last_error(store));
    else {
      cJSON *out = cJSON_CreateObject();
      cJSON_AddStringToObject(out, "file", out_path);
      rc = print(out);
    }
  } else {
    rc = refuse("REQUEST_INVALID", "unknown command (request, install, check, consume, refresh-request, apply-refresh, deactivate)");
  }
  free(text);
  free(file);
  airlock_close(store);
  return rc;
}
