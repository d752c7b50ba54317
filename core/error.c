#include "pm_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Messages are printed on one line by the CLI, so newlines and tabs coming from
 * libraries (GDAL, json-c) are folded into spaces. */
static void fold_to_one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r' || *s == '\t')
            *s = ' ';
}

pm_status pm_error_set(pm_error *err, pm_status status, const char *fmt, ...)
{
    if (!err)
        return status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    fold_to_one_line(err->msg);
    err->status = status;
    return status;
}

pm_status pm_error_prefix(pm_error *err, const char *fmt, ...)
{
    if (!err)
        return PM_ERR_USAGE;
    char prefix[PM_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char old[PM_ERROR_MAX];
    memcpy(old, err->msg, sizeof old);
    /* Joined by hand: a long message is cut at the buffer's end on purpose,
     * and snprintf("%s: %s") would make GCC's -Wformat-truncation fail the build. */
    size_t used = 0;
    const char *pieces[3] = {prefix, ": ", old};
    for (int i = 0; i < 3; i++) {
        size_t len = strlen(pieces[i]);
        if (len > sizeof err->msg - 1 - used)
            len = sizeof err->msg - 1 - used;
        memcpy(err->msg + used, pieces[i], len);
        used += len;
    }
    err->msg[used] = '\0';
    fold_to_one_line(err->msg);
    return err->status;
}

void pm_error_clear(pm_error *err)
{
    if (!err)
        return;
    err->status = PM_OK;
    err->msg[0] = '\0';
}

const char *pm_status_name(pm_status status)
{
    switch (status) {
    case PM_OK: return "ok";
    case PM_ERR_USAGE: return "usage";
    case PM_ERR_IO: return "io";
    case PM_ERR_PARSE: return "parse";
    case PM_ERR_SPEC: return "spec";
    case PM_ERR_DATA: return "data";
    case PM_ERR_CRS: return "crs";
    case PM_ERR_RENDER: return "render";
    case PM_ERR_NOMEM: return "nomem";
    }
    return "unknown";
}

int pm_status_exit_code(pm_status status)
{
    switch (status) {
    case PM_OK: return 0;
    case PM_ERR_USAGE: return 2;
    case PM_ERR_IO: return 3;
    case PM_ERR_PARSE:
    case PM_ERR_SPEC: return 4;
    case PM_ERR_DATA:
    case PM_ERR_CRS: return 5;
    case PM_ERR_RENDER:
    case PM_ERR_NOMEM: return 6;
    }
    return 1;
}
