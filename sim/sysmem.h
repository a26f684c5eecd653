/* sysmem.h: how much memory a run may take here: what the system has available, and what
 * the memory cgroup of a batch job (Slurm --mem, a container) leaves, whichever is less.
 * Linux only; elsewhere nothing is known and nothing is said. */
#ifndef SIM_SYSMEM_H
#define SIM_SYSMEM_H

/* The bytes of the field "key" (such as "MemAvailable") of a /proc/meminfo text (lines
 * "key:   N kB"); 0 when it is not there. */
unsigned long long sim_meminfo_bytes(const char *meminfo, const char *key);
/* The room under a memory cgroup limit: "limit" - "usage" (0 when the usage is over it),
 * or ~0 (no limit) for a v2 limit "max" or a v1 limit of 2^62 and more. The texts are the
 * files' contents. Returns ~0 also when a text is not a number. */
unsigned long long sim_cgroup_room(const char *limit, const char *usage);
/* The memory this process may still take, in bytes: MemAvailable of /proc/meminfo, or less
 * if its memory cgroup or one above it (cgroup v2 memory.max, v1 memory.limit_in_bytes) leaves
 * less; 0 when nothing can be read. */
unsigned long long sim_mem_available(void);
#endif
