/* pm_render_text — text for modules above render that draw beside a map on
 * their own Cairo surface (batch's report contents): it reaches Pango
 * through the same door as the map's own text. */
#ifndef PM_RENDER_TEXT_H
#define PM_RENDER_TEXT_H

#include <pango/pangocairo.h>

/* The layout's text, cut to the bound of pm_text.h (the one door to Pango). */
void pm_text_set(PangoLayout *layout, const char *text);

#endif
