/* alloc.c: allocation with an injectable failure for tests. Not thread-safe to arm; arm it
 * only from single-threaded test code. */
#include "alloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static long fail_countdown; /* test hook only; 0 = off */

void sim_alloc_fail_after(long n) { fail_countdown = n; }

static int should_fail(void)
{
    if (fail_countdown <= 0)
        return 0;
    return --fail_countdown == 0;
}

void *sim_calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    if (n == 0 || size == 0)
        n = size = 1;
    return calloc(n, size);
}

void *sim_realloc(void *p, size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    if (size && n > SIZE_MAX / size)
        return NULL;
    return realloc(p, (n * size) != 0 ? n * size : 1);
}

void sim_free(void *p) { free(p); }

/* Hint that the "bytes" at "p" are best backed by huge pages; only the 2 MiB-aligned part of
 * the block is covered. Does nothing where the system has no such hint. */
static void hint_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t b = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (p && e > b)
        madvise((void *)b, e - b, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
#else
    (void)p;
    (void)bytes;
#endif
}

#define HUGE_PAGE ((size_t)2 << 20)
#define BIG_MIN (2 * HUGE_PAGE) /* from here on, pages of its own: at most half a page wasted */

/* The bytes of sim_calloc_big("n", "size") (n and size as sim_calloc makes them), or 0 on
 * overflow; "*pages": whether they are mapped on whole huge pages of their own. */
static size_t big_bytes(size_t n, size_t size, int *pages)
{
    if (n == 0 || size == 0)
        n = size = 1;
    if (n > SIZE_MAX / size || n * size > SIZE_MAX - 2 * HUGE_PAGE)
        return 0;
    size_t bytes = n * size;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
    *pages = bytes >= BIG_MIN;
#else
    *pages = 0;
#endif
    return *pages ? (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1) : bytes;
}

/* sim_calloc_big, or with "zero" 0 sim_malloc_big */
static void *alloc_big(size_t n, size_t size, int zero)
{
    int pages;
    size_t bytes = big_bytes(n, size, &pages);
    if (!bytes || should_fail())
        return NULL;
    if (!pages) {
        void *p = zero ? calloc(bytes, 1) : malloc(bytes);
        hint_huge(p, bytes);
        return p;
    }
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
    /* a page more than needed, then the unaligned head and the tail given back (fresh
     * anonymous pages read as zeros) */
    char *m = mmap(NULL, bytes + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    char *a = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (a > m)
        munmap(m, (size_t)(a - m));
    munmap(a + bytes, HUGE_PAGE - (size_t)(a - m));
    madvise(a, bytes, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
    return a;
#else
    return NULL;
#endif
}

void *sim_calloc_big(size_t n, size_t size) { return alloc_big(n, size, 1); }
void *sim_malloc_big(size_t n, size_t size) { return alloc_big(n, size, 0); }

void sim_free_big(void *p, size_t n, size_t size)
{
    int pages;
    size_t bytes = big_bytes(n, size, &pages);
    if (!p)
        return;
#if defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS)
    if (pages) {
        munmap(p, bytes);
        return;
    }
#endif
    free(p);
}

char *sim_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = sim_calloc(n, 1);
    if (d)
        memcpy(d, s, n);
    return d;
}
