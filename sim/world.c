/* world.c: the world object, its column store, indicators, events and the tick loop.
 * Threads exist only here (OpenMP in sim_for); events emitted by bodies go to per-thread
 * buffers and are stably sorted by (household, person) after each phase. */
#include "world.h"
#include "alloc.h"
#include "model.h"
#include "nabij.h"
#include "run.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static const scn_param run_params[] = {
    SCN_P_INT(sim_run_params, seed, 0, 9007199254740991.0, 1, "-",
              "assumption: any seed; replicates use consecutive seeds",
              "Seed of every random stream of the run (--seed overrides)."),
    SCN_P_INT(sim_run_params, ticks, 1, 5200, 520, "ticks",
              "assumption: 10 years of weekly ticks, the horizon of the seed documents",
              "Number of ticks to simulate."),
    SCN_P_DATE(sim_run_params, start_date, "2015-01-01",
               "Participatiewet, Jeugdwet, Wmo 2015 in force on 1 January 2015",
               "Date of the first tick; dated parameters are read at each tick's date."),
    SCN_P_INT(sim_run_params, days_per_tick, 1, 31, 7, "days",
              "assumption: a week resolves letters, waiting weeks and office hours",
              "Length of one tick."),
    SCN_P_INT(sim_run_params, snapshot_every, 0, 5200, 4, "ticks",
              "assumption: monthly snapshots are enough to replay; 0 switches them off",
              "Interval between per-entity snapshots in the output file."),
    SCN_P_REAL(sim_run_params, event_sample, 0, 1, 1, "share of households",
               "assumption: every event at neighbourhood scale; at national scale the full log would take "
               "tens of GB, and a sample of households still gives their whole stories",
               "Share of households whose events are written to /events (chosen by a fixed hash of the "
               "household index, so the same households in every run and replicate); events without a "
               "household (levers) are always kept."),
};
const scn_section sim_run_section =
    SCN_SECTION("run", "The run itself: seed, horizon, tick length, output detail.",
                sim_run_params, run_params);

/* The events one thread emitted in one chunk of one sim_for loop: ev[begin, end) of the
 * thread's buffer; "order" is the loop's number within the phase (high 32 bits) and the
 * chunk's. */
typedef struct evseg {
    uint64_t order;
    size_t begin, end;
    int thread;
    size_t at; /* where its events go among the phase's, once put in order */
} evseg;

/* Padded to 128 bytes: each thread writes its own buffer's counts at every event, and two
 * threads' counts on one cache line would pass that line between the cores at every event
 * (about 87,000 events a tick in the letters phase of a fresh 2 M world that logs all). */
typedef struct evbuf {
    sim_event *ev;
    size_t n, cap;
    evseg *seg; /* the chunks in which this thread emitted, in the order it ran them */
    size_t nseg, segcap;
    int oom;
    char pad[128 - 2 * sizeof(void *) - 4 * sizeof(size_t) - sizeof(int)];
} evbuf;
_Static_assert(sizeof(evbuf) == 128, "evbuf's padding: a field added must come off pad");

typedef struct indicator {
    const char *name, *unit, *doc;
    double value;
} indicator;

typedef struct evkind {
    const char *name, *story, *cp_names;
} evkind;

struct sim_world {
    const sim_model *const *models;
    size_t n_models;
    void **states;
    scn_scenario *scn;
    const sim_run_params *run;
    int threads;
    uint32_t tick;
    int32_t day;
    uint32_t count[SIM_N_KINDS], cap[SIM_N_KINDS];
    int restoring; /* during init: created for a checkpoint (sim_world_create_restoring) */
    sim_column *cols;
    size_t n_cols, cap_cols;
    indicator *inds;
    size_t n_inds, cap_inds;
    evkind *kinds;
    size_t n_kinds, cap_kinds;
    int ev_lever;
    sim_lever *levers;
    size_t n_levers, cap_levers;
    evbuf *thread_ev; /* one per thread, then one for events emitted outside sim_for */
    int in_for;       /* a sim_for loop is running */
    evbuf tick_ev;    /* sorted events of the tick */
    uint32_t for_calls; /* sim_for loops run so far in this phase */
    uint32_t *pid;    /* persons.id, the engine's column (sim_person_id) */
    double *phase_s; /* wall seconds spent in each model's phase, summed over ticks */
    double *phase_par_s; /* of which inside sim_for's parallel loops */
    size_t phase;        /* the model whose phase runs (n_models outside a tick) */
    double *chunk_acc;
    size_t chunk_acc_cap;
    /* sim_for's chunks per thread: [low 32 bits, high 32 bits), taken with compare-and-swap;
     * 128 bytes apart, so that two threads' shares never share a cache line */
    struct share {
        uint64_t range;
        char pad[120];
    } *shares;
    struct scratch {
        const void *slot;
        void *p;
        size_t bytes;
    } *scratch;
    size_t n_scratch, cap_scratch;
    struct note {
        const char *name;
        void *p;
        size_t bytes;
    } *notes;
    size_t n_notes, cap_notes;
    char err[512];
};

static const char *kind_names[SIM_N_KINDS] = {"persons",   "households", "ties",  "professionals",
                                              "providers", "areas",      "global"};

const char *sim_kind_name(sim_kind k) { return (unsigned)k < SIM_N_KINDS ? kind_names[k] : "?"; }

size_t sim_dtype_size(sim_dtype t)
{
    static const size_t sz[] = {1, 2, 4, 4, 4, 8};
    return sz[t];
}

/* Make room for element number "n" in the array "*arr" of "*cap" elements of "size" bytes,
 * doubling it (first 64) as often as that takes; 0, or NABIJ_ENOMEM with the array
 * unchanged. */
