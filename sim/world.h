/* world.h: the world of one run. Entities of each kind (persons, households, ties,
 * professionals, providers, neighbourhoods, and one "global" entity for scalars) are array
 * indices; their state is a set of named columns (structure of arrays) that models register
 * at init. All state that lasts from one tick to the next lives in columns, so that
 * snapshots, checkpoints and the viewer see it without knowing any model.
 * The world also holds indicators (one value per tick), event kinds and this tick's events,
 * and runs parallel loops whose results do not depend on the thread count. */
#ifndef SIM_WORLD_H
#define SIM_WORLD_H
#include "rng.h"
#include "scenario.h"
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum sim_kind {
    SIM_PERSON,
    SIM_HOUSEHOLD,
    SIM_TIE,
    SIM_PRO,      /* professionals: generalists, network workers, experts by experience */
    SIM_PROVIDER, /* specialist providers and GP practices */
    SIM_AREA,     /* neighbourhoods (one wijkteam each) */
    SIM_GLOBAL,   /* exactly one entity: scalars that persist between ticks */
    SIM_N_KINDS
} sim_kind;

typedef enum sim_dtype { SIM_U8, SIM_I16, SIM_I32, SIM_U32, SIM_F32, SIM_F64 } sim_dtype;

#define SIM_COL_SNAPSHOT 1u /* written to /snapshots/<kind>/<name> every k ticks */
#define SIM_COL_STATIC 2u   /* written once, at the start, to /static/<kind>/<name> */

typedef struct sim_column {
    const char *name, *unit, *doc;
    sim_kind kind;
    sim_dtype type;
    unsigned flags;
    void *data;     /* capacity elements */
    uint8_t refs;   /* 1 + the kind whose indices the column holds (sim_col_refs); 0: none */
    uint8_t ref_base; /* 0: the index, negative for none; 1: the index plus one, 0 for none */
    size_t alloc_n;   /* the elements allocated at "data" (sim_calloc_big), to free them */
} sim_column;

typedef struct sim_event {
    int32_t tick;
    uint16_t kind;
    int32_t household, person, counterpart; /* -1 where not applicable */
    double amount;
} sim_event;

typedef struct sim_world sim_world;

/* Entity kind names as used in the HDF5 file ("persons", "households", ...). */
const char *sim_kind_name(sim_kind k);
/* Size in bytes of one element of "t". */
size_t sim_dtype_size(sim_dtype t);

/* Set the capacity of kind "k" (only during init, before any column of that kind is
 * cached by a model: existing columns move). In a world created for a checkpoint
 * (sim_world_create_restoring) the capacities are the checkpoint's: a call only checks that
 * "capacity" is the same (NABIJ_EINVAL if not: another version of the models). */
int sim_world_reserve(sim_world *w, sim_kind k, uint32_t capacity);
/* During init: whether the world is created to be overwritten by a checkpoint, so that
 * models register their columns, indicators and event kinds but need not generate the
 * initial population (its columns and counts are replaced). */
int sim_world_restoring(const sim_world *w);
/* Append "n" entities of kind "k" (zeroed columns); the first new index goes to "first".
 * NABIJ_ECAPACITY when the capacity is exceeded. From SIM_TOUCH_ROWS rows on, the new rows
 * are touched in parallel (sim_for: not from within a sim_for loop). */
#define SIM_TOUCH_ROWS (1u << 20)
int sim_world_add(sim_world *w, sim_kind k, uint32_t n, uint32_t *first);
uint32_t sim_world_count(const sim_world *w, sim_kind k);
uint32_t sim_world_capacity(const sim_world *w, sim_kind k);

/* Register column "name" of kind "k" and return its zeroed data (capacity elements), valid
 * until the world is destroyed (or sim_world_reserve of that kind during init). NULL on
 * failure, with the reason in sim_world_errmsg. Strings are borrowed (use literals). */
void *sim_col_add(sim_world *w, sim_kind k, const char *name, sim_dtype t, unsigned flags,
                  const char *unit, const char *doc);
