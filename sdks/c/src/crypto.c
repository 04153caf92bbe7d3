/* The cryptography, all of it OpenSSL 3's (docs/formats.md §2, §4). */
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

int al_random(unsigned char *out, size_t len) { return RAND_bytes(out, (int)len) == 1 ? 0 : -1; }

void al_wipe(void *p, size_t n) {
  if (p) OPENSSL_cleanse(p, n);
}

void al_sha256(const void *data, size_t len, unsigned char out[32]) {
  unsigned int n = 32;
  EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

int al_hkdf_sha256(const unsigned char *ikm, size_t ikm_len, const unsigned char *salt, size_t salt_len, const char *info, unsigned char out[32]) {
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);
  size_t n = 32;
  int ok = ctx && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) > 0 &&
           EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, (int)salt_len) > 0 && EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm, (int)ikm_len) > 0 &&
           EVP_PKEY_CTX_add1_hkdf_info(ctx, (const unsigned char *)info, (int)strlen(info)) > 0 && EVP_PKEY_derive(ctx, out, &n) > 0 && n == 32;
  EVP_PKEY_CTX_free(ctx);
  return ok ? 0 : -1;
}

static int raw_public(int type, const unsigned char seed[32], unsigned char pub[32]) {
  EVP_PKEY *key = EVP_PKEY_new_raw_private_key(type, NULL, seed, 32);
  size_t n = 32;
  int ok = key && EVP_PKEY_get_raw_public_key(key, pub, &n) == 1 && n == 32;
  EVP_PKEY_free(key);
  return ok ? 0 : -1;
}

int al_ed25519_public(const unsigned char seed[32], unsigned char pub[32]) { return raw_public(EVP_PKEY_ED25519, seed, pub); }
int al_x25519_public(const unsigned char seed[32], unsigned char pub[32]) { return raw_public(EVP_PKEY_X25519, seed, pub); }

int al_ed25519_sign(const unsigned char seed[32], const void *msg, size_t len, unsigned char sig[64]) {
  EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  size_t n = 64;
  int ok = key && md && EVP_DigestSignInit(md, NULL, NULL, NULL, key) == 1 && EVP_DigestSign(md, sig, &n, msg, len) == 1 && n == 64;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  return ok ? 0 : -1;
}

int al_ed25519_verify(const unsigned char pub[32], const void *msg, size_t len, const unsigned char *sig, size_t sig_len) {
  if (sig_len != 64) return -1;
  EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = key && md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, key) == 1 && EVP_DigestVerify(md, sig, sig_len, msg, len) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  return ok ? 0 : -1;
}

int al_x25519_shared(const unsigned char seed[32], const unsigned char peer[32], unsigned char shared[32]) {
  EVP_PKEY *own = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, seed, 32);
  EVP_PKEY *other = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer, 32);
  EVP_PKEY_CTX *ctx = own ? EVP_PKEY_CTX_new(own, NULL) : NULL;
  size_t n = 32;
  int ok = own && other && ctx && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, other) == 1 && EVP_PKEY_derive(ctx, shared, &n) == 1 && n == 32;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(other);
  EVP_PKEY_free(own);
  return ok ? 0 : -1;
}

int al_aes_gcm_encrypt(const unsigned char key[32], const unsigned char iv[12], const void *aad, size_t aad_len, const void *plain, size_t len,
                       unsigned char *cipher, unsigned char tag[16]) {
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int n = 0, fin = 0;
  int ok = ctx && EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) == 1 && EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
           EVP_EncryptUpdate(ctx, cipher, &n, plain, (int)len) == 1 && EVP_EncryptFinal_ex(ctx, cipher + n, &fin) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok ? 0 : -1;
}

int al_aes_gcm_decrypt(const unsigned char key[32], const unsigned char *iv, size_t iv_len, const void *aad, size_t aad_len, const unsigned char *cipher,
                       size_t len, const unsigned char *tag, unsigned char *plain) {
  if (iv_len != 12) return -1;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int n = 0, fin = 0;
  int ok = ctx && EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv) == 1 && EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1 &&
           EVP_DecryptUpdate(ctx, plain, &n, cipher, (int)len) == 1 && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag) == 1 &&
           EVP_DecryptFinal_ex(ctx, plain + n, &fin) == 1;
  EVP_CIPHER_CTX_free(ctx);
  return ok ? 0 : -1;
}

int al_ed25519_public_from_pem(const char *pem, unsigned char pub[32]) {
  BIO *bio = BIO_new_mem_buf(pem, -1);
  EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
  size_t n = 32;
  int ok = key && EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 && EVP_PKEY_get_raw_public_key(key, pub, &n) == 1 && n == 32;
  EVP_PKEY_free(key);
  BIO_free(bio);
  return ok ? 0 : -1;
}

void al_uuid4(char out[37]) {
  unsigned char b[16];
  al_random(b, sizeof b);
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
           b[12], b[13], b[14], b[15]);
}