static int grow(void *arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc <= n)
        nc *= 2;
    void *p = sim_realloc(*(void **)arr, nc, size);
    if (!p)
        return NABIJ_ENOMEM;
    *(void **)arr = p;
    *cap = nc;
    return 0;
}

void sim_world_fail(sim_world *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->err, sizeof w->err, fmt, ap);
    va_end(ap);
}

const char *sim_world_errmsg(const sim_world *w) { return w->err; }

int sim_world_reserve(sim_world *w, sim_kind k, uint32_t capacity)
{
    if (w->restoring) {
        if (capacity == w->cap[k])
            return 0;
        sim_world_fail(w, "the checkpoint has capacity %u of %s, the scenario %u: written by "
                          "another version of the models", w->cap[k], sim_kind_name(k), capacity);
        return NABIJ_EINVAL;
    }
    if (capacity < w->count[k]) {
        sim_world_fail(w, "capacity %u of %s below count %u", capacity, sim_kind_name(k),
                       w->count[k]);
        return NABIJ_EINVAL;
    }
    for (size_t i = 0; i < w->n_cols; i++) {
        sim_column *c = &w->cols[i];
        if (c->kind != k)
            continue;
        size_t es = sim_dtype_size(c->type);
        /* a fresh zeroed block and a copy of the old rows, not realloc and memset: a large
         * calloc comes as pages the kernel zeroes on first touch, so the rows beyond the old
         * ones are touched first by the (parallel) code that fills them, not by a serial
         * memset here (at national scale gigabytes, at set-up) */
        void *d = sim_calloc_big(capacity ? capacity : 1, es);
        if (!d) {
            sim_world_fail(w, "out of memory growing column %s", c->name);
            return NABIJ_ENOMEM;
        }
        size_t keep = (size_t)(capacity < w->cap[k] ? capacity : w->cap[k]);
        if (c->data && keep)
            memcpy(d, c->data, keep * es);
        sim_free_big(c->data, c->alloc_n, es);
        c->data = d;
        c->alloc_n = capacity ? capacity : 1;
    }
    w->cap[k] = capacity;
    if (k == SIM_PERSON)
        w->pid = sim_col(w, SIM_PERSON, "id");
    return 0;
}

int sim_world_add(sim_world *w, sim_kind k, uint32_t n, uint32_t *first)
{
    *first = w->count[k];
    if ((uint64_t)w->count[k] + n > w->cap[k]) {
        sim_world_fail(w, "%s table full (capacity %u)", sim_kind_name(k), w->cap[k]);
        return NABIJ_ECAPACITY;
    }
    w->count[k] += n;
    /* rows of a large addition (the ties at set-up: gigabytes at national scale) are fresh
     * pages the kernel zeroes on first touch; they are touched here in parallel, not one by
     * one by the serial code that fills them */
    if (n >= SIM_TOUCH_ROWS)
        for (size_t i = 0; i < w->n_cols; i++)
            if (w->cols[i].kind == k) {
                size_t es = sim_dtype_size(w->cols[i].type);
                sim_for_zero(w, (char *)w->cols[i].data + (size_t)*first * es, n, es);
            }
    if (k == SIM_PERSON && w->pid)
        for (uint32_t j = 0; j < n; j++) /* no person is ever removed: the count is new */
            w->pid[*first + j] = *first + j;
    return 0;
}

uint32_t sim_world_count(const sim_world *w, sim_kind k) { return w->count[k]; }
uint32_t sim_world_capacity(const sim_world *w, sim_kind k) { return w->cap[k]; }

void *sim_col_add(sim_world *w, sim_kind k, const char *name, sim_dtype t, unsigned flags,
                  const char *unit, const char *doc)
{
    if (sim_col(w, k, name)) {
        sim_world_fail(w, "column %s.%s registered twice", sim_kind_name(k), name);
        return NULL;
    }
    if (grow(&w->cols, &w->cap_cols, w->n_cols, sizeof *w->cols)) {
        sim_world_fail(w, "out of memory");
        return NULL;
    }
    void *d = sim_calloc_big(w->cap[k] ? w->cap[k] : 1, sim_dtype_size(t));
    if (!d) {
        sim_world_fail(w, "out of memory for column %s.%s", sim_kind_name(k), name);
        return NULL;
    }
    w->cols[w->n_cols++] = (sim_column){name, unit, doc, k, t, flags, d, 0, 0, w->cap[k] ? w->cap[k] : 1};
    return d;
}

int sim_col_refs(sim_world *w, sim_kind k, const char *name, sim_kind target, int plus_one)
{
    for (size_t i = 0; i < w->n_cols; i++) {
        sim_column *c = &w->cols[i];
        if (c->kind != k || strcmp(c->name, name) != 0)
            continue;
        if (c->type != SIM_I32 && c->type != SIM_U32) {
            sim_world_fail(w, "column %s.%s holds no indices (not 32-bit integers)", sim_kind_name(k), name);
            return NABIJ_EINVAL;
        }
        c->refs = (uint8_t)(target + 1);
        c->ref_base = plus_one ? 1 : 0;
        return 0;
    }
    sim_world_fail(w, "no column %s.%s to declare indices of %s", sim_kind_name(k), name, sim_kind_name(target));
    return NABIJ_EINVAL;
}

int32_t sim_person_id(const sim_world *w, int32_t i)
{
    return i >= 0 && w->pid ? (int32_t)w->pid[i] : i;
}

/* Row j of column "c" (n rows) takes row perm[j]; "tmp" holds n elements of its size. */
#define PERMUTE_BLOCK ((size_t)1 << 20) /* bytes copied by one task of gather_rows */

