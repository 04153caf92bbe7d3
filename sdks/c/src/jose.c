/* Reading and writing the documents of docs/formats.md: armour (§1), keys (§2), JWS (§3),
 * JWE (§4), and the verification steps of §5 in their order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const al_kind AL_KIND_ACTIVATION_REQUEST = {"DEVICE ACTIVATION REQUEST", "airlock-device-activation-request+jwt", AL_SIGNER_PARTY, 1};
const al_kind AL_KIND_LICENSE_FILE = {"DEVICE LICENSE FILE", "airlock-device-license+jwt", AL_SIGNER_AUTHORITY, 1};
const al_kind AL_KIND_REFRESH_FILE = {"DEVICE LICENSE REFRESH FILE", "airlock-device-refresh+jwt", AL_SIGNER_AUTHORITY, 1};
const al_kind AL_KIND_DEACTIVATION = {"DEACTIVATION FILE", "airlock-deactivation+jwt", AL_SIGNER_PARTY, 1};
const al_kind AL_KIND_USAGE_REPORT = {"DEVICE USAGE REPORT", "airlock-device-usage+jwt", AL_SIGNER_PARTY, 1};
const al_kind AL_KIND_CHECKIN_RECEIPT = {"DEVICE CHECKIN RECEIPT", "airlock-device-checkin+jwt", AL_SIGNER_AUTHORITY, 0};
const al_kind AL_KIND_SITE_LEASE = {"SITE LEASE", "airlock-site-lease+jwt", AL_SIGNER_PARTY, 0};
const al_kind AL_KIND_SITE_BORROW = {"SITE BORROW FILE", "airlock-site-borrow+jwt", AL_SIGNER_PARTY, 0};

/* Every kind of §6, so that a reader can tell a known kind from garbage. */
static const al_kind OTHER_KINDS[] = {
    {"ENABLEMENT TOKEN", "airlock-enablement-token+jwt", AL_SIGNER_AUTHORITY, 0},
    {"LICENSE FILE REQUEST", "airlock-lfr+jwt", AL_SIGNER_PARTY, 1},
    {"OFFLINE LICENSE FILE", "airlock-olf+jwt", AL_SIGNER_AUTHORITY, 1},
    {"ORDER LICENSE", "airlock-order-license+jwt", AL_SIGNER_NONE, 0},
    {"ACTIVATED LICENSE", "airlock-activated-license+jwt", AL_SIGNER_AUTHORITY, 0},
    {"SITE EXCHANGE REQUEST", "airlock-site-exchange+jwt", AL_SIGNER_PARTY, 1},
};

const al_kind *al_kind_by_label(const char *label) {
  const al_kind *device[] = {&AL_KIND_ACTIVATION_REQUEST, &AL_KIND_LICENSE_FILE, &AL_KIND_REFRESH_FILE,    &AL_KIND_DEACTIVATION,
                             &AL_KIND_USAGE_REPORT,       &AL_KIND_CHECKIN_RECEIPT, &AL_KIND_SITE_LEASE, &AL_KIND_SITE_BORROW};
  for (size_t i = 0; i < sizeof device / sizeof *device; i++)
    if (strcmp(device[i]->label, label) == 0) return device[i];
  for (size_t i = 0; i < sizeof OTHER_KINDS / sizeof *OTHER_KINDS; i++)
    if (strcmp(OTHER_KINDS[i].label, label) == 0) return &OTHER_KINDS[i];
  return NULL;
}

/* ---- JSON helpers ---- */

int al_json_int(const cJSON *item, int64_t min, int64_t max, int64_t *out) {
  if (!cJSON_IsNumber(item)) return -1;
  double d = item->valuedouble;
  if (d != d || d < (double)min || d > (double)max) return -1;
  int64_t v = (int64_t)d;
  if ((double)v != d) return -1;
  if (out) *out = v;
  return 0;
}

const char *al_json_str(const cJSON *object, const char *name) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* §3.1: no C0 control but tab, LF and CR, no DEL, no C1 control, valid UTF-8. */
static int string_clean(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    if (c < 0x80) {
      if ((c < 0x20 && c != 9 && c != 10 && c != 13) || c == 0x7f) return 0;
      p++;
      continue;
    }
    int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4) return 0;
    for (int i = 1; i < n; i++)
      if ((p[i] & 0xc0) != 0x80) return 0;
    if (c == 0xc2 && p[1] < 0xa0) return 0;                 /* C1 */
    if (c == 0xed && p[1] >= 0xa0) return 0;                /* surrogate */
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)) return 0;
    p += n;
  }
  return 1;
}

int al_text_clean(const cJSON *item) {
  for (; item; item = item->next) {
    if (item->string && !string_clean(item->string)) return 0;
    if (cJSON_IsString(item) && !string_clean(item->valuestring)) return 0;
    if (item->child && !al_text_clean(item->child)) return 0;
  }
  return 1;
}

