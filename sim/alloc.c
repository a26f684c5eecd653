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

void sim_hint_huge(void *p, size_t bytes)
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
