/* The draft plan folder `planmap extract` writes, in the data/plans/<id>/
 * schema: areas/lines/points.geojson (structures and their components),
 * projects.geojson, an empty relations.json, map.json (a plan-theme map of
 * it) and README.md (what was found, what could not be split). Every feature
 * is unplaced (geometry null, schematic, low confidence): the text gives no
 * position; its source cites the lines of the text it came from. */
#include "extract_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm_strings.h"
#include "pm_write.h"

static const char UNPLACED[] = "Not placed: drafted by planmap extract from the text, which "
                               "gives no position.";

enum { L_AREAS, L_LINES, L_POINTS, L_N };

static int layer_of(const char *kind)
{
    static const char *const lines[] = {"axis", "belt", "corridor", "ring", "river", "road",
                                        "rail", "greenway", NULL};
    static const char *const points[] = {"node", "hub", "facility", NULL};
    for (const char *const *k = lines; *k; k++)
        if (!strcmp(kind, *k))
            return L_LINES;
    for (const char *const *k = points; *k; k++)
        if (!strcmp(kind, *k))
            return L_POINTS;
    return L_AREAS;
}

static void prop(pm_sbuf *b, const char *key, const char *value, int first)
{
    pm_sbuf_addf(b, "%s\"%s\": ", first ? "" : ", ", key);
    if (value)
        pm_sbuf_json(b, value);
    else
        pm_sbuf_add(b, "null");
}

static void source(pm_sbuf *b, const pm_extract *x, int first, int last, const char *where)
{
    char s[64];
    snprintf(s, sizeof s, "%s:%d-%d ", x->plan_id, first, last);
    pm_sbuf_addf(b, ", \"source\": ");
    pm_sbuf b2 = {0};
    pm_sbuf_add(&b2, s);
    pm_sbuf_add(&b2, where && *where ? where : "text");
    pm_sbuf_json(b, b2.s ? b2.s : "");
    free(b2.s);
}

static void common(pm_sbuf *b, const pm_extract *x, const char *id, const char *name,
                   const char *name_en, const char *kind, const char *structure)
{
    pm_sbuf_add(b, "{\"type\": \"Feature\", \"properties\": {");
    prop(b, "id", id, 1);
    prop(b, "name", name, 0);
    prop(b, "name_en", name_en, 0);
    prop(b, "kind", kind, 0);
    prop(b, "structure", structure, 0);
    prop(b, "plan", x->plan, 0);
}

static void tail(pm_sbuf *b, const char *note)
{
    pm_sbuf_add(b, ", \"functions\": [], \"precision\": \"schematic\", \"confidence\": \"low\"");
    prop(b, "note", note, 0);
    pm_sbuf_add(b, "}, \"geometry\": null}");
}

/* The one alias a feature may have: what its cited line holds. */
static void aliases(pm_sbuf *b, const char *alias)
{
    if (alias) {
        pm_sbuf_add(b, ", \"aliases\": [");
        pm_sbuf_json(b, alias);
        pm_sbuf_add(b, "]");
    }
}

static void structure_features(const pm_extract *x, pm_sbuf *layers, int *count)
{
    for (int i = 0; i < x->n_structs; i++) {
        const pm_ex_struct *st = &x->structs[i];
        char id[32], en[64];
        snprintf(id, sizeof id, "s%02d", i + 1);
        snprintf(en, sizeof en, "Structure %d (draft)", i + 1);
        pm_sbuf *b = &layers[layer_of(st->kind)];
        pm_sbuf_add(b, count[layer_of(st->kind)]++ ? ",\n" : "\n");
        common(b, x, id, st->name, en, st->kind, st->name);
        aliases(b, st->alias);
        source(b, x, st->line, st->line, "structure");
        tail(b, UNPLACED);
        for (int k = 0; k < st->n_parts; k++) {
            const pm_ex_part *pt = &st->parts[k];
            snprintf(id, sizeof id, "s%02d-%02d", i + 1, k + 1);
            snprintf(en, sizeof en, "Part %d of structure %d (draft)", k + 1, i + 1);
            int l = layer_of(pt->kind ? pt->kind : st->kind);
            b = &layers[l];
            pm_sbuf_add(b, count[l]++ ? ",\n" : "\n");
            common(b, x, id, pt->name, en, pt->kind ? pt->kind : st->kind, st->name);
            source(b, x, pt->line, pt->line, st->name);
            tail(b, UNPLACED);
        }
    }
}

