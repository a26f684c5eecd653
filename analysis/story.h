/* story.h: turning events into plain sentences. An event kind carries a sentence template
 * with the placeholders {person} {household} {cp} {amount}; its counterpart codes may be
 * named ("tax office|CJIB|..."). This module fills templates and tells one household's
 * history; it does no file I/O except writing to a FILE the caller gives, so the viewer
 * can use it on events it holds in memory. */
#ifndef AN_STORY_H
#define AN_STORY_H
#include "h5read.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Fill "tmpl" for one event into "buf" (size "n", always NUL-terminated). {person} and
 * {household} become "person 31" / "household 12"; {cp} the counterpart's name from
 * "cp_names" ("a|b|c", code 0 = a) or its number when it is not named; {amount} a euro
 * amount ("€1,200", "€254.50") unless the word after it names another unit ("weeks",
 * "days", "hours", "months", "letters", "persons", "times", "%") or a word shortly before
 * it names another quantity ("severity", "share", "score", "probability", "rate"): then a
 * plain number.
 * Unknown placeholders are copied as they are; the sentence starts with a capital. Returns
 * the length it wanted to write. */
size_t an_story_format(const char *tmpl, const char *cp_names, int32_t household,
                       int32_t person, int32_t counterpart, double amount, char *buf,
                       size_t n);

/* The sentence of event "e" with the kind table "kinds" (n_kinds rows); an event of an
 * unknown kind becomes "Event <kind> happened." */
size_t an_story_event(const an_event_kind *kinds, size_t n_kinds, const an_event *e,
                      char *buf, size_t n);

/* "YYYY-MM-DD" of the start of tick "tick" for a run starting on "start_day" (days since
 * 1970-01-01) with "days_per_tick"; buf holds at least 11 bytes. */
void an_story_date(int32_t start_day, int32_t days_per_tick, int32_t tick, char *buf,
                   size_t n);

/* Tell the history of "household" from "n_events" events (in file order) to "out": one
 * line per tick with events, "YYYY-MM-DD (week T): sentence sentence ...", identical
 * sentences of one tick merged ("... (3 times)."). Returns the number of events told. */
size_t an_story_household(const an_event_kind *kinds, size_t n_kinds, const an_event *events,
                          size_t n_events, int32_t household, int32_t start_day,
                          int32_t days_per_tick, FILE *out);
#endif
