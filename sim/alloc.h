/* alloc.h: the one pair of allocation functions that all of nabij uses, so that tests can
 * make the n-th allocation fail and check that every caller handles it. */
#ifndef SIM_ALLOC_H
#define SIM_ALLOC_H
#include <stddef.h>

/* Zeroed allocation of "n" elements of "size" bytes; NULL on failure or overflow. */
void *sim_calloc(size_t n, size_t size);
/* Resize "p" to "n" * "size" bytes (new bytes are not zeroed); NULL on failure, "p" kept. */
void *sim_realloc(void *p, size_t n, size_t size);
/* Free memory from sim_calloc/sim_realloc; NULL does nothing. */
void sim_free(void *p);
/* Hint that the "bytes" at "p" (a large block read all over, such as a state column) are
 * best backed by huge pages, which spare the page-table walks of scattered reads; only the
 * 2 MiB-aligned part of the block is covered. Does nothing where the system has no such hint. */
void sim_hint_huge(void *p, size_t bytes);
/* Copy of a NUL-terminated string, or NULL. */
char *sim_strdup(const char *s);

/* Test hook: make allocation number "n" from now (1 = the next) fail; 0 switches off. */
void sim_alloc_fail_after(long n);
#endif
