#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

airlock_status al_fail(al_error *error, airlock_status status, const char *format, ...) {
  if (error) {
    va_list args;
    va_start(args, format);
    vsnprintf(error->message, sizeof error->message, format, args);
    va_end(args);
  }
  return status;
}

void al_buf_free(al_buf *buf) {
  if (buf->data) free(buf->data);
  buf->data = NULL;
  buf->len = 0;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *al_b64url_encode(const unsigned char *data, size_t len) {
  char *out = malloc(len / 3 * 4 + 5);
  if (!out) return NULL;
  size_t o = 0, i = 0;
  for (; i + 2 < len; i += 3) {
    uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
    out[o++] = B64[v >> 6 & 63];
    out[o++] = B64[v & 63];
  }
  if (len - i == 1) {
    uint32_t v = (uint32_t)data[i] << 16;
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
  } else if (len - i == 2) {
    uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
    out[o++] = B64[v >> 18 & 63];
    out[o++] = B64[v >> 12 & 63];
    out[o++] = B64[v >> 6 & 63];
  }
  out[o] = 0;
  return out;
}

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

int al_b64url_decode(const char *text, size_t len, al_buf *out) {
  out->data = NULL;
  out->len = 0;
  if (len % 4 == 1) return -1;
  unsigned char *data = malloc(len / 4 * 3 + 3);
  if (!data) return -1;
  size_t o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int v = b64_value(text[i]);
    if (v < 0) {
      free(data);
      return -1;
    }
    acc = acc << 6 | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      data[o++] = (unsigned char)(acc >> bits & 0xff);
    }
  }
  /* Only the canonical spelling (docs/formats.md §1): the spare low bits of the last character
   * are zero, so that one document has one spelling. */
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    free(data);
    return -1;
  }
  out->data = data;
  out->len = o;
  return 0;
}

int al_read_file(const char *path, char **text, size_t *len) {
  *text = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return errno == ENOENT ? 1 : -1;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) {
    fclose(f);
    return -1;
  }
  for (;;) {
    if (n == cap) {
      if (cap > 64u * 1024 * 1024) break;
      cap *= 2;
      char *grown = realloc(buf, cap + 1);
      if (!grown) break;
      buf = grown;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int failed = ferror(f) || !feof(f);
  fclose(f);
  if (failed) {
    free(buf);
    return -1;
  }
  buf[n] = 0;
  *text = buf;
  if (len) *len = n;
  return 0;
}

/* Creates the directory and its parents (mode 0700), as the store's first write needs. */
static void make_dirs(const char *dir) {
  char *path = strdup(dir);
  if (!path) return;
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    mkdir(path, 0700);
    *p = '/';
  }
  mkdir(path, 0700);
  free(path);
}

/* Temporary file beside the target, fsync, rename over it, fsync the directory: the file is
 * always the old content or the new one, even after a power cut. Mode 0600. */
int al_write_file_atomic(const char *path, const void *data, size_t len) {
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 32);
  char *dir = malloc(plen + 2);
  if (!tmp || !dir) {
    free(tmp);
    free(dir);
    return -1;
  }
  unsigned char r[6];
  al_random(r, sizeof r);
  const char *slash = strrchr(path, '/');
  if (slash) {
    memcpy(dir, path, (size_t)(slash - path) + 1);
    dir[slash - path + 1] = 0;
  } else {
    strcpy(dir, ".");
  }
  snprintf(tmp, plen + 32, "%.*s.%s.%02x%02x%02x%02x%02x%02x.tmp", slash ? (int)(slash - path + 1) : 0, path, slash ? slash + 1 : path, r[0], r[1], r[2], r[3],
           r[4], r[5]);
  int rc = -1;
  if (slash) make_dirs(dir);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    const unsigned char *p = data;
    size_t left = len;
    while (left > 0) {
      ssize_t w = write(fd, p, left);
      if (w < 0) {
        if (errno == EINTR) continue;
        break;
      }
      p += w;
      left -= (size_t)w;
    }
    int ok = left == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) == 0) {
      rc = 0;
      int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0) {
        if (fsync(dfd) != 0) rc = -1;
        close(dfd);
      }
    } else {
      unlink(tmp);
    }
  }
  free(tmp);
  free(dir);
  return rc;
}