static cJSON *parse_b64_json(const char *segment, size_t len) {
  al_buf raw;
  if (al_b64url_decode(segment, len, &raw) != 0) return NULL;
  cJSON *json = cJSON_ParseWithLength((const char *)raw.data, raw.len);
  al_buf_free(&raw);
  return json;
}

/* ---- keys ---- */

void al_thumbprint(const char *crv, const unsigned char x[32], char kid[44]) {
  char *xs = al_b64url_encode(x, 32);
  char canonical[128];
  int n = snprintf(canonical, sizeof canonical, "{\"crv\":\"%s\",\"kty\":\"OKP\",\"x\":\"%s\"}", crv, xs ? xs : "");
  free(xs);
  unsigned char digest[32];
  al_sha256(canonical, (size_t)n, digest);
  char *b = al_b64url_encode(digest, 32);
  snprintf(kid, 44, "%s", b ? b : "");
  free(b);
}

/* An OKP public JWK of the curve: its 32 raw bytes. */
static int parse_okp(const cJSON *jwk, const char *crv, unsigned char x[32]) {
  if (!cJSON_IsObject(jwk)) return -1;
  const char *kty = al_json_str(jwk, "kty"), *c = al_json_str(jwk, "crv"), *xs = al_json_str(jwk, "x");
  if (!kty || !c || !xs || strcmp(kty, "OKP") != 0 || strcmp(c, crv) != 0 || cJSON_GetObjectItemCaseSensitive(jwk, "d")) return -1;
  al_buf raw;
  if (al_b64url_decode(xs, strlen(xs), &raw) != 0) return -1;
  int ok = raw.len == 32;
  if (ok) memcpy(x, raw.data, 32);
  al_buf_free(&raw);
  return ok ? 0 : -1;
}

airlock_status al_parse_root_key(const char *text, unsigned char root[32], al_error *error) {
  if (!text) return al_fail(error, AIRLOCK_KEY_INVALID, "no root key was given");
  while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t') text++;
  if (strncmp(text, "-----BEGIN PUBLIC KEY-----", 26) == 0) {
    if (al_ed25519_public_from_pem(text, root) != 0) return al_fail(error, AIRLOCK_KEY_INVALID, "the PEM does not hold an Ed25519 public key");
    return AIRLOCK_OK;
  }
  cJSON *json = cJSON_Parse(text);
  if (!json) return al_fail(error, AIRLOCK_KEY_INVALID, "the root key is neither JSON nor PEM");
  const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(json, "jwk");
  int bad = parse_okp(jwk ? jwk : json, "Ed25519", root);
  cJSON_Delete(json);
  return bad ? al_fail(error, AIRLOCK_KEY_INVALID, "the root key is not an Ed25519 public JWK") : AIRLOCK_OK;
}

/* ---- compact JWS ---- */

typedef struct {
  cJSON *header, *claims;
  al_buf sig;
  size_t signed_len; /* length of "header.payload" */
} jws_parts;

static void jws_free(jws_parts *p) {
  cJSON_Delete(p->header);
  cJSON_Delete(p->claims);
  al_buf_free(&p->sig);
  memset(p, 0, sizeof *p);
}

/* Three segments, a JSON header, a JSON payload. */
static int jws_split(const char *compact, jws_parts *p) {
  memset(p, 0, sizeof *p);
  const char *d1 = strchr(compact, '.');
  const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
  if (!d1 || !d2 || strchr(d2 + 1, '.')) return -1;
  p->header = parse_b64_json(compact, (size_t)(d1 - compact));
  p->claims = parse_b64_json(d1 + 1, (size_t)(d2 - d1 - 1));
  p->signed_len = (size_t)(d2 - compact);
  if (!cJSON_IsObject(p->header) || !cJSON_IsObject(p->claims) || al_b64url_decode(d2 + 1, strlen(d2 + 1), &p->sig) != 0) {
    jws_free(p);
    return -1;
  }
  return 0;
}

static int jws_verify(const char *compact, const jws_parts *p, const unsigned char pub[32]) {
  return al_ed25519_verify(pub, compact, p->signed_len, p->sig.data, p->sig.len);
}

char *al_sign_jws(const char *typ, const unsigned char seed[32], cJSON *claims) {
  unsigned char pub[32], sig[64];
  if (al_ed25519_public(seed, pub) != 0) return NULL;
  char kid[44];
  al_thumbprint("Ed25519", pub, kid);
  char *x = al_b64url_encode(pub, 32);
  cJSON *header = cJSON_CreateObject();
  cJSON_AddStringToObject(header, "alg", "EdDSA");
  cJSON_AddStringToObject(header, "typ", typ);
  cJSON_AddStringToObject(header, "kid", kid);
  cJSON *jwk = cJSON_AddObjectToObject(header, "jwk");
  cJSON_AddStringToObject(jwk, "kty", "OKP");
  cJSON_AddStringToObject(jwk, "crv", "Ed25519");
  cJSON_AddStringToObject(jwk, "x", x ? x : "");
  free(x);
  char *h = cJSON_PrintUnformatted(header), *c = cJSON_PrintUnformatted(claims);
  cJSON_Delete(header);
  char *hb = h ? al_b64url_encode((unsigned char *)h, strlen(h)) : NULL;
  char *cb = c ? al_b64url_encode((unsigned char *)c, strlen(c)) : NULL;
  free(h);
  free(c);
  char *out = NULL;
  if (hb && cb) {
    size_t n = strlen(hb) + strlen(cb) + 100;
    out = malloc(n);
    if (out) {
      int len = snprintf(out, n, "%s.%s", hb, cb);
      char *sb = al_ed25519_sign(seed, out, (size_t)len, sig) == 0 ? al_b64url_encode(sig, 64) : NULL;
      if (sb) {
        snprintf(out + len, n - (size_t)len, ".%s", sb);
        free(sb);
      } else {
        free(out);
        out = NULL;
      }
    }
  }
  free(hb);
  free(cb);
  return out;
}

