/* fuzz_scenario.c: fuzz target for the scenario loader (scn_load_text with the real
 * sections of every model). A loaded scenario must print as YAML that loads back to the same
 * text; a rejected one must say why. Comment lines "#set section.key=value" are applied
 * afterwards with scn_set, which fuzzes the --set parser too. Built with libFuzzer
 * (NABIJ_FUZZ) or with fuzz_replay.c as a plain program that replays the corpus. */
#include "alloc.h"
#include "runner.h"
#include "scenario.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static scn_scenario *fresh(void)
{
    size_t ns;
    const scn_section *const *secs = nabij_sections(&ns);
    scn_scenario *s = NULL;
    if (scn_create(secs, ns, &s))
        abort();
    return s;
}

/* Apply every "#set " line of the input (at most 16). */
static void apply_sets(scn_scenario *s, const char *text, size_t size)
{
    int n = 0;
    for (size_t i = 0; i + 5 < size && n < 16; i++) {
        if ((i == 0 || text[i - 1] == '\n') && memcmp(text + i, "#set ", 5) == 0) {
            size_t e = i + 5;
            while (e < size && text[e] != '\n' && text[e] != 0)
                e++;
            char line[512];
            size_t len = e - i - 5 < sizeof line - 1 ? e - i - 5 : sizeof line - 1;
            memcpy(line, text + i + 5, len);
            line[len] = 0;
            if (scn_set(s, line) && !scn_errmsg(s)[0])
                abort(); /* a rejected --set must say why */
            n++;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn_scenario *s = fresh();
    /* base: files are looked up in a folder that does not exist */
    int rc = scn_load_text(s, (const char *)data, size, "<fuzz>", "/nonexistent-nabij-fuzz/");
    if (rc) {
        if (!scn_errmsg(s)[0])
            abort(); /* a rejected file must say why */
        scn_destroy(s);
        return 0;
    }
    apply_sets(s, (const char *)data, size);
    char *y1 = scn_to_yaml(s);
    if (!y1)
        abort();
    scn_scenario *t = fresh();
    if (scn_load_text(t, y1, strlen(y1), "<roundtrip>", NULL))
        abort(); /* the resolved scenario must load back */
    char *y2 = scn_to_yaml(t);
    if (!y2 || strcmp(y1, y2) != 0)
        abort(); /* ... to the same values */
    sim_free(y1);
    sim_free(y2);
    scn_destroy(t);
    scn_destroy(s);
    return 0;
}
