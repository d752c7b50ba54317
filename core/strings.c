/* pm_strdup and string vectors (pm_strings.h). */
#include "pm_strings.h"

#include <stdlib.h>
#include <string.h>

char *pm_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void pm_strv_free(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}