/* ---- JWE (ECDH-ES + A256GCM, §4) ---- */

static void concat_kdf(const unsigned char shared[32], unsigned char key[32]) {
  unsigned char input[4 + 32 + 4 + 7 + 4 + 4 + 4];
  size_t n = 0;
  memcpy(input + n, "\0\0\0\1", 4), n += 4;
  memcpy(input + n, shared, 32), n += 32;
  memcpy(input + n, "\0\0\0\7A256GCM", 11), n += 11;
  memcpy(input + n, "\0\0\0\0\0\0\0\0\0\0\1\0", 12), n += 12; /* empty apu, apv; 256 bits */
  al_sha256(input, n, key);
  al_wipe(input, sizeof input);
}

char *al_encrypt_jwe(const char *typ, const char *jws, const unsigned char recipient_pub[32], const char *recipient_kid) {
  unsigned char eph[32], eph_pub[32], shared[32], key[32], iv[12], tag[16];
  if (al_random(eph, 32) || al_x25519_public(eph, eph_pub) || al_x25519_shared(eph, recipient_pub, shared) || al_random(iv, 12)) return NULL;
  concat_kdf(shared, key);
  char jwe_typ[128];
  snprintf(jwe_typ, sizeof jwe_typ, "%.*s+jwe", (int)(strlen(typ) - 4), typ);
  char *x = al_b64url_encode(eph_pub, 32);
  cJSON *header = cJSON_CreateObject();
  cJSON_AddStringToObject(header, "alg", "ECDH-ES");
  cJSON_AddStringToObject(header, "enc", "A256GCM");
  cJSON_AddStringToObject(header, "typ", jwe_typ);
  cJSON_AddStringToObject(header, "cty", typ);
  cJSON_AddStringToObject(header, "kid", recipient_kid);
  cJSON *epk = cJSON_AddObjectToObject(header, "epk");
  cJSON_AddStringToObject(epk, "kty", "OKP");
  cJSON_AddStringToObject(epk, "crv", "X25519");
  cJSON_AddStringToObject(epk, "x", x ? x : "");
  free(x);
  char *h = cJSON_PrintUnformatted(header);
  cJSON_Delete(header);
  char *hb = h ? al_b64url_encode((unsigned char *)h, strlen(h)) : NULL;
  free(h);
  size_t len = strlen(jws);
  unsigned char *cipher = malloc(len + 1);
  char *out = NULL;
  if (hb && cipher && al_aes_gcm_encrypt(key, iv, hb, strlen(hb), jws, len, cipher, tag) == 0) {
    char *ivb = al_b64url_encode(iv, 12), *cb = al_b64url_encode(cipher, len), *tb = al_b64url_encode(tag, 16);
    if (ivb && cb && tb) {
      size_t n = strlen(hb) + strlen(ivb) + strlen(cb) + strlen(tb) + 8;
      out = malloc(n);
      if (out) snprintf(out, n, "%s..%s.%s.%s", hb, ivb, cb, tb);
    }
    free(ivb);
    free(cb);
    free(tb);
  }
  free(cipher);
  free(hb);
  al_wipe(eph, 32);
  al_wipe(shared, 32);
  al_wipe(key, 32);
  return out;
}

char *al_armour(const char *label, const char *body) {
  size_t len = strlen(body), n = len + len / 64 + 2 * strlen(label) + 64;
  char *out = malloc(n);
  if (!out) return NULL;
  size_t o = (size_t)snprintf(out, n, "-----BEGIN AIRLOCK %s-----\n", label);
  for (size_t i = 0; i < len; i += 64) {
    size_t chunk = len - i < 64 ? len - i : 64;
    memcpy(out + o, body + i, chunk);
    o += chunk;
    out[o++] = '\n';
  }
  snprintf(out + o, n - o, "-----END AIRLOCK %s-----\n", label);
  return out;
}