/* Declare that column "name" of kind "k" holds indices of kind "target" (with "plus_one":
 * the index plus one, 0 for none; else the index, negative for none), so that
 * sim_world_permute of "target" keeps it pointing at the same entities. 0 or NABIJ_EINVAL. */
int sim_col_refs(sim_world *w, sim_kind k, const char *name, sim_kind target, int plus_one);
/* Reorder the entities of kind "k": row j of every column of that kind takes the old row
 * perm[j] (perm: a permutation of [0, count)), and every column declared with sim_col_refs
 * to "k" is remapped. Models call it between phases, when no model holds an index of "k"
 * outside columns (a person's random streams follow the new index). 0, NABIJ_EINVAL for a
 * "perm" that is no permutation, or NABIJ_ENOMEM. */
int sim_world_permute(sim_world *w, sim_kind k, const uint32_t *perm);
/* Persons have a stable identity, the engine's column persons.id: the index the person got
 * when added. Events carry it (sim_emit maps the person), so they name the same person
 * after sim_world_permute. Returns the id of person index "i", or "i" when negative. */
int32_t sim_person_id(const sim_world *w, int32_t i);
/* Data of column "name" of kind "k", or NULL. */
void *sim_col(const sim_world *w, sim_kind k, const char *name);
/* All columns, in registration order. */
size_t sim_col_count(const sim_world *w);
const sim_column *sim_col_at(const sim_world *w, size_t i);

/* Indicators: one value per tick, written to /timeseries/<name>. Register at init; set
 * every tick (the value is reset to 0 before each tick). Returns id >= 0 or a negative
 * error code. */
int sim_ind_add(sim_world *w, const char *name, const char *unit, const char *doc);
void sim_ind_set(sim_world *w, int id, double value);
void sim_ind_addto(sim_world *w, int id, double value); /* only outside sim_for bodies */
size_t sim_ind_count(const sim_world *w);
const char *sim_ind_name(const sim_world *w, size_t i, const char **unit, const char **doc);
double sim_ind_value(const sim_world *w, size_t i);

/* Event kinds. "story" is a sentence template for narration with the placeholders
 * {person} {household} {cp} {amount}; "cp_names" names the counterpart values
 * ("tax office|CJIB|...") or is NULL when the counterpart is an entity index. */
int sim_event_kind_add(sim_world *w, const char *name, const char *story,
                       const char *cp_names);
size_t sim_event_kind_count(const sim_world *w);
const char *sim_event_kind_name(const sim_world *w, size_t i, const char **story,
                                const char **cp_names);
/* Record an event of this tick. Safe inside sim_for bodies: events are kept per thread and
 * put in a deterministic order (phase, household, person, order of emission) after each
 * phase. "person" is an index; the event records its id (sim_person_id). A counterpart
 * that is a person must be passed as sim_person_id(w, index). */
void sim_emit(sim_world *w, int kind, int32_t household, int32_t person, int32_t counterpart,
              double amount);
/* Whether the events of "household" are kept when run.event_sample is "share" (the same
 * test as sim_emit's: a fixed hash of the index, so the same households in every run). */
int sim_event_kept(double share, int32_t household);
/* Events of the last completed tick, in order; valid until the next sim_world_step. */
const sim_event *sim_world_events(const sim_world *w, size_t *n);

/* Time. */
uint32_t sim_tick(const sim_world *w);     /* ticks completed before the current one */
int32_t sim_day(const sim_world *w);       /* date of the current tick, days since 1970 */
int sim_days_per_tick(const sim_world *w);
uint64_t sim_seed(const sim_world *w);
int sim_threads(const sim_world *w);
/* The calling thread's number inside a sim_for body, 0 .. sim_threads(w) - 1 (outside one,
 * sim_threads(w)): for scratch kept per thread, e.g. counts that are summed after the loop
 * (a sum of integers does not depend on which thread ran which chunk), where atomic updates
 * of shared counters would make the threads contend for the same cache lines. */
int sim_thread(const sim_world *w);
/* Open the random stream (seed, "purpose", "entity", current tick). */
void sim_stream(const sim_world *w, sim_rng_stream *s, uint32_t purpose, uint32_t entity);
/* The first four words that stream would give, into "out", without opening it (one Philox
 * block, without the set-up of a stream): for entities that mostly draw a word or two. */
