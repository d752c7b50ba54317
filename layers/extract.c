/* `planmap extract`: read a plan text, find its structures and projects,
 * write the draft folder (extract_text.c, extract_struct.c,
 * extract_projects.c, extract_write.c). */
#include "pm_extract.h"
#include "extract_internal.h"
#include "pm_alloc.h"
#include "pm_strings.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The plan's title: the first line with Han characters, cleaned. */
static char *title_of(const pm_ex_text *t)
{
    for (int i = 0; i < t->n_lines && i < 40; i++) {
        const char *l = t->line[i];
        if (pm_ex_han_count(l, strlen(l)) >= 4)
            return pm_ex_clean(l, strlen(l));
    }
    return strdup("plan");
}

static pm_status plan_id_of(const char *path, const char *given, char out[8], pm_error *err)
{
    const char *base = strrchr(path, '/');
    const char *id = given ? given : base ? base + 1 : path;
    if (isdigit((unsigned char)id[0]) && isdigit((unsigned char)id[1]) &&
        isdigit((unsigned char)id[2]) && (given ? id[3] == '\0' : !isdigit((unsigned char)id[3]))) {
        memcpy(out, id, 3);
        out[3] = '\0';
        return PM_OK;
    }
    if (given)
        return pm_error_set(err, PM_ERR_USAGE, "--plan-id '%s' is not 3 digits (000-999)", given);
    return pm_error_set(err, PM_ERR_USAGE,
                        "%s: the file's name does not start with a 3-digit plan id; give "
                        "--plan-id NNN (sources cite NNN:<line>)", path);
}

void pm_ex_free(pm_extract *x)
{
    for (int i = 0; i < x->n_structs; i++) {
        for (int k = 0; k < x->structs[i].n_parts; k++)
            free(x->structs[i].parts[k].name);
        free(x->structs[i].parts);
        free(x->structs[i].name);
        free(x->structs[i].alias);
    }
    for (int i = 0; i < x->n_projects; i++) {
        free(x->projects[i].name);
        free(x->projects[i].column);
        free(x->projects[i].category);
        free(x->projects[i].place);
        free(x->projects[i].alias);
        free(x->projects[i].remark);
    }
    for (int i = 0; i < x->n_boxes; i++)
        free(x->boxes[i].title);
    pm_strv_free(x->unsplit, x->n_unsplit);
    PM_FREE_ALL(x->structs, x->projects, x->boxes, x->plan);
    pm_ex_text_free(&x->text);
}

static void summarise(const pm_extract *x, pm_extract_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    sum->structures = x->n_structs;
    for (int i = 0; i < x->n_structs; i++)
        sum->components += x->structs[i].n_parts;
    sum->boxes = x->n_boxes;
    for (int i = 0; i < x->n_projects; i++)
        *(x->projects[i].column ? &sum->box_projects : &sum->text_projects) += 1;
    sum->unsplit = x->n_unsplit;
    sum->lines = x->text.n_lines;
    sum->was_gbk = x->text.was_gbk;
}

pm_status pm_extract_plan(const char *path, const char *dir, const char *plan_id,
                          pm_extract_summary *sum, pm_error *err)
{
    pm_extract x = {0};
    x.text_name = path;
    if (pm_ex_text_read(path, &x.text, err) != PM_OK)
        return err->status;
    if (plan_id_of(path, plan_id, x.plan_id, err) != PM_OK) {
        pm_ex_text_free(&x.text);
        return err->status;
    }
    x.plan = title_of(&x.text);
    pm_ex_structures(&x);
    pm_ex_projects(&x);
    pm_status st = x.nomem || !x.plan
                       ? pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path)
                       : pm_ex_write(&x, dir, err);
    if (st == PM_OK && sum)
        summarise(&x, sum);
    pm_ex_free(&x);
    return st;
}
