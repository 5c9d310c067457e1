/* wordfreq: count the words of the files named on the command line and print the most frequent ones.
 * An ordinary allocation-heavy C program (strdup per word, a hash table that grows with realloc, qsort, stdio),
 * used by scripts/demo to show wasmalloc in place of dlmalloc. It counts its own heap calls to report them. */
#include <ctype.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long mallocs, reallocs, frees, bytes;

static void* xmalloc(size_t n) {
  void* p = malloc(n);
  if (!p) { perror("malloc"); exit(1); }
  ++mallocs;
  bytes += malloc_usable_size(p);
  return p;
}
static void* xrealloc(void* p, size_t n) {
  p = realloc(p, n);
  if (!p) { perror("realloc"); exit(1); }
  ++reallocs;
  return p;
}
static void xfree(void* p) { ++frees; free(p); }

struct entry { char* word; unsigned long count; struct entry* next; };
static struct entry** table;
static size_t buckets = 64, words, distinct;

static size_t hash(const char* s) {
  size_t h = 2166136261u;
  while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
  return h;
}

static void grow(void) { /* double the table and rehash */
  size_t old = buckets;
  struct entry** t = table;
  buckets *= 2;
  table = xmalloc(buckets * sizeof *table);
  memset(table, 0, buckets * sizeof *table);
  for (size_t i = 0; i < old; ++i)
    for (struct entry *e = t[i], *next; e; e = next) {
      next = e->next;
      size_t b = hash(e->word) & (buckets - 1);
      e->next = table[b];
      table[b] = e;
    }
  xfree(t);
}

static void add(const char* w) {
  ++words;
  size_t b = hash(w) & (buckets - 1);
  for (struct entry* e = table[b]; e; e = e->next)
    if (strcmp(e->word, w) == 0) { ++e->count; return; }
  struct entry* e = xmalloc(sizeof *e);
  e->word = strdup(w);
  if (!e->word) { perror("strdup"); exit(1); }
  ++mallocs;
  e->count = 1;
  e->next = table[b];
  table[b] = e;
  if (++distinct > buckets) grow();
}

static int by_count(const void* a, const void* b) {
  const struct entry *x = *(struct entry* const*)a, *y = *(struct entry* const*)b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

int main(int argc, char** argv) {
  table = xmalloc(buckets * sizeof *table);
  memset(table, 0, buckets * sizeof *table);
  size_t cap = 16, len = 0;
  char* word = xmalloc(cap);
  for (int i = 1; i < argc; ++i) {
    FILE* f = fopen(argv[i], "r");
    if (!f) { perror(argv[i]); return 1; }
    for (int c; (c = fgetc(f)) != EOF;) {
      if (isalpha(c)) {
        if (len + 1 == cap) word = xrealloc(word, cap *= 2);
        word[len++] = (char)tolower(c);
      } else if (len) {
        word[len] = 0;
        add(word);
        len = 0;
      }
    }
    fclose(f);
  }
  struct entry** all = xmalloc((distinct ? distinct : 1) * sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < buckets; ++i)
    for (struct entry* e = table[i]; e; e = e->next) all[n++] = e;
  qsort(all, n, sizeof *all, by_count);
  printf("%zu words, %zu distinct; most frequent:", words, distinct);
  for (size_t i = 0; i < n && i < 8; ++i) printf(" %s(%lu)", all[i]->word, all[i]->count);
  printf("\n");
  for (size_t i = 0; i < n; ++i) { xfree(all[i]->word); xfree(all[i]); }
  xfree(all);
  xfree(table);
  xfree(word);
  printf("heap calls: %lu malloc, %lu realloc, %lu free; %lu bytes handed out; memory %zu pages\n",
          mallocs, reallocs, frees, bytes, (size_t)__builtin_wasm_memory_size(0));
  return 0;
}