static void gather_rows(const sim_world *w, sim_column *c, const uint32_t *perm, uint32_t n, void *tmp)
{
    size_t es = sim_dtype_size(c->type);
#define GATHER(T)                                                                      \
    {                                                                                  \
        const T *src = c->data;                                                        \
        T *dst = tmp;                                                                  \
        _Pragma("omp parallel for schedule(static) num_threads(w->threads)")           \
        for (uint32_t j = 0; j < n; j++)                                               \
            dst[j] = src[perm[j]];                                                     \
    }
    if (es == 1)
        GATHER(uint8_t)
    else if (es == 2)
        GATHER(uint16_t)
    else if (es == 4)
        GATHER(uint32_t)
    else
        GATHER(uint64_t)
#undef GATHER
    /* back in place, in parallel: one thread copies well below the bandwidth of the machine */
    size_t bytes = (size_t)n * es, blocks = (bytes + PERMUTE_BLOCK - 1) / PERMUTE_BLOCK;
#pragma omp parallel for schedule(static) num_threads(w->threads)
    for (size_t k = 0; k < blocks; k++)
        memcpy((char *)c->data + k * PERMUTE_BLOCK, (const char *)tmp + k * PERMUTE_BLOCK,
               bytes - k * PERMUTE_BLOCK < PERMUTE_BLOCK ? bytes - k * PERMUTE_BLOCK : PERMUTE_BLOCK);
}

