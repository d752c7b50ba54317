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

/* pm_theme_style refined by the zone `role` (研发, 转化, 制造, 生态, 服务);
 * `role` may be NULL. */
pm_style pm_theme_feature_style(const char *kind, const char *role, int geom_kind);


#endif