/* A box's number as written (12, １２, 5-1, 十二) in ASCII digits. */
static void box_number_en(char *out, size_t n, const char *num)
{
    static const char numerals[] = "一二三四五六七八九";
    size_t k = 0;
    int value = 0, tens = 0, len;
    for (const char *p = num; *p && k + 2 < n; p += len) {
        unsigned cp = pm_ex_cp(p, &len);
        const char *at = cp >= 0x80 ? strstr(numerals, (char[5]){p[0], p[1], p[2], 0}) : NULL;
        if (pm_ex_is_digit(cp))
            out[k++] = (char)('0' + (cp >= 0xFF10 ? cp - 0xFF10 : cp - '0'));
        else if (cp == '-' || cp == 0xFF0D || cp == 0x2014 || cp == '.' || cp == 0xFF0E)
            out[k++] = cp == '.' || cp == 0xFF0E ? '.' : '-';
        else if (cp == 0x5341)                             /* 十 */
            tens = 1, value = (value ? value : 1) * 10;
        else if (at && len == 3 && (at - numerals) % 3 == 0)
            value += (int)((at - numerals) / 3) + 1;
        else
            break;
    }
    out[k] = '\0';
    if (!k && (value || tens))
        snprintf(out, n, "%d", value);
}

/* "专栏12 …" → "Box 12", "重点工程3 …" → "Key project 3". */
static void column_en(char *out, size_t n, const char *column)
{
    char num[16];
    int box = pm_ex_has_prefix(column, "专栏");
    if (!box && !pm_ex_has_prefix(column, "重点工程")) {
        snprintf(out, n, "Running text");                 /* 正文 */
        return;
    }
    box_number_en(num, sizeof num, column + strlen(box ? "专栏" : "重点工程"));
    snprintf(out, n, box ? "Box %s" : "Key project %s", num);
}

static void project_features(const pm_extract *x, pm_sbuf *b)
{
    for (int i = 0; i < x->n_projects; i++) {
        const pm_ex_project *p = &x->projects[i];
        char id[32], en[64], col_en[64];
        snprintf(id, sizeof id, "p%04d", i + 1);
        snprintf(en, sizeof en, "Project %d (draft)", i + 1);
        const char *column = p->column ? p->column : "正文";
        column_en(col_en, sizeof col_en, column);
        pm_sbuf_add(b, i ? ",\n" : "\n");
        common(b, x, id, p->name, en, "project", NULL);
        aliases(b, p->alias);
        source(b, x, p->first, p->last, column);
        prop(b, "column", column, 0);
        prop(b, "column_en", col_en, 0);
        prop(b, "category", p->category ? p->category : "", 0);
        prop(b, "category_en", p->category ? "Category (draft)" : "", 0);
        prop(b, "place", p->place, 0);
        prop(b, "place_en", p->place ? "Place (draft)" : NULL, 0);
        prop(b, "zone", NULL, 0);
        const char *unplaced = p->column ? "Not placed: a box item; the text gives no position."
                                         : "Not placed: named in the running text, which gives "
                                           "no position.";
        if (!p->remark) {
            tail(b, unplaced);
            continue;
        }
        /* the verb, count or note the name was cut from, kept for the reader */
        pm_sbuf note = {0};
        pm_sbuf_addf(&note, "Text: %s. %s", p->remark, unplaced);
        tail(b, note.s ? note.s : unplaced);
        b->nomem |= note.nomem;
        free(note.s);
    }
}

static pm_status write_text(const char *dir, const char *file, pm_sbuf *b, pm_error *err)
{
    if (b->nomem)
        return pm_error_set(err, PM_ERR_NOMEM, "out of memory writing %s", file);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return pm_write_file(path, b->s ? b->s : "", b->len, NULL, err);
}

/* `file` of the draft written when it has something, else an earlier
 * draft's removed: validate refuses an empty layer. */
static pm_status write_or_remove(const char *dir, const char *file, pm_sbuf *b, int has,
                                 pm_error *err)
{
    if (has)
        return write_text(dir, file, b, err);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    if (unlink(path) != 0 && errno != ENOENT)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot remove: %s", path, strerror(errno));
    return PM_OK;
}

static void readme(const pm_extract *x, pm_sbuf *b, const char *text_name)
{
    pm_sbuf_addf(b, "# %s — draft\n\n", x->plan ? x->plan : "plan");
    pm_sbuf_addf(b, "Drafted by `planmap extract` from `%s` (%d lines%s). Sources cite its "
                    "1-based lines as `%s:<first>-<last>`. Every feature is unplaced "
                    "(`geometry: null`, `precision: schematic`, `confidence: low`): the text "
                    "gives no position; names are the text's words, "
                    "English names are placeholders.\n\n",
                 text_name, x->text.n_lines, x->text.was_gbk ? ", converted from GBK" : "",
                 x->plan_id);
    pm_sbuf_add(b, "## Structures\n\n| structure | kind | line | components |\n|---|---|---|---|\n");
    for (int i = 0; i < x->n_structs; i++) {
        const pm_ex_struct *st = &x->structs[i];
        pm_sbuf_addf(b, "| %s | %s | %d | ", st->name, st->kind, st->line);
        for (int k = 0; k < st->n_parts; k++)
            pm_sbuf_addf(b, "%s%s", k ? "、" : "", st->parts[k].name);
        pm_sbuf_add(b, " |\n");
    }
    pm_sbuf_add(b, x->n_boxes ? "\n## Boxes (专栏)\n\n| box | lines | projects |\n|---|---|---|\n"
                              : "\n## Boxes (专栏)\n\nThe text has no numbered box (专栏N, 重点工程N).\n");
    for (int i = 0; i < x->n_boxes; i++)
        pm_sbuf_addf(b, "| %s | %d-%d | %d%s |\n", x->boxes[i].title, x->boxes[i].first,
                     x->boxes[i].last, x->boxes[i].items,
                     strstr(x->boxes[i].title, "指标") ? " (indicator table, skipped)" : "");
    int running = 0;
    for (int i = 0; i < x->n_projects; i++)
        running += x->projects[i].column == NULL;
    pm_sbuf_addf(b, "\nNamed projects of the running text: %d (column `正文`).\n", running);
    pm_sbuf_add(b, "\n## Not split\n\n");
    if (!x->n_boxes)
        pm_sbuf_add(b, "No box paragraph to split.\n");
    else if (!x->n_unsplit)
        pm_sbuf_add(b, "Every box paragraph gave at least one item.\n");
    for (int i = 0; i < x->n_unsplit; i++)
        pm_sbuf_addf(b, "- %s\n", x->unsplit[i]);
}

