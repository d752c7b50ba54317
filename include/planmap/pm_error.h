/* pm_error — status codes and one-line error messages shared by every stage.
 *
 * Every fallible function takes a `pm_error *` (may be NULL) and returns a
 * pm_status; on failure the message names the file, the place in it and the
 * reason, e.g. "map.json: layers[2].rules[0].stroke: expected a colour, got 12".
 */
#ifndef PM_ERROR_H
#define PM_ERROR_H

#include "pm_api.h"

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

typedef enum pm_status {
    PM_OK = 0,
    PM_ERR_USAGE,   /* bad command line or API misuse */
    PM_ERR_IO,      /* missing/unreadable/unwritable file */
    PM_ERR_PARSE,   /* malformed JSON or other syntax */
    PM_ERR_SPEC,    /* well-formed spec with a wrong value */
    PM_ERR_DATA,    /* bad layer data: geometry, coordinates, properties */
    PM_ERR_CRS,     /* unknown CRS or failed transformation */
    PM_ERR_RENDER,  /* Cairo/Pango failure, unknown font */
    PM_ERR_NOMEM
} pm_status;

#define PM_ERROR_MAX 1024

typedef struct pm_error {
    pm_status status;
    char msg[PM_ERROR_MAX];
} pm_error;

/* Record an error (printf-style message, kept to one line) and return `status`.
 * A NULL `err` is allowed: the status is still returned. */
PM_API pm_status pm_error_set(pm_error *err, pm_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix an existing message with "prefix: " (e.g. the file name). */
PM_API pm_status pm_error_prefix(pm_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

PM_API void pm_error_clear(pm_error *err);

/* Copy `src` into `dst` (`cap` bytes, NUL included) with everything a
 * terminal would act on made visible, so data (a feature id, a layer or file
 * name) can neither start a new line nor send escape sequences: \n \r \t
 * and the other C0 controls and DEL as \xNN, C1 controls and the line and
 * paragraph separators as \uNNNN, bytes that are not UTF-8 as \xNN. Valid
 * UTF-8 (Chinese text) is kept; a backslash is kept as it is, so escaping
 * twice changes nothing. An escape or a character is never cut in half.
 * Returns strlen(dst). Every message is made with it: pm_error_set,
 * pm_error_prefix and the program's printed lines. */
PM_API size_t pm_text_escape(char *dst, size_t cap, const char *src);

/* A line of a message: printf-style, cut to PM_LINE_MAX - 1 bytes (a
 * character cut in half there is dropped), then escaped with pm_text_escape
 * into `dst` (4 * PM_LINE_MAX bytes hold any). Returns strlen(dst). */
#define PM_LINE_MAX 4096
PM_API size_t pm_text_vformat(char *dst, size_t cap, const char *fmt, va_list ap);

/* The same line and a newline written to `out` (a stream the caller owns:
 * the library itself only ever hands it an in-memory one). */
PM_API void pm_text_vprint(FILE *out, const char *fmt, va_list ap);

/* Stable short name of a status, e.g. "io" or "spec". */
PM_API const char *pm_status_name(pm_status status);

/* Process exit code for a status (documented in docs/cli.md). */
PM_API int pm_status_exit_code(pm_status status);

#endif
