#ifndef AIRLOCK_STORE_H
#define AIRLOCK_STORE_H
#include "internal.h"
char *al_store_seal(const char *state_json, const char *product, const char *fingerprint, const unsigned char salt[32]);
airlock_status al_store_unseal(const char *text, const char *product, const char *fingerprint, unsigned char salt[32], cJSON **state, al_error *error);
#endif
