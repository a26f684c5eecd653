/* morris.c: trajectory design and elementary effects. A trajectory starts on a grid point
 * from which every coordinate can move by delta in the chosen direction, then changes the
 * parameters one at a time in a random order. */
#include "morris.h"
#include "alloc.h"
#include "nabij.h"
#include "rng.h"
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <string.h>

#define MORRIS_PURPOSE 0xA2A1u /* random-stream purpose of the design (not a model) */

int an_morris_design(size_t k, size_t r, size_t p, uint64_t seed, an_morris *m)
{
    memset(m, 0, sizeof *m);
    if (k < 1 || k > 40 || r < 1 || p < 2 || p % 2)
        return NABIJ_EINVAL;
    m->k = k;
    m->r = r;
    m->p = p;
    m->delta = (double)p / (2.0 * (double)(p - 1));
    m->x = sim_calloc(r * (k + 1) * k, sizeof *m->x);
    m->moved = sim_calloc(r * k, sizeof *m->moved);
    m->step = sim_calloc(r * k, sizeof *m->step);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k);
    double *u = sim_calloc(k, sizeof *u);
    size_t *order = sim_calloc(k, sizeof *order);
    if (!m->x || !m->moved || !m->step || !q || !u || !order) {
        if (q)
            gsl_qrng_free(q);
        sim_free(u);
        sim_free(order);
        an_morris_clear(m);
        return NABIJ_ENOMEM;
    }
    /* levels 0, 1/(p-1), ..., 1; a start level l allows a step up when l/(p-1) + delta <= 1,
     * i.e. l < p/2, and down otherwise: with p even exactly half the levels go each way. */
    gsl_qrng_get(q, u); /* skip the all-zero first point of the sequence */
    for (size_t t = 0; t < r; t++) {
        gsl_qrng_get(q, u);
        sim_rng_stream s;
        sim_rng_init(&s, seed, MORRIS_PURPOSE, (uint32_t)t, 0);
        double *x0 = &m->x[t * (k + 1) * k];
        for (size_t i = 0; i < k; i++) {
            size_t lev = (size_t)(u[i] * (double)p);
            if (lev >= p)
                lev = p - 1;
            x0[i] = (double)lev / (double)(p - 1);
            order[i] = i;
        }
        for (size_t i = k; i > 1; i--) { /* Fisher-Yates */
            size_t j = sim_rng_below(&s, (uint32_t)i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t j = 0; j < k; j++) {
            double *prev = &x0[j * k], *next = &x0[(j + 1) * k];
            memcpy(next, prev, k * sizeof *next);
            size_t i = order[j];
            double d = prev[i] + m->delta <= 1 + 1e-12 ? m->delta : -m->delta;
            next[i] = prev[i] + d;
            if (fabs(next[i]) < 1e-12)
                next[i] = 0;
            m->moved[t * k + j] = i;
            m->step[t * k + j] = d;
        }
    }
    gsl_qrng_free(q);
    sim_free(u);
    sim_free(order);
    return 0;
}

void an_morris_clear(an_morris *m)
{
    sim_free(m->x);
    sim_free(m->moved);
    sim_free(m->step);
    memset(m, 0, sizeof *m);
}

const double *an_morris_point(const an_morris *m, size_t t, size_t j)
{
    return &m->x[(t * (m->k + 1) + j) * m->k];
}

void an_morris_effects(const an_morris *m, const double *y, an_morris_effect *out)
{
    size_t k = m->k;
    for (size_t i = 0; i < k; i++)
        out[i] = (an_morris_effect){0, 0, 0};
    for (size_t t = 0; t < m->r; t++)
        for (size_t j = 0; j < k; j++) {
            size_t i = m->moved[t * k + j];
            double ee = (y[t * (k + 1) + j + 1] - y[t * (k + 1) + j]) / m->step[t * k + j];
            out[i].mu += ee;
            out[i].mu_star += fabs(ee);
        }
    for (size_t i = 0; i < k; i++) {
        out[i].mu /= (double)m->r;
        out[i].mu_star /= (double)m->r;
    }
    if (m->r < 2)
        return;
    for (size_t t = 0; t < m->r; t++)
        for (size_t j = 0; j < k; j++) {
            size_t i = m->moved[t * k + j];
            double ee = (y[t * (k + 1) + j + 1] - y[t * (k + 1) + j]) / m->step[t * k + j];
            out[i].sigma += (ee - out[i].mu) * (ee - out[i].mu);
        }
    for (size_t i = 0; i < k; i++)
        out[i].sigma = sqrt(out[i].sigma / (double)(m->r - 1));
}
