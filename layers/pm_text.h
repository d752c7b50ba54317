/* pm_text — the bound on every text planmap shapes (titles, labels, legend
 * entries, notes, project table cells, report titles).
 *
 * Shaping cost grows with the square of the combining marks stacked on one
 * character (HarfBuzz attaches each mark to the marks before it), so a title
 * of "a" and 200 000 accents would take minutes. Text is bounded in two ways
 * (docs/errors.md): at most PM_TEXT_MAX_CHARS characters (code points), and
 * at most PM_TEXT_MAX_MARKS combining marks and invisible format characters
 * (joiners, variation selectors, bidi controls) in a row — the limit of
 * Unicode's stream-safe text format (UAX #15), which no real script needs.
 */
#ifndef PM_TEXT_H
#define PM_TEXT_H

#include <stddef.h>

#define PM_TEXT_MAX_CHARS 5000
#define PM_TEXT_MAX_MARKS 30

/* 0 if `text` (NUL-terminated) is valid UTF-8 within both bounds; else -1
 * with the reason in `why` ("text of 5001 characters is longer than the 5000
 * allowed"). */
int pm_text_check(const char *text, char *why, size_t n);

/* The longest part of `text` that keeps within the bounds, for text nobody
 * checked (generated text, a library caller): marks past the limit are
 * dropped, invalid bytes become U+FFFD, a cut end gets "…". NULL when `text`
 * is within bounds as it is (use it), or out of memory (*nomem set). */
char *pm_text_bounded(const char *text, int *nomem);

#endif
