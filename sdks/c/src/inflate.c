/* Raw DEFLATE (RFC 1951) for "zip":"DEF" documents (docs/formats.md §4), through zlib, bounded:
 * the reader stops as soon as the output would pass its limit, so a small document cannot
 * inflate into gigabytes. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "internal.h"

int al_inflate(const unsigned char *in, size_t in_len, size_t limit, al_buf *out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  /* Negative window bits: raw DEFLATE, no zlib or gzip header (JWE's "DEF"). */
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return -1;
  size_t cap = in_len * 4 + 256;
  if (cap > limit + 1) cap = limit + 1;
  unsigned char *data = malloc(cap);
  if (!data) {
    inflateEnd(&z);
    return -1;
  }
  size_t len = 0;
  int rc = Z_OK;
  z.next_in = (unsigned char *)in;
  size_t in_left = in_len;
  while (rc != Z_STREAM_END) {
    if (len == cap) {
      if (cap > limit) break; /* one byte past the limit was produced: too large */
      size_t grown = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
      unsigned char *bigger = realloc(data, grown);
      if (!bigger) {
        free(data);
        inflateEnd(&z);
        return -1;
      }
      data = bigger;
      cap = grown;
    }
    uInt in_chunk = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
    size_t room = cap - len;
    uInt out_chunk = room > UINT_MAX ? UINT_MAX : (uInt)room;
    z.avail_in = in_chunk;
    z.next_out = data + len;
    z.avail_out = out_chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    in_left -= in_chunk - z.avail_in;
    len += out_chunk - z.avail_out;
    if (rc == Z_BUF_ERROR && z.avail_out != 0) rc = Z_DATA_ERROR; /* input ended mid-stream */
    if (rc != Z_OK && rc != Z_STREAM_END) break;
  }
  inflateEnd(&z);
  if (len > limit) {
    free(data);
    return -2;
  }
  /* Malformed, cut short, or followed by bytes that are not part of the stream. */
  if (rc != Z_STREAM_END || in_left != 0) {
    free(data);
    return -1;
  }
  out->data = data;
  out->len = len;
  return 0;
}