void sim_stream_first(const sim_world *w, uint32_t purpose, uint32_t entity, uint32_t out[4]);

/* Parallel loop over [0, n) in fixed chunks of SIM_CHUNK. "body" adds to "acc" (an array
 * of "nacc" doubles, zeroed per chunk); after the loop the chunk sums are added to the
 * caller's "acc" in chunk order, so sums do not depend on the thread count. Thread t works
 * through the t-th contiguous share of the chunks from the front, so that every loop over a
 * table gives a thread the same rows; a thread done with its share takes chunks from the back
 * of another's. Which thread runs a chunk never changes a result. Loops do not nest: call
 * it from a model's init or step, not from a body. */
#define SIM_CHUNK 2048u
typedef void (*sim_body)(sim_world *w, void *ctx, uint32_t begin, uint32_t end, double *acc);
int sim_for(sim_world *w, uint32_t n, sim_body body, void *ctx, double *acc, int nacc);

/* Zero "n" elements of "size" bytes at "p" in parallel (columns and marks of millions of
 * rows, cleared every tick). */
int sim_for_zero(sim_world *w, void *p, uint32_t n, size_t size);

/* The lists a sim_for body writes per chunk (chunk c wrote count[c] entries from
 * c * SIM_CHUNK on), joined at the front of "list" in chunk order, in place (the entries of
 * the chunks before c number at most c * SIM_CHUNK). Returns their total. */
static inline uint32_t sim_chunk_join(uint32_t *list, const uint32_t *count, uint32_t nchunks)
{
    uint32_t n = 0;
    for (uint32_t ch = 0; ch < nchunks; ch++) {
        /* to the same place or further forward: memmove copies overlapping ranges right */
        if (n != ch * SIM_CHUNK)
            memmove(list + n, list + (size_t)ch * SIM_CHUNK, (size_t)count[ch] * sizeof *list);
        n += count[ch];
    }
    return n;
}

/* Working memory that the world keeps between ticks for one user, so that a phase's lists
 * of millions of entries do not come as fresh pages (a page fault each 4 KiB) every tick:
 * at least "n" elements of "size" bytes, contents undefined, freed with the world. "slot"
 * names the buffer: any address unique to it (a static variable of the model). Call it
 * outside sim_for. NULL when n x size overflows or memory runs out (then the slot's old
 * buffer is freed); the caller reports it (sim_world_fail). */
void *sim_scratch(sim_world *w, const void *slot, size_t n, size_t size);

/* A block of "bytes" bytes that the models of one world share under "name" (a string that
 * lives as long as the world), for what one phase works out for another one's next tick:
 * zeroed when first asked for, kept as long as the world, never written to a checkpoint (a
 * restored world starts with it zeroed, so the reader must tell a block left by this tick's
 * writer from one never written: a tick number in it, say). The same name always with the
 * same size. Call it outside sim_for. NULL when memory runs out, or when "name" was asked
 * for with another size. */
void *sim_world_note(sim_world *w, const char *name, size_t bytes);
/* Whether the phase running now is the last of a tick (outside a tick: 0). */
int sim_phase_is_last(const sim_world *w);
/* The place of the phase running now in the tick (0 for the first model), or -1 outside a
 * tick: a phase that leaves a note for the next one tells by it that no phase ran between. */
int sim_phase_index(const sim_world *w);

/* The scenario this world runs (mutable for live levers, through sim_world_set). */
const scn_scenario *sim_world_scenario(const sim_world *w);
/* Set a parameter while running ("section.key=value"); it takes effect from the next
 * phase that reads it, is recorded in the lever list (written to /levers) and as a
 * lever_changed event whose counterpart is the row in that list. */
typedef struct sim_lever {
    int32_t tick;
    char assignment[160];
} sim_lever;
int sim_world_set(sim_world *w, const char *assignment);
const sim_lever *sim_world_levers(const sim_world *w, size_t *n);

const char *sim_world_errmsg(const sim_world *w);
/* Write an error message (models and engine). */
void sim_world_fail(sim_world *w, const char *fmt, ...);
#endif