/* §1: the label and the body, whitespace removed. */
static airlock_status dearmour(const char *text, char label[64], char **body, al_error *error) {
  const char *begin = strstr(text, "-----BEGIN AIRLOCK ");
  if (!begin) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "no -----BEGIN AIRLOCK line");
  const char *name = begin + 19;
  const char *close = strstr(name, "-----");
  /* the label: ^[A-Z][A-Z ]{2,48}[A-Z]$ (§1) */
  if (!close || close - name < 4 || close - name > 50 || name[0] == ' ' || close[-1] == ' ')
    return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the armour's label is malformed");
  for (const char *p = name; p < close; p++)
    if (!((*p >= 'A' && *p <= 'Z') || *p == ' ')) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the armour's label is malformed");
  memcpy(label, name, (size_t)(close - name));
  label[close - name] = 0;
  char end[96];
  snprintf(end, sizeof end, "-----END AIRLOCK %s-----", label);
  const char *start = close + 5;
  const char *stop = strstr(start, end);
  if (!stop) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "no end line repeating the label %s", label);
  char *out = malloc((size_t)(stop - start) + 1);
  if (!out) return al_fail(error, AIRLOCK_INTERNAL_ERROR, "out of memory");
  size_t o = 0;
  for (const char *p = start; p < stop; p++) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
      free(out);
      return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the body holds a character outside base64url");
    }
    out[o++] = c;
  }
  out[o] = 0;
  if (o == 0) {
    free(out);
    return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the body is empty");
  }
  *body = out;
  return AIRLOCK_OK;
}

static airlock_status decrypt(const char *compact, const al_open_ctx *ctx, char **jws, al_error *error) {
  const char *dots[4];
  const char *p = compact;
  for (int i = 0; i < 4; i++) {
    dots[i] = strchr(p, '.');
    if (!dots[i]) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "an encrypted document has five segments");
    p = dots[i] + 1;
  }
  if (strchr(p, '.')) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "an encrypted document has five segments");
  {
    /* every segment canonical base64url before anything is read (§1) */
    const char *starts[5] = {compact, dots[0] + 1, dots[1] + 1, dots[2] + 1, dots[3] + 1};
    const char *ends[5] = {dots[0], dots[1], dots[2], dots[3], p + strlen(p)};
    for (int i = 0; i < 5; i++) {
      al_buf probe;
      if (al_b64url_decode(starts[i], (size_t)(ends[i] - starts[i]), &probe) != 0)
        return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "segment %d is not canonical base64url", i);
      al_buf_free(&probe);
    }
  }
  cJSON *header = parse_b64_json(compact, (size_t)(dots[0] - compact));
  if (!cJSON_IsObject(header)) {
    cJSON_Delete(header);
    return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the JWE header is not JSON");
  }
  airlock_status status = AIRLOCK_OK;
  char jwe_typ[128];
  snprintf(jwe_typ, sizeof jwe_typ, "%.*s+jwe", (int)(strlen(ctx->kind->typ) - 4), ctx->kind->typ);
  const char *typ = al_json_str(header, "typ"), *alg = al_json_str(header, "alg"), *enc = al_json_str(header, "enc"),
             *kid = al_json_str(header, "kid");
  const cJSON *zip = cJSON_GetObjectItemCaseSensitive(header, "zip");
  unsigned char recipient_pub[32], epk[32], shared[32], key[32];
  char recipient_kid[44];
  al_buf iv = {0}, cipher = {0}, tag = {0};
  unsigned char *plain = NULL;
  if (!typ || strcmp(typ, jwe_typ) != 0) { /* cty is not checked (§5 step 4): the JWS typ is */
    status = al_fail(error, AIRLOCK_WRONG_DOCUMENT_KIND, "the JWE typ is %s, expected %s", typ ? typ : "(none)", jwe_typ);
    goto done;
  }
  if (!alg || !enc || strcmp(alg, "ECDH-ES") != 0 || strcmp(enc, "A256GCM") != 0 || (zip && !(cJSON_IsString(zip) && strcmp(zip->valuestring, "DEF") == 0))) {
    status = al_fail(error, AIRLOCK_UNSUPPORTED_ALGORITHM, "only ECDH-ES with A256GCM, and zip DEF, are read");
    goto done;
  }
  if (!ctx->recipient || al_x25519_public(ctx->recipient, recipient_pub) != 0) {
    status = al_fail(error, AIRLOCK_WRONG_RECIPIENT, "no key to decrypt with");
    goto done;
  }
  al_thumbprint("X25519", recipient_pub, recipient_kid);
  if (!kid || strcmp(kid, recipient_kid) != 0) {
    status = al_fail(error, AIRLOCK_WRONG_RECIPIENT, "encrypted to key %.60s, not this reader's %s", kid ? kid : "(none)", recipient_kid);
    goto done;
  }
  if (dots[1] != dots[0] + 1) {
    status = al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "ECDH-ES carries no encrypted key");
    goto done;
  }
  if (parse_okp(cJSON_GetObjectItemCaseSensitive(header, "epk"), "X25519", epk) != 0 || al_b64url_decode(dots[1] + 1, (size_t)(dots[2] - dots[1] - 1), &iv) ||
      al_b64url_decode(dots[2] + 1, (size_t)(dots[3] - dots[2] - 1), &cipher) || al_b64url_decode(dots[3] + 1, strlen(dots[3] + 1), &tag) || tag.len != 16) {
    status = al_fail(error, AIRLOCK_DECRYPTION_FAILED, "the JWE's key, IV or tag is malformed");
    goto done;
  }
  plain = malloc(cipher.len + 1);
  if (!plain || al_x25519_shared(ctx->recipient, epk, shared) != 0) {
    status = al_fail(error, AIRLOCK_DECRYPTION_FAILED, "the key agreement failed");
    goto done;
  }
  concat_kdf(shared, key);
  if (al_aes_gcm_decrypt(key, iv.data, iv.len, compact, (size_t)(dots[0] - compact), cipher.data, cipher.len, tag.data, plain) != 0) {
    status = al_fail(error, AIRLOCK_DECRYPTION_FAILED, "the document does not decrypt: it was altered or is for another key");
    goto done;
  }
  if (zip) {
    al_buf inflated;
    int rc = al_inflate(plain, cipher.len, AL_MAX_INFLATED, &inflated);
    if (rc == -2) {
      status = al_fail(error, AIRLOCK_DOCUMENT_TOO_LARGE, "the plaintext inflates past %u bytes", AL_MAX_INFLATED);
      goto done;
    }
    if (rc != 0) {
      status = al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the compressed plaintext is not valid DEFLATE");
      goto done;
    }
    free(plain);
    plain = realloc(inflated.data, inflated.len + 1);
    if (!plain) {
      free(inflated.data);
      status = al_fail(error, AIRLOCK_INTERNAL_ERROR, "out of memory");
      goto done;
    }
    plain[inflated.len] = 0;
  } else {
    plain[cipher.len] = 0;
  }
  if (strlen((char *)plain) != (zip ? strlen((char *)plain) : cipher.len)) {
    status = al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the plaintext holds NUL");
    goto done;
  }
  *jws = (char *)plain;
  plain = NULL;
