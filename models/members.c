/* members.c: serial changes of household membership (chains of persons through
 * persons.next_member). It keeps households.members equal to the chain length and the
 * head (first_member) the first of the chain; it decides nothing itself. */
#include "members.h"
#include "../sim/nabij.h"
#include "common.h"

int mdl_members_bind(sim_world *w, mdl_members *m)
{
    m->household = sim_col(w, SIM_PERSON, "household");
    m->next = sim_col(w, SIM_PERSON, "next_member");
    m->partner = sim_col(w, SIM_PERSON, "partner");
    m->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    m->registered = sim_col(w, SIM_PERSON, "registered");
    m->permit = sim_col(w, SIM_PERSON, "permit");
    m->lodger = sim_col(w, SIM_PERSON, "commercial_lodger");
    m->first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    m->area = sim_col(w, SIM_HOUSEHOLD, "area");
    m->host = sim_col(w, SIM_HOUSEHOLD, "host_household");
    m->guest = sim_col(w, SIM_HOUSEHOLD, "guest_household");
    m->count = sim_col(w, SIM_HOUSEHOLD, "members");
    m->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    m->x = sim_col(w, SIM_HOUSEHOLD, "x");
    m->y = sim_col(w, SIM_HOUSEHOLD, "y");
    m->map_width = sim_col(w, SIM_GLOBAL, "map_width");
    if (!m->household || !m->next || !m->partner || !m->first || !m->host || !m->guest ||
        !m->map_width || !m->count || !m->housing || !m->x) {
        sim_world_fail(w, "household membership needs the population model before it");
        return NABIJ_EINVAL;
    }
    return 0;
}

void mdl_members_remove(mdl_members *m, int32_t i)
{
    int32_t h = m->household[i];
    if (h < 0)
        return;
    if (m->first[h] == i) {
        m->first[h] = m->next[i];
    } else {
        int32_t j = m->first[h];
        while (j >= 0 && m->next[j] != i)
            j = m->next[j];
        if (j >= 0)
            m->next[j] = m->next[i];
    }
    m->next[i] = -1;
    m->household[i] = -1;
    if (m->count[h])
        m->count[h]--;
    if (m->partner[i] >= 0) {
        m->partner[m->partner[i]] = -1;
        m->partner[i] = -1;
    }
}

void mdl_members_append(mdl_members *m, int32_t i, int32_t h)
{
    m->next[i] = -1;
    m->household[i] = h;
    if (m->first[h] < 0) {
        m->first[h] = i;
    } else {
        int32_t j = m->first[h];
        while (m->next[j] >= 0)
            j = m->next[j];
        m->next[j] = i;
    }
    if (m->count[h] < 255)
        m->count[h]++;
}

void mdl_members_move(mdl_members *m, int32_t i, int32_t h)
{
    mdl_members_remove(m, i);
    mdl_members_append(m, i, h);
    if (m->registered)
        m->registered[i] = 1;
    if (m->lodger)
        m->lodger[i] = 0;
}

int mdl_members_new_household(sim_world *w, mdl_members *m, int32_t near, uint8_t housing,
                              int32_t *out)
{
    uint32_t h;
    *out = -1;
    if (sim_world_count(w, SIM_HOUSEHOLD) >= sim_world_capacity(w, SIM_HOUSEHOLD))
        return NABIJ_ECAPACITY; /* the caller skips the event; the run goes on */
    int rc = sim_world_add(w, SIM_HOUSEHOLD, 1, &h);
    if (rc)
        return rc;
    int32_t wd = m->map_width[0] > 0 ? m->map_width[0] : 1;
    m->first[h] = -1;
    m->count[h] = 0;
    m->host[h] = m->guest[h] = -1;
    m->housing[h] = housing;
    m->area[h] = near >= 0 ? m->area[near] : 0;
    m->x[h] = (int16_t)((int32_t)h % wd);
    m->y[h] = (int16_t)((int32_t)h / wd);
    *out = (int32_t)h;
    return 0;
}

int mdl_members_new_person(sim_world *w, mdl_members *m, int32_t h, int32_t birth_day,
                           int32_t *out)
{
    uint32_t i;
    *out = -1;
    if (sim_world_count(w, SIM_PERSON) >= sim_world_capacity(w, SIM_PERSON))
        return NABIJ_ECAPACITY; /* the caller skips the event; the run goes on */
    int rc = sim_world_add(w, SIM_PERSON, 1, &i);
    if (rc)
        return rc;
    m->birth_day[i] = birth_day;
    m->partner[i] = -1;
    m->registered[i] = 1;
    m->permit[i] = 1;
    m->household[i] = -1;
    mdl_members_append(m, (int32_t)i, h);
    *out = (int32_t)i;
    return 0;
}
