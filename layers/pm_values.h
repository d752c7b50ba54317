/* pm_values — how layers read property values as text (a pm_prop_getter
 * hands back strings): numbers, SQL LIKE patterns, and label templates
 * (docs/spec.md, "Labels"), for the rule matcher, the spec reader and the
 * label placer in render/.
 */
#ifndef PM_VALUES_H
#define PM_VALUES_H

#include <stddef.h>

#include "pm_spec_data.h"
#include "pm_strings.h"

/* 1 and *out when `text` is wholly a finite decimal number ("12", "-3.5",
 * "1e6"; not " 12", "0x10", "nan"), read independent of the locale. */
int pm_number_parse(const char *text, double *out);
/* Appends the number text `num` ("-1234567.5") with commas between groups
 * of three digits before the point ("-1,234,567.5"), as label templates
 * ("{invest:,}") and legends write numbers in every language. */
void pm_number_add_grouped(pm_sbuf *b, const char *num);
/* 1 when `text` matches SQL LIKE `pattern` ('%', '_' one UTF-8 character,
 * '\' escapes), case-sensitive (rules.c). */
int pm_like_match(const char *pattern, const char *text);

/* The field --lang en shows for a label field: "name" → "name_en",
 * "short_name" → "short_name_en"; NULL for a field already English (ending
 * in "_en") or longer than buf (rules.c). */
const char *pm_label_field_en(const char *label, char *buf, size_t n);

/* A label is a template when it holds "{" ("{name}（{invest:.1f} 亿元）"),
 * else the name of the property shown. */
int pm_label_is_template(const char *label);
/* 0 if `label` is a valid template (or a plain field name), else -1 with
 * the reason in `why` (an unclosed brace, a bad number format, no field). */
int pm_label_check(const char *label, char *why, size_t n);
/* Calls fn(field, ctx) for every property the label reads, each once, in
 * order (the label itself when it is not a template); the English variants
 * (pm_label_field_en) are not included. Returns the count, or -1 if out of
 * memory. */
int pm_label_each_field(const char *label, void (*fn)(const char *field, void *ctx), void *ctx);
/* The parts of a valid template in order, for writing it in another
 * language (QGIS, SLD): literal text (braces undoubled) or a field with its
 * format (decimals, -1 for none; grouped: thousands separators). */
typedef void (*pm_label_part_fn)(const char *text, int is_field, int decimals, int grouped,
                                 void *ctx);
void pm_label_parts(const char *label, pm_label_part_fn fn, void *ctx);
/* Chinese, English (Chinese when there is none) or both on two lines when
 * they differ: which of two texts a language shows; `buf` holds "zh\nen". */
const char *pm_lang_pick(pm_lang lang, const char *zh, const char *en, char *buf, size_t n);
/* The text a label shows for a feature in `lang`, or NULL for none. A
 * plain field X shows X, its English X_en under en (when present) and both
 * under zh+en. A template fills each {X} the same way field by field (X_en
 * under en when the feature has it) and shows nothing when every field it
 * reads is empty. The text may be cut, at a character, to fit `buf`. */
const char *pm_label_text(const char *label, pm_lang lang, pm_prop_getter get,
                          const void *feature, char *buf, size_t n);

#endif
