/* Raw DEFLATE (RFC 1951) for "zip":"DEF" documents (docs/formats.md §4), bounded: a reader stops
 * once the output passes its limit. A small canonical-Huffman decoder after the RFC's own
 * description; documents are at most 1 MiB compressed, so speed does not matter here. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
  const unsigned char *in;
  size_t in_len, pos;
  unsigned bitbuf, bitcnt;
  unsigned char *out;
  size_t len, cap, limit;
  int error; /* -1 malformed, -2 too large */
} state;

typedef struct {
  short count[16];
  short symbol[288];
} huffman;

static int bits(state *s, unsigned need) {
  unsigned long val = s->bitbuf;
  while (s->bitcnt < need) {
    if (s->pos >= s->in_len) {
      s->error = -1;
      return 0;
    }
    val |= (unsigned long)s->in[s->pos++] << s->bitcnt;
    s->bitcnt += 8;
  }
  s->bitbuf = (unsigned)(val >> need);
  s->bitcnt -= need;
  return (int)(val & ((1UL << need) - 1));
}

static int put(state *s, unsigned char c) {
  if (s->len >= s->limit) {
    s->error = -2;
    return -1;
  }
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 65536;
    if (cap > s->limit) cap = s->limit;
    unsigned char *grown = realloc(s->out, cap);
    if (!grown) {
      s->error = -1;
      return -1;
    }
    s->out = grown;
    s->cap = cap;
  }
  s->out[s->len++] = c;
  return 0;
}

static int decode(state *s, const huffman *h) {
  int code = 0, first = 0, index = 0;
  for (int len = 1; len <= 15; len++) {
    code |= bits(s, 1);
    if (s->error) return -1;
    int count = h->count[len];
    if (code - count < first) return h->symbol[index + (code - first)];
    index += count;
    first += count;
    first <<= 1;
    code <<= 1;
  }
  s->error = -1;
  return -1;
}

/* 0 complete, >0 incomplete (allowed for single-length codes), <0 over-subscribed */
static int construct(huffman *h, const short *length, int n) {
  short offs[16];
  for (int len = 0; len <= 15; len++) h->count[len] = 0;
  for (int symbol = 0; symbol < n; symbol++) h->count[length[symbol]]++;
  if (h->count[0] == n) return 0;
  int left = 1;
  for (int len = 1; len <= 15; len++) {
    left <<= 1;
    left -= h->count[len];
    if (left < 0) return left;
  }
  offs[1] = 0;
  for (int len = 1; len < 15; len++) offs[len + 1] = (short)(offs[len] + h->count[len]);
  for (int symbol = 0; symbol < n; symbol++)
    if (length[symbol] != 0) h->symbol[offs[length[symbol]]++] = (short)symbol;
  return left;
}

static const short LBASE[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const short LEXT[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const short DBASE[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const short DEXT[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static int codes(state *s, const huffman *lencode, const huffman *distcode) {
  for (;;) {
    int symbol = decode(s, lencode);
    if (symbol < 0) return -1;
    if (symbol < 256) {
      if (put(s, (unsigned char)symbol)) return -1;
    } else if (symbol == 256) {
      return 0;
    } else {
      symbol -= 257;
      if (symbol >= 29) return s->error = -1;
      int len = LBASE[symbol] + bits(s, (unsigned)LEXT[symbol]);
      int d = decode(s, distcode);
      if (d < 0 || d >= 30) return s->error = -1;
      size_t dist = (size_t)DBASE[d] + (size_t)bits(s, (unsigned)DEXT[d]);
      if (s->error) return -1;
      if (dist > s->len) return s->error = -1;
      while (len--) {
        if (put(s, s->out[s->len - dist])) return -1;
      }
    }
  }
}

static int stored(state *s) {
  s->bitbuf = 0;
  s->bitcnt = 0;
  if (s->pos + 4 > s->in_len) return s->error = -1;
  unsigned len = s->in[s->pos] | (unsigned)s->in[s->pos + 1] << 8;
  unsigned nlen = s->in[s->pos + 2] | (unsigned)s->in[s->pos + 3] << 8;
  s->pos += 4;
  if (len != (~nlen & 0xffff) || s->pos + len > s->in_len) return s->error = -1;
  while (len--)
    if (put(s, s->in[s->pos++])) return -1;
  return 0;
}

static int fixed(state *s) {
  huffman lencode, distcode;
  short lengths[288];
  int symbol = 0;
  for (; symbol < 144; symbol++) lengths[symbol] = 8;
  for (; symbol < 256; symbol++) lengths[symbol] = 9;
  for (; symbol < 280; symbol++) lengths[symbol] = 7;
  for (; symbol < 288; symbol++) lengths[symbol] = 8;
  construct(&lencode, lengths, 288);
  for (symbol = 0; symbol < 30; symbol++) lengths[symbol] = 5;
  construct(&distcode, lengths, 30);
  return codes(s, &lencode, &distcode);
}

static int dynamic(state *s) {
  static const short order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  short lengths[320];
  huffman lencode, distcode;
  int nlen = bits(s, 5) + 257, ndist = bits(s, 5) + 1, ncode = bits(s, 4) + 4;
  if (s->error || nlen > 286 || ndist > 30) return s->error = -1;
  int index = 0;
  for (; index < ncode; index++) lengths[order[index]] = (short)bits(s, 3);
  for (; index < 19; index++) lengths[order[index]] = 0;
  if (s->error || construct(&lencode, lengths, 19) != 0) return s->error = -1;
  index = 0;
  while (index < nlen + ndist) {
    int symbol = decode(s, &lencode);
    if (symbol < 0) return -1;
    if (symbol < 16) {
      lengths[index++] = (short)symbol;
    } else {
      short len = 0;
      int repeat;
      if (symbol == 16) {
        if (index == 0) return s->error = -1;
        len = lengths[index - 1];
        repeat = 3 + bits(s, 2);
      } else if (symbol == 17) {
        repeat = 3 + bits(s, 3);
      } else {
        repeat = 11 + bits(s, 7);
      }
      if (s->error || index + repeat > nlen + ndist) return s->error = -1;
      while (repeat--) lengths[index++] = len;
    }
  }
  if (lengths[256] == 0) return s->error = -1;
  int err = construct(&lencode, lengths, nlen);
  if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1)) return s->error = -1;
  err = construct(&distcode, lengths + nlen, ndist);
  if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1)) return s->error = -1;
  return codes(s, &lencode, &distcode);
}

int al_inflate(const unsigned char *in, size_t in_len, size_t limit, al_buf *out) {
  state s;
  memset(&s, 0, sizeof s);
  s.in = in;
  s.in_len = in_len;
  s.limit = limit;
  int last;
  do {
    last = bits(&s, 1);
    int type = bits(&s, 2);
    if (s.error) break;
    if (type == 0)
      stored(&s);
    else if (type == 1)
      fixed(&s);
    else if (type == 2)
      dynamic(&s);
    else
      s.error = -1;
  } while (!last && !s.error);
  if (s.error) {
    free(s.out);
    out->data = NULL;
    out->len = 0;
    return s.error;
  }
  out->data = s.out;
  out->len = s.len;
  return 0;
}
