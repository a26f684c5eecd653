/* sysmem.c: the memory a run may take here (sim/sysmem.h). */
#include "sysmem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NO_LIMIT (~0ull)

unsigned long long sim_meminfo_bytes(const char *meminfo, const char *key)
{
    size_t n = strlen(key);
    for (const char *l = meminfo; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        unsigned long long kb;
        if (strncmp(l, key, n) == 0 && l[n] == ':' && sscanf(l + n + 1, "%llu kB", &kb) == 1)
            return kb * 1024;
    }
    return 0;
}

/* "text" as a number of bytes into *v: 0, or -1 if it is not one (such as "max"). */
static int bytes_of(const char *text, unsigned long long *v)
{
    char *end;
    if (!text || !*text)
        return -1;
    *v = strtoull(text, &end, 10);
    return end != text && (*end == 0 || *end == '\n') ? 0 : -1;
}

unsigned long long sim_cgroup_room(const char *limit, const char *usage)
{
    unsigned long long lim, use;
    /* v1 says "no limit" with the largest page-aligned 63-bit number */
    if (bytes_of(limit, &lim) || lim >= 1ull << 62 || bytes_of(usage, &use))
        return NO_LIMIT;
    return use < lim ? lim - use : 0;
}

/* The first "n" - 1 bytes of file "path" into "buf"; -1 if it cannot be read. */
static int slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t k = fread(buf, 1, n - 1, f);
    fclose(f);
    buf[k] = 0;
    return 0;
}

/* The least room under the limits of cgroup "path" (below the hierarchy mounted at "root")
 * and of its ancestors, with the files "limit_file" and "usage_file". */
static unsigned long long hierarchy_room(const char *root, const char *path, const char *limit_file,
                                         const char *usage_file)
{
    unsigned long long room = NO_LIMIT;
    char dir[4096], f[4200], lim[64], use[64];
    snprintf(dir, sizeof dir, "%s", path);
    for (;;) {
        snprintf(f, sizeof f, "%s%s/%s", root, dir, limit_file);
        if (slurp(f, lim, sizeof lim) == 0) {
            snprintf(f, sizeof f, "%s%s/%s", root, dir, usage_file);
            if (slurp(f, use, sizeof use) == 0) {
                unsigned long long r = sim_cgroup_room(lim, use);
                room = r < room ? r : room;
            }
        }
        char *sl = strrchr(dir, '/');
        if (!sl || sl == dir)
            break;
        *sl = 0;
    }
    return room;
}

/* The least room under the memory cgroups of this process (v2 and v1), NO_LIMIT if none. */
static unsigned long long cgroup_room(void)
{
    char buf[8192];
    if (slurp("/proc/self/cgroup", buf, sizeof buf))
        return NO_LIMIT;
    unsigned long long room = NO_LIMIT;
    for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
        char *c1 = strchr(l, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = 0;
        const char *ctrl = c1 + 1, *path = c2 + 1;
        unsigned long long r = NO_LIMIT;
        if (strcmp(l, "0") == 0 && *ctrl == 0) { /* v2: the unified hierarchy */
            const char *root = access("/sys/fs/cgroup/cgroup.controllers", R_OK) == 0 ? "/sys/fs/cgroup"
                                                                                   : "/sys/fs/cgroup/unified";
            r = hierarchy_room(root, path, "memory.max", "memory.current");
        } else if (strstr(ctrl, "memory")) { /* v1: the memory controller's hierarchy */
            r = hierarchy_room("/sys/fs/cgroup/memory", path, "memory.limit_in_bytes", "memory.usage_in_bytes");
        }
        room = r < room ? r : room;
    }
    return room;
}

unsigned long long sim_mem_available(void)
{
    char buf[8192];
    unsigned long long avail = slurp("/proc/meminfo", buf, sizeof buf) ? 0 : sim_meminfo_bytes(buf, "MemAvailable");
    unsigned long long room = cgroup_room();
    if (room != NO_LIMIT && (avail == 0 || room < avail))
        avail = room;
    return avail;
}
