/* Inside `planmap extract`: the plan text as numbered lines, and what the
 * readers of structures (extract_struct.c) and projects (extract_projects.c)
 * find in it, before extract_write.c writes the draft folder. */
#ifndef PM_EXTRACT_INTERNAL_H
#define PM_EXTRACT_INTERNAL_H

#include <stddef.h>

#include "pm_error.h"

/* The text, UTF-8, split into lines: line[i] is line i + 1 of the file. */
typedef struct pm_ex_text {
    char *buf;
    char **line;
    int n_lines;
    int was_gbk;     /* converted from GBK/GB18030 */
} pm_ex_text;

pm_status pm_ex_text_read(const char *path, pm_ex_text *t, pm_error *err);
void pm_ex_text_free(pm_ex_text *t);

/* UTF-8 helpers over one line. */
unsigned pm_ex_cp(const char *s, int *len);          /* code point at s, its length */
int pm_ex_is_han(unsigned cp);
int pm_ex_is_digit(unsigned cp);                      /* 0-9 or full-width ０-９ */
int pm_ex_has_prefix(const char *s, const char *prefix);
int pm_ex_ends_with(const char *s, size_t n, const char *suffix);
size_t pm_ex_han_count(const char *s, size_t n);
/* A plan's heading line: 第…篇/章/节, 一、, （一）, markdown #; 1 if so. */
int pm_ex_is_heading(const char *line);
/* List bullets an item may start with (- • ● … ——). */
extern const char *const pm_ex_bullets[];
/* `s` without markdown marks (#, **, leading bullets) and outer blanks, new. */
char *pm_ex_clean(const char *s, size_t n);
/* A word list: words of plans, NULL-ended. */
typedef const char *const pm_ex_words[];
/* The length of the word of `list` that `s` starts with, 0 if none; 1 when
 * [s, s+n) ends with one and is longer than it. */
size_t pm_ex_starts(const char *s, pm_ex_words list);
int pm_ex_ends_in(const char *s, size_t n, pm_ex_words list);
/* The length of the code point at s (1 for a broken byte). */
size_t pm_ex_next_cp(const char *s);

/* The word lists the project reader goes by (extract_words.c says what
 * each holds). */
extern pm_ex_words pm_ex_adverb, pm_ex_build, pm_ex_context, pm_ex_suffix, pm_ex_works,
    pm_ex_clause, pm_ex_title, pm_ex_quantity, pm_ex_land, pm_ex_project_words, pm_ex_means, pm_ex_programme,
    pm_ex_place, pm_ex_place_longer, pm_ex_place_common, pm_ex_tail,
    pm_ex_class_noun, pm_ex_class_modifier, pm_ex_zone_noun;

/* Where a count ends an item (社区养老服务中心20个, …平台 50 家以上 → at the
 * digits), or n (extract_words.c). */
size_t pm_ex_count_tail(const char *s, size_t n);

/* A structure phrase and its components. */
typedef struct pm_ex_part {
    char *name;
    const char *kind;
    int line;
} pm_ex_part;

typedef struct pm_ex_struct {
    char *name;
    char *alias;        /* what the cited line holds when the name is not in it */
    const char *kind;
    int line;           /* first line that names it */
    pm_ex_part *parts;
    int n_parts, cap_parts;
    int system;         /* digits the text names a system with (“1+3+N”产业体系) */
} pm_ex_struct;

/* One project: a 专栏 item (column set) or a named project of the running
 * text (column NULL). */
typedef struct pm_ex_project {
    char *name, *column, *category, *place;
    char *alias;        /* what the cited line holds when the name is not in it */
    char *remark;       /* what the text says of it besides its name (新建; 20个; 总投资…) */
    int first, last;
} pm_ex_project;

/* A 专栏 box: its title line and the lines it spans. */
typedef struct pm_ex_box {
    char *title;
    int first, last, items;
} pm_ex_box;

typedef struct pm_extract {
    pm_ex_text text;
    const char *text_name;      /* the file read, as given */
    char *plan;                 /* the plan's title */
    char plan_id[8];
    pm_ex_struct *structs;
    int n_structs, cap_structs;
    pm_ex_project *projects;
    int n_projects, cap_projects;
    pm_ex_box *boxes;
    int n_boxes, cap_boxes;
    char **unsplit;             /* box paragraphs no rule split, "line N: text" */
    int n_unsplit, cap_unsplit;
    int nomem;
} pm_extract;

void pm_ex_structures(pm_extract *x);
/* 1 when [s, s+n) is a count-and-noun phrase from end to end (一带一路,
 * 两江四岸): a layout or a slogan, never one place. */
int pm_ex_is_phrase(const char *s, size_t n);
void pm_ex_projects(pm_extract *x);
pm_status pm_ex_write(const pm_extract *x, const char *dir, pm_error *err);
void pm_ex_free(pm_extract *x);

/* Append helpers that set x->nomem on failure. */
pm_ex_project *pm_ex_add_project(pm_extract *x, char *name, const char *column,
                                 const char *category, char *place, int first, int last);
void pm_ex_add_unsplit(pm_extract *x, int line, const char *text, size_t n);

/* The sentences' projects (extract_projects.c), for the boxes' reader
 * (extract_boxes.c): one list item, if it reads as a name; the lists of
 * [s, end) under `category`; the named projects of a running sentence.
 * Each returns how many items it found. */
int pm_ex_add_item(pm_extract *x, const char *s, size_t n, const char *column,
                   const char *category, int line);
/* The same with what the text says of the item besides its name (the note
 * after "Name：", NULL if none). */
int pm_ex_add_noted(pm_extract *x, const char *s, size_t n, const char *column,
                    const char *category, int line, const char *remark);
int pm_ex_body_lists(pm_extract *x, const char *s, const char *end, const char *column,
                     const char *category, int line);
int pm_ex_bare_list(pm_extract *x, const char *s, const char *column, const char *category,
                    int line);
int pm_ex_named_projects(pm_extract *x, const char *s, const char *column,
                         const char *category, int line);

/* One item of a list and what a shared noun makes of it: split (when not
 * NULL) is where the part after a joiner starts; add, add_head: the noun is
 * appended to the part (to the whole item when not split); head_in_run: the
 * part before the joiner is a bare name of the run. */
typedef struct pm_ex_list_item {
    const char *s;
    size_t n;
    const char *split;
    size_t joiner;
    int add, add_head, head_in_run;
    const char *noun;                 /* the run's noun (工业园区), NULL outside a run */
    size_t noun_n;
    int zone;                         /* the noun names a zone: its name is its place */
    const char *run, *run_end;        /* the run's text, as the line holds it */
} pm_ex_list_item;
/* Mark the runs of it[0..n) that share a class noun (extract_nouns.c): for
 * each item that ends in a class noun after a bare name, the bare names
 * before it take its noun. */
void pm_ex_shared_nouns(pm_ex_list_item *it, int n);

#endif