done:
  al_wipe(shared, sizeof shared);
  al_wipe(key, sizeof key);
  free(plain);
  al_buf_free(&iv);
  al_buf_free(&cipher);
  al_buf_free(&tag);
  cJSON_Delete(header);
  return status;
}

/* ---- the authority's chain (§2.1, §2.2, §5 step 6) ---- */

airlock_status al_verify_key_certificate(const char *compact, al_trust *trust, const char *use, unsigned char pub[32], char kid[44], al_error *error) {
  jws_parts p;
  if (!compact || jws_split(compact, &p) != 0) return al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "the key certificate is malformed");
  airlock_status status = AIRLOCK_OK;
  const char *typ = al_json_str(p.header, "typ"), *alg = al_json_str(p.header, "alg");
  const char *iss = al_json_str(p.claims, "iss"), *ckid = al_json_str(p.claims, "kid"), *cuse = al_json_str(p.claims, "use");
  if (!typ || strcmp(typ, "airlock-key-cert+jwt") != 0 || !alg || strcmp(alg, "EdDSA") != 0)
    status = al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "not a key certificate");
  else if (jws_verify(compact, &p, trust->root) != 0)
    status = al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "the key certificate is not signed by the pinned root");
  else if (!iss || strcmp(iss, trust->root_kid) != 0 || !cuse || strcmp(cuse, use) != 0 || !ckid ||
           parse_okp(cJSON_GetObjectItemCaseSensitive(p.claims, "jwk"), strcmp(use, "sig") == 0 ? "Ed25519" : "X25519", pub) != 0)
    status = al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "the key certificate is not for a %s key of this root", use);
  else {
    al_thumbprint(strcmp(use, "sig") == 0 ? "Ed25519" : "X25519", pub, kid);
    if (strcmp(kid, ckid) != 0) status = al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "the certified kid is not the key's thumbprint");
  }
  jws_free(&p);
  return status;
}

static airlock_status verify_revocations(const char *compact, al_trust *trust, cJSON **claims, al_error *error) {
  jws_parts p;
  if (!compact || jws_split(compact, &p) != 0) return al_fail(error, AIRLOCK_REVOCATION_LIST_INVALID, "the revocation list is malformed");
  const char *typ = al_json_str(p.header, "typ"), *iss = al_json_str(p.claims, "iss");
  int64_t serial;
  if (!typ || strcmp(typ, "airlock-key-revocations+jwt") != 0 || jws_verify(compact, &p, trust->root) != 0 || !iss || strcmp(iss, trust->root_kid) != 0 ||
      al_json_int(cJSON_GetObjectItemCaseSensitive(p.claims, "serial"), 0, INT64_MAX / 2, &serial) != 0 ||
      !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(p.claims, "revoked"))) {
    jws_free(&p);
    return al_fail(error, AIRLOCK_REVOCATION_LIST_INVALID, "the revocation list does not verify with the pinned root");
  }
  *claims = p.claims;
  p.claims = NULL;
  jws_free(&p);
  return AIRLOCK_OK;
}

