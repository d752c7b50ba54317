/* pm_theme — the built-in planning theme, for the modules that draw: a
 * default style for every feature kind, zone fills by role, arrow heads on
 * axes, the default label font. */
#ifndef PM_THEME_H
#define PM_THEME_H

#include "pm_spec_data.h"

/* The default font of every theme label. */
#define PM_THEME_FONT "Noto Sans CJK SC"

/* The built-in planning theme's style for a feature kind (zone, core, axis…);
 * unknown or NULL kinds get a neutral default. `geom_kind`: PM_GEOM_*. */
pm_style pm_theme_style(const char *kind, int geom_kind);

/* A feature's style before its layer's and rule's: with PM_THEME_PLAN
 * pm_theme_style refined by the zone `role` (研发, 转化, 制造, 生态, 服务;
 * `role` may be NULL), with PM_THEME_NONE pm_theme_neutral. */
pm_style pm_theme_feature_style(pm_theme_mode mode, const char *kind, const char *role,
                                int geom_kind);
/* The neutral style (spec "theme": "none"): grey, no label. */
pm_style pm_theme_neutral(int geom_kind);

/* The kinds the planning theme draws and what each looks like, ending with
 * {NULL, NULL}; and its role words (i from 0; NULL after the last). */
typedef struct pm_theme_entry {
    const char *name;
    const char *draws;
} pm_theme_entry;
const pm_theme_entry *pm_theme_kinds(void);
const char *pm_theme_role(int i);


#endif
