/* The consumer program of test/consumers: an ordinary C program (strdup, a growing array, a linked list, qsort,
 * stdio) built by each consumption path (pkg-config, Meson subproject, plain command lines, CMake) with
 * wasmalloc in place of dlmalloc. Prints "consumer ok ..." and exits 0 when every check holds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmalloc.h" /* found through the path's include flags (pkg-config --cflags, the Meson dependency...) */

struct node {
  struct node* next;
  char* word;
};

static int by_string(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  int failures = 0;
  struct node* list = NULL;
  char** words = NULL;
  size_t n = 0, cap = 0;
  for (int i = 0; i < 300; ++i) {
    char buf[32];
    snprintf(buf, sizeof buf, "word-%d", (i * 7919) % 1000);
    struct node* node = malloc(sizeof *node);
    if (!node || !(node->word = strdup(buf))) return 1;
    node->next = list;
    list = node;
    if (n == cap) { /* the vector-append pattern: realloc a growing array */
      cap = cap ? 2 * cap : 4;
      char** grown = realloc(words, cap * sizeof *words);
      if (!grown) return 1;
      words = grown;
    }
    words[n++] = node->word;
    failures += (uintptr_t)node % 16 != 0 || malloc_usable_size(node) < sizeof *node;
  }
  qsort(words, n, sizeof *words, by_string);
  for (size_t i = 1; i < n; ++i) failures += strcmp(words[i - 1], words[i]) >= 0;
  unsigned char* zeros = calloc(1000, 10);
  failures += zeros == NULL;
  for (int i = 0; zeros && i < 10000; ++i) failures += zeros[i] != 0;
  free(zeros);
  unsigned long sum = 0;
  for (struct node* node = list; node;) {
    struct node* next = node->next;
    for (const char* c = node->word; *c; ++c) sum = sum * 31 + (unsigned char)*c;
    free(node->word);
    free(node);
    node = next;
  }
  free(words);
  printf("consumer %s: %zu words, checksum %lu\n", failures ? "FAILED" : "ok", n, sum % 1000003);
  return failures != 0;
}
