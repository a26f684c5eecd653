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
/* Zeroed allocation of "n" elements of "size" bytes for a big table (a state column, a
 * scratch list over all persons): from 4 MiB on, whole 2 MiB-aligned pages of its own with
 * the huge-page hint, so that all of it, its ends too, can be backed by huge pages, which
 * spare the page-table walks of scattered reads (with calloc and the hint only the aligned
 * middle could be: at 2 M inhabitants about a quarter of the state stayed in small pages);
 * smaller ones as sim_calloc, with the hint for their aligned middle. NULL on failure or
 * overflow. Free with sim_free_big and the same "n" and "size". */
void *sim_calloc_big(size_t n, size_t size);
/* As sim_calloc_big, but the contents of a block under 4 MiB are undefined (not zeroed). */
void *sim_malloc_big(size_t n, size_t size);
/* Free memory from sim_calloc_big or sim_malloc_big("n", "size"); NULL does nothing. */
void sim_free_big(void *p, size_t n, size_t size);
/* Copy of a NUL-terminated string, or NULL. */
char *sim_strdup(const char *s);

/* Test hook: make allocation number "n" from now (1 = the next) fail; 0 switches off. */
void sim_alloc_fail_after(long n);
#endif
