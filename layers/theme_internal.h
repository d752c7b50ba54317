/* Private to layers/ and render/: the parts of the planning theme that go
 * beyond pm_theme_style (zone fills by role, arrow heads on axes). */
#ifndef PM_THEME_INTERNAL_H
#define PM_THEME_INTERNAL_H

#include "pm_spec.h"

/* The default font of every theme label. */
#define PM_THEME_FONT "Noto Sans CJK SC"

/* pm_theme_style refined by the zone `role` (研发, 转化, 制造, 生态, 服务);
 * `role` may be NULL. */
pm_style pm_theme_feature_style(const char *kind, const char *role, int geom_kind);

/* 1 if lines of this kind are drawn with an arrow head at their end (axes). */
int pm_theme_kind_has_arrow(const char *kind);

#endif