static void map_spec(const pm_extract *x, pm_sbuf *b, const int *count, const char *const *names)
{
    pm_sbuf_add(b, "{\"title\": ");
    pm_sbuf_json(b, x->plan ? x->plan : "plan");
    pm_sbuf_add(b, ", \"subtitle\": \"planmap extract draft (schematic)\", \"theme\": \"plan\",\n"
                   " \"page\": {\"size\": \"A4\", \"orientation\": \"landscape\", \"dpi\": 150},\n"
                   " \"layers\": [\n");
    const char *sep = "";
    for (int l = 0; l < L_N; l++)
        if (count[l]) {
            pm_sbuf_addf(b, "%s  {\"name\": \"%s\", \"source\": \"%s.geojson\", "
                            "\"style\": {\"label\": \"name\"}}", sep, names[l], names[l]);
            sep = ",\n";
        }
    if (x->n_projects)
        pm_sbuf_addf(b, "%s  {\"name\": \"projects\", \"source\": \"projects.geojson\", \"projects\": true,\n"
                        "   \"style\": {\"label\": \"name\", \"marker\": \"circle\", \"marker_size\": 8}}",
                     sep);
    pm_sbuf_add(b, "\n ],\n \"legend\": {\"show\": true}, \"scale_bar\": true, \"north_arrow\": true}\n");
}

/* The draft folder, made when missing (after the text was read, so a text
 * that cannot be read leaves nothing behind). */
static pm_status make_dir(const char *dir, pm_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) ? PM_OK
                                   : pm_error_set(err, PM_ERR_IO, "%s: not a folder", dir);
    if (mkdir(dir, 0777) != 0)
        return pm_error_set(err, PM_ERR_IO, "%s: cannot make the folder: %s", dir,
                            strerror(errno));
    return PM_OK;
}

pm_status pm_ex_write(const pm_extract *x, const char *dir, pm_error *err)
{
    if (make_dir(dir, err) != PM_OK)
        return err->status;
    pm_sbuf layers[L_N] = {{0}}, projects = {0}, rd = {0}, spec = {0}, rel = {0};
    int count[L_N] = {0};
    static const char *const names[L_N] = {"areas", "lines", "points"};
    for (int l = 0; l < L_N; l++)
        pm_sbuf_addf(&layers[l], "{\"type\": \"FeatureCollection\", \"name\": \"%s\", "
                                 "\"features\": [", names[l]);
    structure_features(x, layers, count);
    pm_sbuf_add(&projects, "{\"type\": \"FeatureCollection\", \"name\": \"projects\", \"features\": [");
    project_features(x, &projects);
    pm_sbuf_add(&projects, "\n]}\n");
    pm_sbuf_add(&rel, "[]\n");
    const char *slash = strrchr(x->text_name, '/');
    readme(x, &rd, slash ? slash + 1 : x->text_name);
    map_spec(x, &spec, count, names);
    pm_status st = PM_OK;
    pm_write_group files;
    pm_write_hold(&files);
    int any = x->n_projects > 0;
    for (int l = 0; l < L_N && st == PM_OK; l++) {
        char file[32];
        snprintf(file, sizeof file, "%s.geojson", names[l]);
        pm_sbuf_add(&layers[l], "\n]}\n");
        st = write_or_remove(dir, file, &layers[l], count[l] > 0, err);
        any |= count[l] > 0;
    }
    if (st == PM_OK)
        st = write_or_remove(dir, "projects.geojson", &projects, x->n_projects > 0, err);
    if (st == PM_OK)
        st = write_text(dir, "relations.json", &rel, err);
    if (st == PM_OK)   /* a map of nothing is no map: the README says what was read */
        st = write_or_remove(dir, "map.json", &spec, any, err);
    if (st == PM_OK)
        st = write_text(dir, "README.md", &rd, err);
    st = pm_write_release(&files, st, err);
    for (int l = 0; l < L_N; l++)
        free(layers[l].s);
    free(projects.s);
    free(rd.s);
    free(spec.s);
    free(rel.s);
    return st;
}