airlock_status al_verify_revocation_list(const char *compact, al_trust *trust, al_error *error) {
  cJSON *claims = NULL;
  airlock_status status = verify_revocations(compact, trust, &claims, error);
  if (status) return status;
  al_trust_clear(trust);
  trust->revocations = claims;
  trust->revocations_compact = strdup(compact);
  return AIRLOCK_OK;
}

static int64_t serial_of(const cJSON *list) {
  int64_t serial = -1;
  if (list) al_json_int(cJSON_GetObjectItemCaseSensitive(list, "serial"), 0, INT64_MAX / 2, &serial);
  return serial;
}

static int revoked(const cJSON *list, const char *kid) {
  const cJSON *entry;
  if (!list) return 0;
  cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(list, "revoked")) {
    const char *k = al_json_str(entry, "kid");
    if (k && strcmp(k, kid) == 0) return 1;
  }
  return 0;
}

void al_trust_clear(al_trust *trust) {
  cJSON_Delete(trust->revocations);
  free(trust->revocations_compact);
  trust->revocations = NULL;
  trust->revocations_compact = NULL;
}

/* Step 6 for the authority. On success, a newer list the header carried goes to *newer. */
static airlock_status verify_authority(const char *compact, const jws_parts *p, al_trust *trust, cJSON **newer, char **newer_compact, al_error *error) {
  const char *kid = al_json_str(p->header, "kid");
  unsigned char pub[32];
  char certified[44];
  const char *cert = al_json_str(p->header, "cert");
  airlock_status status = al_verify_key_certificate(cert, trust, "sig", pub, certified, error);
  if (status) return status;
  if (!kid || strcmp(kid, certified) != 0) return al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "the certificate certifies another key than the header's kid");
  const cJSON *list_item = cJSON_GetObjectItemCaseSensitive(p->header, "revocations");
  cJSON *carried = NULL;
  if (list_item) {
    if (!cJSON_IsString(list_item)) return al_fail(error, AIRLOCK_REVOCATION_LIST_INVALID, "the revocations header is not a compact JWS");
    status = verify_revocations(list_item->valuestring, trust, &carried, error);
    if (status) return status;
  }
  const cJSON *applies = serial_of(carried) > serial_of(trust->revocations) ? carried : trust->revocations;
  if (revoked(applies, kid)) {
    cJSON_Delete(carried);
    return al_fail(error, AIRLOCK_SIGNING_KEY_REVOKED, "the signing key %s is revoked", kid);
  }
  if (jws_verify(compact, p, pub) != 0) {
    cJSON_Delete(carried);
    return al_fail(error, AIRLOCK_SIGNATURE_INVALID, "the authority's signature does not verify");
  }
  /* iat in the certificate's [nbf, exp) */
  jws_parts c;
  jws_split(cert, &c);
  int64_t nbf = 0, exp = 0, iat = 0;
  int ok = al_json_int(cJSON_GetObjectItemCaseSensitive(c.claims, "nbf"), 0, INT64_MAX / 2, &nbf) == 0 &&
           al_json_int(cJSON_GetObjectItemCaseSensitive(c.claims, "exp"), 0, INT64_MAX / 2, &exp) == 0 &&
           al_json_int(cJSON_GetObjectItemCaseSensitive(p->claims, "iat"), 0, INT64_MAX / 2, &iat) == 0 && iat >= nbf && iat < exp;
  jws_free(&c);
  if (!ok) {
    cJSON_Delete(carried);
    return al_fail(error, AIRLOCK_SIGNING_KEY_NOT_VALID_AT_ISSUE, "issued outside the signing key's validity");
  }
  if (carried && applies == carried && newer) {
    *newer = carried;
    *newer_compact = strdup(list_item->valuestring);
  } else {
    cJSON_Delete(carried);
  }
  return AIRLOCK_OK;
}

airlock_status al_verify_authority_jws(const char *compact, al_trust *trust, cJSON **header, cJSON **claims, al_error *error) {
  jws_parts p;
  if (!compact || jws_split(compact, &p) != 0) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "not a compact JWS");
  const char *alg = al_json_str(p.header, "alg");
  airlock_status status = !alg || strcmp(alg, "EdDSA") != 0 ? al_fail(error, AIRLOCK_UNSUPPORTED_ALGORITHM, "alg must be EdDSA")
                                                            : verify_authority(compact, &p, trust, NULL, NULL, error);
  if (status == AIRLOCK_OK) {
    *header = p.header;
    *claims = p.claims;
    p.header = p.claims = NULL;
  }
  jws_free(&p);
  return status;
}

/* ---- §7 Registration Key, for a borrow file's activated license ---- */