int sim_world_permute(sim_world *w, sim_kind k, const uint32_t *perm)
{
    uint32_t n = w->count[k];
    size_t es = 1; /* the widest column of the kind */
    for (size_t i = 0; i < w->n_cols; i++)
        if (w->cols[i].kind == k && sim_dtype_size(w->cols[i].type) > es)
            es = sim_dtype_size(w->cols[i].type);
    uint32_t *inv = sim_realloc(NULL, n ? n : 1, sizeof *inv);
    void *tmp = sim_realloc(NULL, n ? n : 1, es);
    int rc = inv && tmp ? 0 : NABIJ_ENOMEM;
    if (rc)
        sim_world_fail(w, "out of memory reordering %s", sim_kind_name(k));
    /* the inverse, in parallel: each old row keeps the first new row that names it, so the
     * first row that is out of range or names a row named before is the same whatever the
     * threads (and as found one row at a time) */
    uint32_t bad = UINT32_MAX;
    if (!rc) {
#pragma omp parallel num_threads(w->threads)
        {
#pragma omp for schedule(static)
            for (uint32_t j = 0; j < n; j++)
                inv[j] = UINT32_MAX;
#pragma omp for schedule(static)
            for (uint32_t j = 0; j < n; j++) {
                if (perm[j] >= n)
                    continue;
                uint32_t cur = __atomic_load_n(&inv[perm[j]], __ATOMIC_RELAXED);
                while (j < cur &&
                       !__atomic_compare_exchange_n(&inv[perm[j]], &cur, j, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                    ;
            }
#pragma omp for schedule(static) reduction(min : bad)
            for (uint32_t j = 0; j < n; j++)
                if (perm[j] >= n || inv[perm[j]] != j)
                    bad = j < bad ? j : bad;
        }
        if (bad != UINT32_MAX) {
            sim_world_fail(w, "reordering %s: not a permutation (row %u)", sim_kind_name(k), bad);
            rc = NABIJ_EINVAL;
        }
    }
    for (size_t i = 0; !rc && i < w->n_cols; i++)
        if (w->cols[i].kind == k)
            gather_rows(w, &w->cols[i], perm, n, tmp);
    for (size_t i = 0; !rc && i < w->n_cols; i++) {
        sim_column *c = &w->cols[i];
        if (c->refs != (uint8_t)(k + 1))
            continue;
        uint32_t *v = c->data, m = w->count[c->kind], base = c->ref_base;
        /* as unsigned: "none" (negative, or 0 with base 1) maps to itself */
#pragma omp parallel for schedule(static) num_threads(w->threads)
        for (uint32_t r = 0; r < m; r++)
            if (v[r] - base < n)
                v[r] = inv[v[r] - base] + base;
    }
    sim_free(inv);
    sim_free(tmp);
    return rc;
}

void *sim_col(const sim_world *w, sim_kind k, const char *name)
{
    for (size_t i = 0; i < w->n_cols; i++)
        if (w->cols[i].kind == k && strcmp(w->cols[i].name, name) == 0)
            return w->cols[i].data;
    return NULL;
}

size_t sim_col_count(const sim_world *w) { return w->n_cols; }
const sim_column *sim_col_at(const sim_world *w, size_t i) { return &w->cols[i]; }

int sim_ind_add(sim_world *w, const char *name, const char *unit, const char *doc)
{
    for (size_t i = 0; i < w->n_inds; i++)
        if (strcmp(w->inds[i].name, name) == 0) {
            sim_world_fail(w, "indicator %s registered twice", name);
            return NABIJ_EINVAL;
        }
    if (grow(&w->inds, &w->cap_inds, w->n_inds, sizeof *w->inds))
        return NABIJ_ENOMEM;
    w->inds[w->n_inds] = (indicator){name, unit, doc, 0};
    return (int)w->n_inds++;
}

void sim_ind_set(sim_world *w, int id, double value) { w->inds[id].value = value; }
void sim_ind_addto(sim_world *w, int id, double value) { w->inds[id].value += value; }
size_t sim_ind_count(const sim_world *w) { return w->n_inds; }
double sim_ind_value(const sim_world *w, size_t i) { return w->inds[i].value; }

const char *sim_ind_name(const sim_world *w, size_t i, const char **unit, const char **doc)
{
    if (unit)
        *unit = w->inds[i].unit;
    if (doc)
        *doc = w->inds[i].doc;
    return w->inds[i].name;
}

int sim_event_kind_add(sim_world *w, const char *name, const char *story, const char *cp_names)
{
    for (size_t i = 0; i < w->n_kinds; i++)
        if (strcmp(w->kinds[i].name, name) == 0) {
            sim_world_fail(w, "event kind %s registered twice", name);
            return NABIJ_EINVAL;
        }
    if (w->n_kinds >= 65535)
        return NABIJ_EINVAL;
    if (grow(&w->kinds, &w->cap_kinds, w->n_kinds, sizeof *w->kinds))
        return NABIJ_ENOMEM;
    w->kinds[w->n_kinds] = (evkind){name, story, cp_names};
    return (int)w->n_kinds++;
}

size_t sim_event_kind_count(const sim_world *w) { return w->n_kinds; }

const char *sim_event_kind_name(const sim_world *w, size_t i, const char **story,
                                const char **cp_names)
{
    if (story)
        *story = w->kinds[i].story;
    if (cp_names)
        *cp_names = w->kinds[i].cp_names;
    return w->kinds[i].name;
}

/* Buffer of the calling thread; serial code (outside sim_for) has its own, merged after the
 * threads' buffers, so an entity's events from a phase's parallel and serial parts keep the
 * same order at any thread count. */
static int thread_num(const sim_world *w)
{
    if (!w->in_for)
        return w->threads;
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

static int evbuf_push(evbuf *b, const sim_event *e)
{
    if (grow(&b->ev, &b->cap, b->n, sizeof *b->ev)) {
        b->oom = 1;
        return NABIJ_ENOMEM;
    }
    b->ev[b->n++] = *e;
    return 0;
}

/* A fixed 32-bit mix of a household index (Murmur3's finaliser): the events of household h
 * are kept when ev_hash(h) < run.event_sample x 2^32. Read at each event, so the share can
 * change as a lever. */
static uint32_t ev_hash(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    x *= 0xc2b2ae35u;
    x ^= x >> 16;
    return x;
}

int sim_event_kept(double share, int32_t household)
{
    return household < 0 || (double)ev_hash((uint32_t)household) < share * 4294967296.0;
}

void sim_emit(sim_world *w, int kind, int32_t household, int32_t person, int32_t counterpart,
              double amount)
{
    if (!sim_event_kept(w->run->event_sample, household))
        return;
    sim_event e;
    memset(&e, 0, sizeof e); /* padding bytes reach the file: keep them zero */
    e.tick = (int32_t)w->tick;
    e.kind = (uint16_t)kind;
    e.household = household;
    e.person = sim_person_id(w, person);
    e.counterpart = counterpart;
    e.amount = amount;
    evbuf_push(&w->thread_ev[thread_num(w)], &e);
}

const sim_event *sim_world_events(const sim_world *w, size_t *n)
{
    *n = w->tick_ev.n;
    return w->tick_ev.ev;
}

/* Merge the per-thread buffers of one phase into the tick's events, ordered by
 * (household, person) and, within one entity, by order of emission. The events of the
 * parallel loops are first put in the order in which one thread would have emitted them:
 * loop by loop, chunk by chunk (each chunk's events are contiguous in the buffer of the
 * thread that ran it); those of the phase's serial part come after them (their own buffer).
 * A stable sort then puts them in key order; the events of one entity keep their order of
 * emission, as they come from one chunk (or the serial part) in the same order at any
 * thread count. */
static int ev_key_cmp(const sim_event *a, const sim_event *b)
{
    if (a->household != b->household)
        return a->household < b->household ? -1 : 1;
    if (a->person != b->person)
        return a->person < b->person ? -1 : 1;
    return 0;
}

/* The end of the ascending (non-decreasing) run of a[] that starts at "i". */
static size_t run_end(const sim_event *a, size_t i, size_t n)
{
    size_t m = i + 1;
    while (m < n && ev_key_cmp(&a[m - 1], &a[m]) <= 0)
        m++;
    return m;
}

/* In the ascending a[lo, hi): the end of the stretch from lo of the events that go before
 * "key" in a stable merge: those with a smaller key, and with "ties_before" (a[] is the left
 * run) those with the same key too. Searches by doubling steps from lo, then halving: quick
 * when the stretch is short, and when it is long. */
static size_t gallop(const sim_event *a, size_t lo, size_t hi, const sim_event *key, int ties_before)
{
    size_t ok = lo, step = 1; /* a[lo, ok) go before key */
    while (ok < hi) {
        size_t probe = hi - ok > step ? ok + step - 1 : hi - 1;
        if (ev_key_cmp(&a[probe], key) >= ties_before) {
            hi = probe;
            break;
        }
        ok = probe + 1;
        step *= 2;
    }
    while (ok < hi) {
        size_t mid = ok + (hi - ok) / 2;
        if (ev_key_cmp(&a[mid], key) < ties_before)
            ok = mid + 1;
        else
            hi = mid;
    }
    return ok;
}

/* Stable merge of the ascending runs src[i, m) and src[m, e) into dst[i, e), taking the left
 * run's event on ties; whole stretches are copied at once (a phase's runs are mostly long,
 * or short ones among long ones). */
static void merge_runs(const sim_event *src, sim_event *dst, size_t i, size_t m, size_t e)
{
    size_t x = i, y = m, k = i;
    while (x < m && y < e) {
        size_t x2 = gallop(src, x, m, &src[y], 1);
        memcpy(dst + k, src + x, (x2 - x) * sizeof *dst);
        k += x2 - x;
        x = x2;
        if (x == m)
            break;
        size_t y2 = gallop(src, y, e, &src[x], 0);
        memcpy(dst + k, src + y, (y2 - y) * sizeof *dst);
        k += y2 - y;
        y = y2;
    }
    memcpy(dst + k, src + x, (m - x) * sizeof *dst);
    k += m - x;
    memcpy(dst + k, src + y, (e - y) * sizeof *dst);
}

/* In the ascending a[lo, hi): the start of the stretch up to hi of the events with a key
 * above "key"'s. Searches by doubling steps from hi, then halving. */
static size_t gallop_back(const sim_event *a, size_t lo, size_t hi, const sim_event *key)
{
    size_t ok = hi, step = 1; /* a[ok, hi) are above key */
    while (ok > lo) {
        size_t probe = ok - lo > step ? ok - step : lo;
        if (ev_key_cmp(&a[probe], key) <= 0) {
            lo = probe + 1;
            break;
        }
        ok = probe;
        step *= 2;
    }
    while (lo < ok) {
        size_t mid = lo + (ok - lo) / 2;
        if (ev_key_cmp(&a[mid], key) > 0)
            ok = mid;
        else
            lo = mid + 1;
    }
    return ok;
}

/* Sorts a[0, n) stably, merging adjacent ascending runs pass by pass until one is left, with
 * tmp[0, n) as working space. */
static void merge_passes(sim_event *a, sim_event *tmp, size_t n)
{
    sim_event *src = a, *dst = tmp;
    for (;;) {
        size_t i = 0, runs = 0; /* runs written to dst in this pass */
        while (i < n) {
            size_t m = run_end(src, i, n), e = m < n ? run_end(src, m, n) : n;
            merge_runs(src, dst, i, m, e);
            i = e;
            runs++;
        }
        sim_event *t = src;
        src = dst;
        dst = t;
        if (runs == 1)
            break;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* The names of the engine's own sim_scratch buffers: the sort's working copy of a phase's
 * events, and the list of the chunks that emitted them */
static const char scr_sort, scr_segs;

/* A stable sort of a[0, n) by (household, person) that is quick on the input it gets: the
 * events of a phase come mostly in order, usually one long run (the parallel loops') and a
 * few events after it (the serial part's). The rest after the first run is sorted on its
 * own, then merged into the first run from the back, each stretch of it moved at once.
 * The working copy, as long as that rest, is the world's (sim_scratch), asked for only when
 * a[] is not in order already. Returns NABIJ_ENOMEM when there is no room for it. */
static int sort_events(sim_world *w, sim_event *a, size_t n)
{
    size_t r = run_end(a, 0, n), m = n - r;
    if (m == 0)
        return 0;
    sim_event *tmp = sim_scratch(w, &scr_sort, m, sizeof *tmp);
    if (!tmp)
        return NABIJ_ENOMEM;
    merge_passes(a + r, tmp, m);
    memcpy(tmp, a + r, m * sizeof *a);
    /* a[0, i) and tmp[0, j) are left to merge into a[0, k); on ties the first run's event
     * goes first */
    size_t i = r, j = m, k = n;
    while (j > 0) {
        size_t p = gallop_back(a, 0, i, &tmp[j - 1]);
        memmove(a + k - (i - p), a + p, (i - p) * sizeof *a);
        k -= i - p;
        i = p;
        a[--k] = tmp[--j];
    }
    return 0;
}

static int seg_order_cmp(const void *a, const void *b)
{
    uint64_t x = ((const evseg *)a)->order, y = ((const evseg *)b)->order;
    return x < y ? -1 : x > y;
}

/* Below this many events a phase's events are put together by one thread: starting the
 * other threads costs more than the copy (a few microseconds against about 10 ns an event). */
#define EV_PARALLEL_MIN 8192u

/* Copies the part [lo, hi) of the phase's events, as they lie one after the other in the
 * tick's buffer from "start" on, from the threads' buffers: seg[0, nseg) in that order, seg[i]
 * going to start + seg[i].at. Different parts are written by different threads. */
static void copy_segments(sim_world *w, const evseg *seg, size_t nseg, size_t start, size_t lo, size_t hi)
{
    size_t a = 0, b = nseg; /* the last segment that starts at or before lo */
    while (b - a > 1) {
        size_t mid = a + (b - a) / 2;
        if (seg[mid].at <= lo)
            a = mid;
        else
            b = mid;
    }
    for (size_t i = a; i < nseg && seg[i].at < hi; i++) {
        size_t len = seg[i].end - seg[i].begin;
        size_t from = lo > seg[i].at ? lo - seg[i].at : 0, to = hi - seg[i].at < len ? hi - seg[i].at : len;
        if (to > from)
            memcpy(w->tick_ev.ev + start + seg[i].at + from, w->thread_ev[seg[i].thread].ev + seg[i].begin + from,
                   (to - from) * sizeof *w->tick_ev.ev);
    }
}

/* Whether a[i - 1] <= a[i] in key order for every i in [lo, hi) (lo >= 1). */
static int ascending_from(const sim_event *a, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (ev_key_cmp(&a[i - 1], &a[i]) > 0)
            return 0;
    return 1;
}

static int flush_phase_events(sim_world *w)
{
    size_t start = w->tick_ev.n, total = 0, nseg = 0;
    for (int t = 0; t <= w->threads; t++) {
        if (w->thread_ev[t].oom) {
            sim_world_fail(w, "out of memory recording events");
            return NABIJ_ENOMEM;
        }
        total += w->thread_ev[t].n;
        nseg += w->thread_ev[t].nseg;
    }
    w->for_calls = 0;
    if (total == 0)
        return 0;
    /* room for all at once (the buffer keeps its size from tick to tick) */
    if (grow(&w->tick_ev.ev, &w->tick_ev.cap, start + total - 1, sizeof *w->tick_ev.ev)) {
        sim_world_fail(w, "out of memory recording events");
        return NABIJ_ENOMEM;
    }
    /* the parallel loops' events chunk by chunk, in the order of (loop, chunk), then those of
     * the serial part as one more segment */
    evseg *all = sim_scratch(w, &scr_segs, nseg + 1, sizeof *all);
    if (!all) {
        sim_world_fail(w, "out of memory sorting events");
        return NABIJ_ENOMEM;
    }
    size_t k = 0;
    for (int t = 0; t < w->threads; t++)
        for (size_t i = 0; i < w->thread_ev[t].nseg; i++)
            all[k++] = w->thread_ev[t].seg[i];
    if (w->threads > 1 && nseg > 1) /* one thread ran its chunks in this order already */
        qsort(all, nseg, sizeof *all, seg_order_cmp);
    all[k++] = (evseg){UINT64_MAX, 0, w->thread_ev[w->threads].n, w->threads, 0};
    size_t at = 0;
    for (size_t i = 0; i < k; i++) {
        all[i].at = at;
        at += all[i].end - all[i].begin;
    }
    if (at != total) { /* an event emitted outside any chunk: a bug */
        sim_world_fail(w, "events lost merging a phase's events");
        return NABIJ_EINVAL;
    }
    /* copied, and checked for order, in parallel when there are many: the threads take equal
     * parts of the result. Mostly they are in order already (one loop, emitted in household
     * order), and only then is the sort left out. */
    const sim_event *ev = w->tick_ev.ev + start;
    int nt = w->threads > 1 && total >= EV_PARALLEL_MIN ? w->threads : 1, in_order = 1;
#pragma omp parallel num_threads(nt) reduction(&& : in_order)
    {
        int me = 0;
#ifdef _OPENMP
        me = omp_get_thread_num();
#endif
        size_t lo = total * (size_t)me / (size_t)nt, hi = total * (size_t)(me + 1) / (size_t)nt;
        copy_segments(w, all, k, start, lo, hi);
#pragma omp barrier
        in_order = ascending_from(ev, lo > 0 ? lo : 1, hi);
    }
    w->tick_ev.n += total;
    for (int t = 0; t <= w->threads; t++)
        w->thread_ev[t].n = w->thread_ev[t].nseg = 0;
    if (!in_order && sort_events(w, w->tick_ev.ev + start, total)) {
        sim_world_fail(w, "out of memory sorting events");
        return NABIJ_ENOMEM;
    }
    return 0;
}

uint32_t sim_tick(const sim_world *w) { return w->tick; }
int32_t sim_day(const sim_world *w) { return w->day; }
int sim_days_per_tick(const sim_world *w) { return (int)w->run->days_per_tick; }
uint64_t sim_seed(const sim_world *w) { return (uint64_t)w->run->seed; }
int sim_threads(const sim_world *w) { return w->threads; }
int sim_thread(const sim_world *w) { return thread_num(w); }
uint32_t sim_world_ticks(const sim_world *w) { return (uint32_t)w->run->ticks; }
const scn_scenario *sim_world_scenario(const sim_world *w) { return w->scn; }

void sim_stream(const sim_world *w, sim_rng_stream *s, uint32_t purpose, uint32_t entity)
{
    sim_rng_init(s, (uint64_t)w->run->seed, purpose, entity, w->tick);
}

void sim_stream_first(const sim_world *w, uint32_t purpose, uint32_t entity, uint32_t out[4])
{
    /* the key and counter of sim_rng_init, and the block of its first sim_rng_refill */
    uint64_t seed = (uint64_t)w->run->seed;
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    const uint32_t ctr[4] = {purpose, entity, w->tick, 0};
    sim_rng_philox_block(key, ctr, out);
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + 1e-9 * (double)(b->tv_nsec - a->tv_nsec);
}

int sim_for(sim_world *w, uint32_t n, sim_body body, void *ctx, double *acc, int nacc)
{
    size_t chunks = (n + SIM_CHUNK - 1) / SIM_CHUNK;
    size_t need = chunks * (size_t)(nacc > 0 ? nacc : 0);
    if (need > w->chunk_acc_cap) {
        double *p = sim_realloc(w->chunk_acc, need, sizeof *p);
        if (!p) {
            sim_world_fail(w, "out of memory");
            return NABIJ_ENOMEM;
        }
        w->chunk_acc = p;
        w->chunk_acc_cap = need;
    }
    if (need)
        memset(w->chunk_acc, 0, need * sizeof(double));
    double *ca = w->chunk_acc;
    uint32_t call = w->for_calls++;
    w->in_for = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* affinity: thread t owns the t-th contiguous share of the chunks (the same rows in every
     * loop over a table of this size) and works through it from the front; a thread done
     * with its share takes chunks from the back of another's */
    int nt = w->threads;
    for (int t = 0; t < nt; t++)
        __atomic_store_n(&w->shares[t].range,
                         (uint64_t)(chunks * (size_t)(t + 1) / (size_t)nt) << 32 | (chunks * (size_t)t / (size_t)nt),
                         __ATOMIC_RELAXED);
#pragma omp parallel num_threads(nt)
    {
        int me = 0;
#ifdef _OPENMP
        me = omp_get_thread_num();
#endif
        evbuf *eb = &w->thread_ev[me];
        for (int k = 0; k < nt; k++) {
            struct share *sh = &w->shares[(me + k) % nt];
            uint64_t r = __atomic_load_n(&sh->range, __ATOMIC_RELAXED);
            for (;;) {
                uint32_t lo = (uint32_t)r, hi = (uint32_t)(r >> 32);
                if (lo >= hi)
                    break;
                /* its own share from the front, another's from the back */
                uint32_t c = k == 0 ? lo : hi - 1;
                uint64_t next = k == 0 ? (uint64_t)hi << 32 | (lo + 1) : (uint64_t)(hi - 1) << 32 | lo;
                if (!__atomic_compare_exchange_n(&sh->range, &r, next, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
                    continue; /* r now holds the range as it is */
                uint32_t b = c * SIM_CHUNK;
                uint32_t e = b + SIM_CHUNK < n ? b + SIM_CHUNK : n;
                size_t had = eb->n;
                body(w, ctx, b, e, nacc > 0 ? ca + (size_t)c * (size_t)nacc : NULL);
                if (eb->n > had) { /* note where this chunk's events are */
                    if (grow(&eb->seg, &eb->segcap, eb->nseg, sizeof *eb->seg))
                        eb->oom = 1;
                    else
                        eb->seg[eb->nseg++] = (evseg){(uint64_t)call << 32 | c, had, eb->n, me, 0};
                }
                r = __atomic_load_n(&sh->range, __ATOMIC_RELAXED);
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    w->phase_par_s[w->phase] += seconds_between(&t0, &t1);
    w->in_for = 0;
    for (size_t c = 0; c < chunks; c++)
        for (int k = 0; k < nacc; k++)
            acc[k] += ca[c * (size_t)nacc + (size_t)k];
    return 0;
}

typedef struct zero_ctx {
    char *p;
    size_t size;
} zero_ctx;

static void zero_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    const zero_ctx *z = vc;
    memset(z->p + (size_t)b * z->size, 0, (size_t)(e - b) * z->size);
}

int sim_for_zero(sim_world *w, void *p, uint32_t n, size_t size)
{
    zero_ctx z = {p, size};
    return sim_for(w, n, zero_body, &z, NULL, 0);
}

int sim_world_set(sim_world *w, const char *assignment)
{
    int rc = scn_set(w->scn, assignment);
    if (rc) {
        sim_world_fail(w, "%s", scn_errmsg(w->scn));
        return rc;
    }
    if (grow(&w->levers, &w->cap_levers, w->n_levers, sizeof *w->levers))
        return NABIJ_ENOMEM;
    sim_lever *l = &w->levers[w->n_levers++];
    memset(l, 0, sizeof *l); /* the whole text field reaches the file */
    l->tick = (int32_t)w->tick;
    snprintf(l->assignment, sizeof l->assignment, "%s", assignment);
    sim_emit(w, w->ev_lever, -1, -1, (int32_t)(w->n_levers - 1), 0);
    return 0;
}

int sim_world_restore(sim_world *w, uint32_t tick, int32_t day, const uint32_t *count,
                      const sim_lever *levers, size_t n_levers)
{
    for (int k = 0; k < SIM_N_KINDS; k++)
        if (count[k] > w->cap[k]) {
            sim_world_fail(w, "%u %s exceed the capacity %u", count[k], kind_names[k], w->cap[k]);
            return NABIJ_ECAPACITY;
        }
    memcpy(w->count, count, sizeof w->count);
    w->tick = tick;
    w->day = day;
    w->tick_ev.n = 0;
    for (int t = 0; t <= w->threads; t++)
        w->thread_ev[t].n = w->thread_ev[t].nseg = 0;
    w->for_calls = 0;
    w->n_levers = 0;
    for (size_t i = 0; i < n_levers; i++) {
        if (scn_set(w->scn, levers[i].assignment)) {
            sim_world_fail(w, "lever %s: %s", levers[i].assignment, scn_errmsg(w->scn));
            return NABIJ_EINVAL;
        }
        if (grow(&w->levers, &w->cap_levers, w->n_levers, sizeof *w->levers))
            return NABIJ_ENOMEM;
        w->levers[w->n_levers++] = levers[i];
    }
    return 0;
}

const sim_lever *sim_world_levers(const sim_world *w, size_t *n)
{
    *n = w->n_levers;
    return w->levers;
}

int sim_world_restoring(const sim_world *w) { return w->restoring; }

/* sim_world_create, and with "cap" sim_world_create_restoring */
static int world_create(const sim_model *const *models, size_t n_models, scn_scenario *scn,
                        int threads, const uint32_t *cap, sim_world **out, char *err,
                        size_t errlen)
{
    *out = NULL;
    sim_world *w = sim_calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NABIJ_ENOMEM;
    }
#ifdef _OPENMP
    w->threads = threads > 0 ? threads : omp_get_max_threads();
#else
    (void)threads;
    w->threads = 1;
#endif
    w->models = models;
    w->n_models = n_models;
    w->scn = scn;
    w->run = scn_section_values(scn, "run");
    w->thread_ev = sim_calloc((size_t)w->threads + 1, sizeof *w->thread_ev);
    w->shares = sim_calloc((size_t)w->threads, sizeof *w->shares);
    w->states = sim_calloc(n_models, sizeof *w->states);
    w->phase_s = sim_calloc(n_models + 1, sizeof *w->phase_s);
    w->phase_par_s = sim_calloc(n_models + 1, sizeof *w->phase_par_s);
    w->phase = n_models;
    int rc = 0;
    if (!w->run || !w->thread_ev || !w->shares || !w->states || !w->phase_s || !w->phase_par_s) {
        rc = w->run ? NABIJ_ENOMEM : NABIJ_EINVAL;
        snprintf(err, errlen, "%s", w->run ? "out of memory" : "scenario has no run section");
        sim_world_destroy(w);
        return rc;
    }
    w->day = w->run->start_date;
    if (cap) { /* no columns yet: each gets the checkpoint's capacity when it is added */
        memcpy(w->cap, cap, sizeof w->cap);
        w->restoring = 1;
    }
    uint32_t g;
    if ((rc = sim_world_reserve(w, SIM_GLOBAL, 1)) || (rc = sim_world_add(w, SIM_GLOBAL, 1, &g)))
        goto fail;
    if (!(w->pid = sim_col_add(w, SIM_PERSON, "id", SIM_U32, 0, "person id",
                               "Stable identity of the person: the index it got when added. Persons may be "
                               "reordered (sim_world_permute); events carry this id."))) {
        rc = NABIJ_ENOMEM;
        goto fail;
    }
    w->ev_lever = sim_event_kind_add(w, "lever_changed",
                                     "A policy lever was changed: /levers row {cp}.", NULL);
    for (size_t i = 0; i < n_models; i++) {
        const sim_model *m = models[i];
        const void *p = m->section ? scn_section_values(scn, m->section->name) : NULL;
        if (m->state_size && !(w->states[i] = sim_calloc(1, m->state_size))) {
            rc = NABIJ_ENOMEM;
            sim_world_fail(w, "out of memory");
            goto fail;
        }
        if (m->init && (rc = m->init(w, p, w->states[i])) != 0) {
            if (!w->err[0])
                sim_world_fail(w, "%s", nabij_strerror(rc));
            snprintf(err, errlen, "model %s: %s", m->name, w->err);
            sim_world_destroy(w);
            return rc;
        }
    }
    w->restoring = 0;
    /* events emitted at init (initial state) belong to tick 0 */
    if ((rc = flush_phase_events(w)))
        goto fail;
    *out = w;
    return 0;
fail:
    snprintf(err, errlen, "%s", w->err[0] ? w->err : nabij_strerror(rc));
    sim_world_destroy(w);
    return rc;
}

int sim_world_create(const sim_model *const *models, size_t n_models, scn_scenario *scn,
                     int threads, sim_world **out, char *err, size_t errlen)
{
    return world_create(models, n_models, scn, threads, NULL, out, err, errlen);
}

int sim_world_create_restoring(const sim_model *const *models, size_t n_models,
                               scn_scenario *scn, int threads, const uint32_t *cap,
                               sim_world **out, char *err, size_t errlen)
{
    return world_create(models, n_models, scn, threads, cap, out, err, errlen);
}

int sim_world_step(sim_world *w)
{
    w->tick_ev.n = 0;
    for (size_t i = 0; i < w->n_inds; i++)
        w->inds[i].value = 0;
    for (size_t i = 0; i < w->n_models; i++) {
        const sim_model *m = w->models[i];
        if (!m->step)
            continue;
        const void *p = m->section ? scn_section_values(w->scn, m->section->name) : NULL;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        w->phase = i;
        m->step(w, p, w->states[i]);
        w->phase = w->n_models;
        int rc = flush_phase_events(w);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        w->phase_s[i] += seconds_between(&t0, &t1);
        if (rc)
            return rc;
        if (w->err[0])
            return NABIJ_EINVAL;
    }
    w->tick++;
    w->day += (int32_t)w->run->days_per_tick;
    return 0;
}

double sim_world_phase_seconds(const sim_world *w, size_t i)
{
    return i < w->n_models ? w->phase_s[i] : 0;
}

double sim_world_phase_serial_seconds(const sim_world *w, size_t i)
{
    return i < w->n_models ? w->phase_s[i] - w->phase_par_s[i] : 0;
}

void *sim_world_note(sim_world *w, const char *name, size_t bytes)
{
    for (size_t i = 0; i < w->n_notes; i++)
        if (strcmp(w->notes[i].name, name) == 0)
            return w->notes[i].bytes == bytes ? w->notes[i].p : NULL; /* another size: a bug */
    void *p = sim_calloc(bytes ? bytes : 1, 1);
    if (!p || grow(&w->notes, &w->cap_notes, w->n_notes, sizeof *w->notes)) {
        sim_free(p);
        return NULL;
    }
    w->notes[w->n_notes++] = (struct note){name, p, bytes};
    return p;
}

int sim_phase_is_last(const sim_world *w) { return w->n_models > 0 && w->phase == w->n_models - 1; }

int sim_phase_index(const sim_world *w) { return w->phase < w->n_models ? (int)w->phase : -1; }

void *sim_scratch(sim_world *w, const void *slot, size_t n, size_t size)
{
    size_t i = 0;
    while (i < w->n_scratch && w->scratch[i].slot != slot)
        i++;
    if (i == w->n_scratch) {
        if (grow(&w->scratch, &w->cap_scratch, i, sizeof *w->scratch))
            return NULL;
        w->scratch[w->n_scratch++] = (struct scratch){slot, NULL, 0};
    }
    struct scratch *b = &w->scratch[i];
    if (n == 0)
        n = 1;
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (n * size > b->bytes) {
        /* the old contents need not be kept: free first, and leave an eighth to spare for a
         * world that grows a little every tick */
        size_t want = n <= SIZE_MAX - n / 8 ? n + n / 8 : n;
        sim_free_big(b->p, b->bytes, 1);
        b->bytes = 0;
        if ((b->p = sim_malloc_big(want, size)))
            b->bytes = want * size;
        else if ((b->p = sim_malloc_big(n, size)))
            b->bytes = n * size;
        else
            return NULL;
    }
    return b->p;
}

void sim_world_destroy(sim_world *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n_cols; i++)
        sim_free_big(w->cols[i].data, w->cols[i].alloc_n, sim_dtype_size(w->cols[i].type));
    sim_free(w->cols);
    sim_free(w->inds);
    sim_free(w->kinds);
    if (w->thread_ev)
        for (int t = 0; t <= w->threads; t++)
            sim_free(w->thread_ev[t].ev), sim_free(w->thread_ev[t].seg);
    sim_free(w->thread_ev);
    sim_free(w->tick_ev.ev);
    sim_free(w->chunk_acc);
    for (size_t i = 0; i < w->n_scratch; i++)
        sim_free_big(w->scratch[i].p, w->scratch[i].bytes, 1);
    sim_free(w->scratch);
    for (size_t i = 0; i < w->n_notes; i++)
        sim_free(w->notes[i].p);
    sim_free(w->notes);
    sim_free(w->phase_s);
    sim_free(w->phase_par_s);
    sim_free(w->shares);
    sim_free(w->levers);
    if (w->states)
        for (size_t i = 0; i < w->n_models; i++)
            sim_free(w->states[i]);
    sim_free(w->states);
    sim_free(w);
}
