/* sweep_mpi.c: the MPI task farm of `mpirun -n N nabij sweep`. Rank 0 writes the manifest,
 * then reads it row by row and hands each incomplete row (as its manifest line) to the
 * rank that asks next; it runs rows itself too and answers requests between ticks. Every
 * rank writes only the files of the runs it was given. Waiting ranks poll with short
 * sleeps instead of spinning, so a farm on a small machine leaves the cores to the runs.
 * On each machine (the ranks that share memory) only as many ranks take runs as the
 * memory holds; the others stand aside from the start (status STAND_ASIDE).
 * Built only when CMake finds MPI. */
#include "sweep_mpi.h"
#include "alloc.h"
#include "cli.h"
#include "nabij.h"
#include "sweep_index.h"
#include "sysmem.h"
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG_REQ 1  /* worker -> 0: int status of the previous run (-1 none, 0 ok, 1 failed) */
#define TAG_WORK 2 /* 0 -> worker: a manifest line */
#define TAG_DONE 3 /* 0 -> worker: no more work */
#define LINE_MAX_BYTES 65536
#define STAND_ASIDE (-2) /* a worker's first request: it takes no runs (too little memory) */

typedef struct coord {
    const sw_sweep *sw;
    sw_reader rd;
    sw_row *row;
    int more;          /* rows may remain in the manifest */
    int size, finished;
    MPI_Request req;
    int req_status;
    volatile sig_atomic_t *stop;
    sw_counts *c;
    cli_progress prog;
    long todo;
    long *per_rank; /* runs done by each rank, for the report */
    char err[1024];
} coord;

static void nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

/* Wait for "req" with short sleeps: blocking MPI calls spin, which would take a core from
 * the runs still going on other ranks of the same machine. */
static void wait_sleepy(MPI_Request *req)
{
    int flag = 0;
    while (MPI_Test(req, &flag, MPI_STATUS_IGNORE), !flag)
        nap();
}

/* Next incomplete row of the manifest into co->row and its text into co->rd.buf. */
static int next_row(coord *co)
{
    while (co->more && !(co->stop && *co->stop)) {
        int k = sw_reader_next(&co->rd, co->row, co->err, sizeof co->err);
        if (k <= 0) {
            co->more = 0;
            return 0;
        }
        if (!sw_run_complete(co->sw, co->row))
            return 1;
    }
    return 0;
}

static void progress(coord *co)
{
    char extra[64] = "";
    if (co->c->failed)
        snprintf(extra, sizeof extra, "(%ld failed)", co->c->failed);
    long done = co->c->ran + co->c->failed;
    cli_progress_update(&co->prog, (double)(done < co->todo ? done : co->todo),
                        (double)(co->todo > 0 ? co->todo : 1), extra);
}

/* Answer every pending request; returns the number answered. */
static int serve(coord *co)
{
    int n = 0, flag = 1;
    MPI_Status st;
    while (co->finished < co->size - 1) {
        MPI_Test(&co->req, &flag, &st);
        if (!flag)
            break;
        n++;
        if (co->req_status == 0) {
            co->c->ran++;
            co->per_rank[st.MPI_SOURCE]++;
        }
        else if (co->req_status == 1)
            co->c->failed++;
        if (co->req_status >= 0)
            progress(co);
        if (co->req_status != STAND_ASIDE && next_row(co)) {
            size_t len = strlen(co->rd.buf);
            MPI_Send(co->rd.buf, (int)len + 1, MPI_CHAR, st.MPI_SOURCE, TAG_WORK, MPI_COMM_WORLD);
        } else {
            MPI_Send(NULL, 0, MPI_CHAR, st.MPI_SOURCE, TAG_DONE, MPI_COMM_WORLD);
            co->finished++;
        }
        if (co->finished < co->size - 1)
            MPI_Irecv(&co->req_status, 1, MPI_INT, MPI_ANY_SOURCE, TAG_REQ, MPI_COMM_WORLD,
                      &co->req);
    }
    return n;
}