static const char CROCKFORD[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static unsigned gf32_times_2(unsigned x) {
  x <<= 1;
  return x & 32 ? x ^ 37 : x;
}

void al_registration_key(const char *guid, const char *tenant, const char *kid, char out[20]) {
  size_t cap = strlen(guid) + strlen(tenant) + strlen(kid) + 32;
  unsigned char *buf = malloc(cap);
  size_t n = 0;
  memcpy(buf, "airlock-rk-v1", 14); /* with its NUL */
  n = 14;
  const char *fields[3] = {guid, tenant, kid};
  for (int f = 0; f < 3; f++) {
    size_t len = strlen(fields[f]);
    buf[n++] = (unsigned char)(len >> 24);
    buf[n++] = (unsigned char)(len >> 16);
    buf[n++] = (unsigned char)(len >> 8);
    buf[n++] = (unsigned char)len;
    for (size_t i = 0; i < len; i++) {
      char c = fields[f][i];
      buf[n++] = (unsigned char)(f == 0 && c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
  }
  unsigned char digest[32];
  al_sha256(buf, n, digest);
  free(buf);
  unsigned symbols[16], interim = 0;
  for (int i = 0; i < 15; i++) {
    unsigned v = 0;
    for (int b = 0; b < 5; b++) {
      int bit = i * 5 + b;
      v = v << 1 | ((digest[bit / 8] >> (7 - bit % 8)) & 1);
    }
    symbols[i] = v;
    interim = gf32_times_2(interim) ^ v;
  }
  symbols[15] = gf32_times_2(interim);
  int o = 0;
  for (int i = 0; i < 16; i++) {
    if (i && i % 4 == 0) out[o++] = '-';
    out[o++] = CROCKFORD[symbols[i]];
  }
  out[o] = 0;
}

airlock_status al_check_site_certificate(const cJSON *claims, const char *site_kid, al_trust *trust, al_error *error) {
  const char *fingerprint = al_json_str(claims, "fingerprint"), *aud = al_json_str(claims, "aud"), *license = al_json_str(claims, "license");
  const char *guid = al_json_str(claims, "siteGuid"), *tenant = al_json_str(claims, "tenant");
  if (!fingerprint || !aud || !license || !guid || !tenant || strncmp(aud, "device:", 7) != 0 || strcmp(aud + 7, fingerprint) != 0)
    return al_fail(error, AIRLOCK_PAYLOAD_INVALID, "the lease does not name its device, site and license");
  cJSON *header = NULL, *lc = NULL;
  airlock_status status = al_verify_authority_jws(license, trust, &header, &lc, error);
  if (status) return status;
  const char *typ = al_json_str(header, "typ");
  char lower[128];
  snprintf(lower, sizeof lower, "%s", guid);
  for (char *p = lower; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
  if (typ && strcmp(typ, "airlock-olf+jwt") == 0) {
    const char *thumb = al_json_str(lc, "siteKeyThumbprint"), *laud = al_json_str(lc, "aud"), *ltenant = al_json_str(lc, "tenant");
    char want[300];
    snprintf(want, sizeof want, "site:%s/%s", lower, tenant);
    if (!laud || strcmp(laud, want) != 0 || !ltenant || strcmp(ltenant, tenant) != 0)
      status = al_fail(error, AIRLOCK_SITE_KEY_NOT_CERTIFIED, "the license is for another site or tenant");
    else if (!thumb || strcmp(thumb, site_kid) != 0)
      status = al_fail(error, AIRLOCK_SITE_KEY_NOT_CERTIFIED, "the license names another site key than %s", site_kid);
  } else if (typ && strcmp(typ, "airlock-activated-license+jwt") == 0) {
    char rk[20], want[32];
    al_registration_key(lower, tenant, site_kid, rk);
    snprintf(want, sizeof want, "rk:%s", rk);
    const char *lrk = al_json_str(lc, "registrationKey"), *laud = al_json_str(lc, "aud");
    if (!lrk || strcmp(lrk, rk) != 0 || !laud || strcmp(laud, want) != 0)
      status = al_fail(error, AIRLOCK_SITE_KEY_NOT_CERTIFIED, "the license's Registration Key is not derived from the signing key");
  } else {
    status = al_fail(error, AIRLOCK_SITE_KEY_NOT_CERTIFIED, "the lease carries no license");
  }
  cJSON_Delete(header);
  cJSON_Delete(lc);
  return status;
}

/* ---- §5 in order ---- */

void al_opened_free(al_opened *o) {
  cJSON_Delete(o->header);
  cJSON_Delete(o->claims);
  free(o->jws);
  cJSON_Delete(o->revocations);
  free(o->revocations_compact);
  memset(o, 0, sizeof *o);
}

airlock_status al_open_document(const char *text, const al_open_ctx *ctx, al_opened *out, al_error *error) {
  memset(out, 0, sizeof *out);
  if (!text) return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "no document");
  if (strlen(text) > AL_MAX_DOCUMENT) return al_fail(error, AIRLOCK_DOCUMENT_TOO_LARGE, "a document is at most %u characters", AL_MAX_DOCUMENT);
  char label[64], *body = NULL, *jws = NULL;
  airlock_status status = dearmour(text, label, &body, error);
  if (status) return status;
  if (strcmp(label, ctx->kind->label) != 0) {
    free(body);
    return al_fail(error, AIRLOCK_WRONG_DOCUMENT_KIND, "a %s, not a %s", label, ctx->kind->label);
  }
  if (ctx->kind->encrypted) {
    status = decrypt(body, ctx, &jws, error);
    free(body);
    if (status) return status;
  } else {
    jws = body;
  }
  jws_parts p;
  if (jws_split(jws, &p) != 0) {
    free(jws);
    return al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "the JWS is not three segments of JSON");
  }
  const char *typ = al_json_str(p.header, "typ"), *alg = al_json_str(p.header, "alg");
  int64_t v = 0, iat = 0;
  const char *aud;
  if (!typ || strcmp(typ, ctx->kind->typ) != 0) {
    status = al_fail(error, AIRLOCK_WRONG_DOCUMENT_KIND, "the JWS typ is %.80s, expected %s", typ ? typ : "(none)", ctx->kind->typ);
    goto done;
  }
  if (!alg || strcmp(alg, ctx->kind->signer == AL_SIGNER_NONE ? "none" : "EdDSA") != 0) {
    status = al_fail(error, AIRLOCK_UNSUPPORTED_ALGORITHM, "alg %.40s is not accepted here", alg ? alg : "(none)");
    goto done;
  }
  if (ctx->kind->signer == AL_SIGNER_AUTHORITY) {
    if (!ctx->trust) {
      status = al_fail(error, AIRLOCK_KEY_CERTIFICATE_INVALID, "no pinned root");
      goto done;
    }
    status = verify_authority(jws, &p, ctx->trust, &out->revocations, &out->revocations_compact, error);
    if (status) goto done;
    snprintf(out->signer_kid, sizeof out->signer_kid, "%s", al_json_str(p.header, "kid"));
  } else if (ctx->kind->signer == AL_SIGNER_PARTY) {
    unsigned char pub[32];
    char thumb[44];
    const char *kid = al_json_str(p.header, "kid");
    if (parse_okp(cJSON_GetObjectItemCaseSensitive(p.header, "jwk"), "Ed25519", pub) != 0) {
      status = al_fail(error, AIRLOCK_KEY_INVALID, "the header's jwk is not an Ed25519 public key");
      goto done;
    }
    al_thumbprint("Ed25519", pub, thumb);
    if (!kid || strcmp(kid, thumb) != 0 || jws_verify(jws, &p, pub) != 0) {
      status = al_fail(error, AIRLOCK_SIGNATURE_INVALID, "the signature does not verify with the key the document carries");
      goto done;
    }
    snprintf(out->signer_kid, sizeof out->signer_kid, "%s", kid);
  } else if (p.sig.len != 0) {
    status = al_fail(error, AIRLOCK_DOCUMENT_MALFORMED, "an unsigned document has an empty signature");
    goto done;
  }
  if (al_json_int(cJSON_GetObjectItemCaseSensitive(p.claims, "v"), 1, 1, &v) != 0) {
    status = al_fail(error, AIRLOCK_UNSUPPORTED_VERSION, "the format version is not 1");
    goto done;
  }
  aud = al_json_str(p.claims, "aud");
  if (!al_json_str(p.claims, "jti") || !aud || al_json_int(cJSON_GetObjectItemCaseSensitive(p.claims, "iat"), 0, 253402300799, &iat) != 0 ||
      !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(p.claims, "answers")) || !al_text_clean(p.claims)) {
    status = al_fail(error, AIRLOCK_PAYLOAD_INVALID, "the common claims (v, jti, iat, aud, answers) are not well formed");
    goto done;
  }
  {
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(p.claims, "answers")) {
      if (!cJSON_IsString(a)) {
        status = al_fail(error, AIRLOCK_PAYLOAD_INVALID, "answers holds a non-string");
        goto done;
      }
    }
  }
  if (ctx->kind == &AL_KIND_SITE_LEASE || ctx->kind == &AL_KIND_SITE_BORROW) {
    if (!ctx->trust) {
      status = al_fail(error, AIRLOCK_SITE_KEY_NOT_CERTIFIED, "no pinned root");
      goto done;
    }
    status = al_check_site_certificate(p.claims, out->signer_kid, ctx->trust, error);
    if (status) goto done;
  }
  if (ctx->audience && strcmp(aud, ctx->audience) != 0) {
    status = al_fail(error, AIRLOCK_WRONG_RECIPIENT, "made for %.140s, not %.140s", aud, ctx->audience);
    goto done;
  }
  if (iat * 1000 > ctx->now_ms + ctx->tolerance_ms) {
    status = al_fail(error, AIRLOCK_DOCUMENT_FROM_FUTURE, "issued at %lld s, ahead of this clock", (long long)iat);
    goto done;
  }
  out->header = p.header;
  out->claims = p.claims;
  out->jws = jws;
  p.header = p.claims = NULL;
  jws = NULL;
done:
  if (status) al_opened_free(out);
  jws_free(&p);
  free(jws);
  return status;
}