static int serve_on_tick(void *ctx, const sim_world *w, uint32_t tick, uint32_t ticks)
{
    (void)w;
    (void)tick;
    (void)ticks;
    serve(ctx);
    return 0;
}

static int run_coordinator(const sw_sweep *sw, int size, int quiet, volatile sig_atomic_t *stop,
                           sw_counts *c, char *err, size_t errlen)
{
    coord *co = sim_calloc(1, sizeof *co);
    sw_row *row = sim_calloc(1, sizeof *row);
    char man[SW_PATH_MAX + 32];
    int rc = co && row ? sw_count(sw, c, err, errlen) : NABIJ_ENOMEM;
    sw_manifest_path(sw, man, sizeof man);
    if (!rc)
        rc = sw_reader_open(&co->rd, man, err, errlen);
    if (rc) {
        /* the workers still need their answer: tell each there is nothing to do */
        for (int i = 1; i < size; i++) {
            int s;
            MPI_Recv(&s, 1, MPI_INT, MPI_ANY_SOURCE, TAG_REQ, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        for (int i = 1; i < size; i++)
            MPI_Send(NULL, 0, MPI_CHAR, i, TAG_DONE, MPI_COMM_WORLD);
        sim_free(co);
        sim_free(row);
        return rc;
    }
    co->sw = sw;
    co->row = row;
    co->more = 1;
    co->size = size;
    co->stop = stop;
    co->c = c;
    co->todo = c->total - c->complete;
    cli_progress_init(&co->prog, "nabij sweep (MPI)", quiet);
    if (size > 1)
        MPI_Irecv(&co->req_status, 1, MPI_INT, MPI_ANY_SOURCE, TAG_REQ, MPI_COMM_WORLD, &co->req);
    sw_row *mine = sim_calloc(1, sizeof *mine);
    co->per_rank = sim_calloc((size_t)size, sizeof *co->per_rank);
    if (!mine || !co->per_rank)
        rc = NABIJ_ENOMEM;
    while (!rc) {
        serve(co);
        if (!next_row(co))
            break;
        *mine = *row;
        char e[1200];
        if (sw_run_row(sw, mine, stop, serve_on_tick, co, e, sizeof e)) {
            if (!(stop && *stop)) {
                fprintf(stderr, "%snabij sweep: %s\n", co->prog.tty && !quiet ? "\n" : "", e);
                c->failed++;
            }
        } else {
            c->ran++;
            co->per_rank[0]++;
        }
        progress(co);
    }
    while (co->finished < size - 1) {
        if (!serve(co))
            nap();
    }
    cli_progress_end(&co->prog);
    if (!quiet && co->per_rank) {
        fprintf(stderr, "nabij sweep: runs per rank:");
        for (int i = 0; i < size; i++)
            fprintf(stderr, " %ld", co->per_rank[i]);
        fputc('\n', stderr);
    }
    sim_free(co->per_rank);
    if (co->err[0] && !rc) {
        snprintf(err, errlen, "%s", co->err);
        rc = NABIJ_EINVAL;
    }
    sw_reader_close(&co->rd);
    sim_free(mine);
    sim_free(row);
    sim_free(co);
    if (!rc && stop && *stop)
        rc = NABIJ_EINTR;
    return rc;
}

static int run_worker(const sw_sweep *sw, int aside, volatile sig_atomic_t *stop, char *err,
                      size_t errlen)
{
    char man[SW_PATH_MAX + 32];
    sw_manifest_path(sw, man, sizeof man);
    sw_reader rd;
    sw_row *row = sim_calloc(1, sizeof *row);
    char *line = sim_calloc(LINE_MAX_BYTES, 1);
    int have_header = !aside && row && line && sw_reader_open(&rd, man, err, errlen) == 0;
    int status = aside ? STAND_ASIDE : -1;
    for (;;) {
        MPI_Send(&status, 1, MPI_INT, 0, TAG_REQ, MPI_COMM_WORLD);
        MPI_Status st;
        int flag = 0, n = 0;
        while (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st), !flag)
            nap();
        MPI_Get_count(&st, MPI_CHAR, &n);
        if (st.MPI_TAG == TAG_DONE || n > LINE_MAX_BYTES || !line) {
            MPI_Recv(NULL, 0, MPI_CHAR, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (st.MPI_TAG == TAG_DONE)
                break;
            status = 1;
            continue;
        }
        MPI_Recv(line, n, MPI_CHAR, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        char e[1200];
        if (stop && *stop) {
            status = 2; /* interrupted: not counted */
        } else if (!have_header ||
                   sw_row_parse(line, (const char(*)[96])rd.cols, rd.n_cols, row)) {
            fprintf(stderr, "nabij sweep: rank cannot read the manifest row '%.60s'\n", line);
            status = 1;
        } else if (sw_run_row(sw, row, stop, NULL, NULL, e, sizeof e)) {
            if (!(stop && *stop))
                fprintf(stderr, "nabij sweep: %s\n", e);
            status = stop && *stop ? 2 : 1;
        } else {
            status = 0;
        }
    }
    if (have_header)
        sw_reader_close(&rd);
    sim_free(line);
    sim_free(row);
    return 0;
}

/* Whether this rank stands aside: the ranks of one machine (MPI_COMM_TYPE_SHARED) in
 * order of rank, and as many of them take runs as sw_jobs_for_memory lets run at once in
 * the memory the first of them finds available (rank 0 always works). The first says so,
 * also with --quiet: otherwise the system would stop runs without a word. */
static int stand_aside(const sw_sweep *sw, int rank)
{
    MPI_Comm node;
    int lrank = 0, lsize = 1, fit = 1;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node) != MPI_SUCCESS)
        return 0;
    MPI_Comm_rank(node, &lrank);
    MPI_Comm_size(node, &lsize);
    if (lrank == 0) {
        unsigned long long need = sw_memory_need(sw), avail = sim_mem_available();
        fit = sw_jobs_for_memory(lsize, 0, need, avail);
        if (fit < lsize) {
            char host[MPI_MAX_PROCESSOR_NAME] = "";
            int len = 0;
            MPI_Get_processor_name(host, &len);
            fprintf(stderr, "nabij sweep: %s: %d of its %d ranks take runs: each run needs about %.1f GB of "
                            "memory, and %.1f GB is available\n", host, fit, lsize, need / 1e9, avail / 1e9);
        }
    }
    MPI_Request req;
    MPI_Ibcast(&fit, 1, MPI_INT, 0, node, &req);
    wait_sleepy(&req);
    MPI_Comm_free(&node);
    return rank != 0 && lrank >= fit;
}

int sw_mpi_sweep(const sw_sweep *sw, sw_start start, int quiet, volatile sig_atomic_t *stop,
                 int *is_root, sw_counts *c, char *err, size_t errlen)
{
    int provided, rank = 0, size = 1;
    memset(c, 0, sizeof *c);
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *is_root = rank == 0;
    int rc = 0, aside = stand_aside(sw, rank);
    if (rank == 0)
        rc = sw_prepare(sw, start, err, errlen);
    MPI_Request req;
    MPI_Ibcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
    wait_sleepy(&req);
    if (!rc) {
        if (rank == 0)
            rc = run_coordinator(sw, size, quiet, stop, c, err, errlen);
        else
            rc = run_worker(sw, aside, stop, err, errlen);
    }
    /* the index once every rank is done with its files */
    MPI_Ibarrier(MPI_COMM_WORLD, &req);
    wait_sleepy(&req);
    if (rank == 0 && (!rc || rc == NABIJ_EINTR)) {
        long n;
        int k = sw_index_write(sw, &n, err, errlen);
        if (k && !rc)
            rc = k;
        c->complete = n;
    }
    MPI_Ibcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD, &req);
    wait_sleepy(&req);
    MPI_Finalize();
    return rc;
}
