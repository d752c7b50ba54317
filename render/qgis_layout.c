/* The print layout of a QGIS project export: the page planmap lays out,
 * item by item, at the boxes the render placed them (pm_qgis_page.result):
 * the map frame with the same extent, title and subtitle, legend, scale bar,
 * north arrow, source note and the inset locator with the map's extent. */
#include "qgis_internal.h"
#include "render_internal.h"
#include "pm_theme.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Items are named by fixed ids: the same map gives the same project. */
#define UUID_PAGE "{9d0e3c1a-0000-4000-8000-000000000001}"
#define UUID_MAP "{9d0e3c1a-0000-4000-8000-000000000002}"
#define UUID_INSET "{9d0e3c1a-0000-4000-8000-000000000003}"

void pm_qgis_color(pm_sbuf *b, const char *name, pm_color c)
{
    pm_sbuf_addf(b, "      <%s red=\"%d\" green=\"%d\" blue=\"%d\" alpha=\"%d\"/>\n", name,
                 (int)lround(c.r * 255), (int)lround(c.g * 255), (int)lround(c.b * 255),
                 (int)lround(c.a * 255));
}

/* An item no other refers to still needs a uuid of its own: QGIS finds items
 * by uuid (undo, links, groups), and an empty one is shared by all such items.
 * Made from the item's kind, name and place, so the same map gives the same
 * project; block ffff keeps it apart from the fixed and group uuids. */
static void item_uuid(char *out, size_t size, const pm_qgis_item *it)
{
    char key[256];
    snprintf(key, sizeof key, "%s|%s|%.4f|%.4f|%.4f|%.4f", it->type, it->id ? it->id : "",
             it->r.x, it->r.y, it->r.w, it->r.h);
    unsigned long long h = 1469598103934665603ULL;   /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)key; *c; c++)
        h = (h ^ *c) * 1099511628211ULL;
    snprintf(out, size, "{9d0e3c1a-ffff-4000-8000-%012llx}", h & 0xffffffffffffULL);
}

void pm_qgis_item_open(pm_sbuf *b, const pm_qgis_item *it, const char *extra, pm_color background)
{
    char uuid[64];
    if (it->uuid)
        snprintf(uuid, sizeof uuid, "%s", it->uuid);
    else
        item_uuid(uuid, sizeof uuid, it);
    pm_sbuf_addf(b, "    <LayoutItem type=\"%s\" uuid=\"%s\" templateUuid=\"%s\" id=\"", it->type,
                 uuid, uuid);
    pm_sbuf_xml(b, it->id);
    pm_sbuf_addf(b, "\" position=\"%.4f,%.4f,mm\" positionOnPage=\"%.4f,%.4f,mm\" "
                    "size=\"%.4f,%.4f,mm\" referencePoint=\"0\" zValue=\"%d\" visibility=\"1\" "
                    "frame=\"%s\" frameJoinStyle=\"miter\" outlineWidthM=\"0.28,mm\" "
                    "background=\"%s\" blendMode=\"0\" opacity=\"1\" itemRotation=\"0\" "
                    "positionLock=\"false\" excludeFromExports=\"0\" groupUuid=\"%s\" %s>\n",
                 it->r.x * PM_MM_PER_PT, it->r.y * PM_MM_PER_PT, it->r.x * PM_MM_PER_PT,
                 it->r.y * PM_MM_PER_PT, it->r.w * PM_MM_PER_PT, it->r.h * PM_MM_PER_PT, it->z,
                 it->frame ? "true" : "false", it->background ? "true" : "false",
                 it->group ? it->group : " ", extra);
    pm_qgis_color(b, "FrameColor", (pm_color){0, 0, 0, 1});
    pm_qgis_color(b, "BackgroundColor", background);
}

/* pm_qgis_item_open with attributes built in `extra`, which it takes: -1
 * (and the document marked out of memory) when building them ran out. */
static int item_open_built(pm_sbuf *b, const pm_qgis_item *it, pm_sbuf *extra,
                           pm_color background)
{
    char *attrs = pm_sbuf_take(extra);
    if (!attrs) {
        b->nomem = 1;
        return -1;
    }
    pm_qgis_item_open(b, it, attrs, background);
    free(attrs);
    return 0;
}

const pm_render_box *pm_qgis_find_box(const pm_qgis_page *page, const char *kind)
{
    for (int i = 0; i < page->result.n_boxes; i++)
        if (strcmp(page->result.boxes[i].kind, kind) == 0)
            return &page->result.boxes[i];
    return NULL;
}

void pm_qgis_font(pm_sbuf *b, const char *name, const char *family, double size, int bold)
{
    pm_sbuf_addf(b, "      <%s description=\"", name);
    pm_sbuf_xml(b, family);
    pm_sbuf_addf(b, ",%g,-1,5,%d,0,0,0,0,0\" style=\"%s\"/>\n", size, bold ? 75 : 50,
                 bold ? "Bold" : "Regular");
}

static void layer_ref(pm_sbuf *b, const pm_qgis_layer *l, const char *tag)
{
    pm_sbuf_addf(b, "        <%s name=\"", tag);
    pm_sbuf_xml(b, l->name);
    pm_sbuf_addf(b, "\" provider=\"%s\">", l->raster ? "gdal" : "ogr");
    pm_sbuf_xml(b, l->id);
    pm_sbuf_addf(b, "</%s>\n", tag);
}

static pm_color page_background(const pm_map *map)
{
    return map->spec->background ? map->spec->background_color : (pm_color){1, 1, 1, 1};
}

int pm_qgis_on_map(const pm_qgis_page *page, int i)
{
    return i != page->inset_layer && !page->layers->v[i].coverage &&
           (!page->layers->v[i].badges || page->n_atlases > 0);
}

/* The map frame: the same map x/y box at the same place, so the same scale;
 * the layers of the map (top first). */
static void map_item(pm_sbuf *b, const pm_qgis_page *page)
{
    const double *f = page->result.map_frame;
    pm_qgis_item it = {"65639", UUID_MAP, "map", {f[0], f[1], f[2], f[3]}, 1, 1, 1, NULL};
    pm_qgis_item_open(b, &it, "keepLayerSet=\"true\" drawCanvasItems=\"false\" mapRotation=\"0\" "
                      "followPreset=\"false\" followPresetName=\"\" labelMargin=\"0,mm\" "
                      "mapFlags=\"0\" isTemporal=\"0\"",
              page_background(page->map));
    pm_qgis_data_defined(b, page, "map");
    const double *e = page->extent;
    pm_sbuf_addf(b, "      <Extent xmin=\"%.10g\" ymin=\"%.10g\" xmax=\"%.10g\" ymax=\"%.10g\"/>\n",
                 e[0], e[1], e[2], e[3]);
    pm_sbuf_add(b, "      <LayerSet>\n");
    for (int i = page->layers->n - 1; i >= 0; i--)
        if (pm_qgis_on_map(page, i))
            layer_ref(b, &page->layers->v[i], "Layer");
    /* An atlas page shows its feature's box plus the margin on each side,
     * grown to the frame's shape: QGIS's automatic scale (2), whose margin
     * is the fraction added in all (the box scaled by 1 + margin), so twice
     * planmap's. With the pages laid out, their extents are data-defined
     * instead (planmap's frame changes shape from page to page). */
    pm_sbuf_addf(b, "      </LayerSet>\n      <AtlasMap atlasDriven=\"%d\" scalingMode=\"2\" "
                    "margin=\"%.10g\"/>\n    </LayoutItem>\n",
                 page->atlas && !page->pages ? 1 : 0, page->atlas ? 2 * page->atlas->margin : 0.1);
}

/* A fill symbol with only an outline, for the locator's extent box. */
static void outline_symbol(pm_sbuf *b, const char *color, double width_mm)
{
    pm_sbuf_addf(b, "        <symbol type=\"fill\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" "
                    "force_rhr=\"0\">\n          <layer class=\"SimpleFill\" enabled=\"1\" "
                    "locked=\"0\" pass=\"0\">\n"
                    "            <prop k=\"style\" v=\"no\"/>\n"
                    "            <prop k=\"outline_style\" v=\"solid\"/>\n"
                    "            <prop k=\"outline_color\" v=\"%s\"/>\n"
                    "            <prop k=\"outline_width\" v=\"%g\"/>\n"
                    "            <prop k=\"outline_width_unit\" v=\"MM\"/>\n"
                    "          </layer>\n        </symbol>\n",
                 color, width_mm);
}

/* The locator: the province outlines around the map, in a plate carrée
 * true at the middle latitude (planmap's x scaled by cos(latitude)), with
 * the main map's frame as a red box. */
static void inset_item(pm_sbuf *b, const pm_qgis_page *page)
{
    const pm_render_box *box = pm_qgis_find_box(page, "inset");
    double view[4], ext[4];
    if (!box || page->inset_layer < 0 ||
        pm_view_lonlat(page->map->crs, page->extent, view) != 0)
        return;
    pm_inset_region(view, ext);
    pm_qgis_item it = {"65639", UUID_INSET, "inset", {box->x, box->y, box->w, box->h}, 6, 1, 1,
                       NULL};
    pm_qgis_item_open(b, &it, "keepLayerSet=\"true\" drawCanvasItems=\"false\" mapRotation=\"0\" "
                      "followPreset=\"false\" followPresetName=\"\" labelMargin=\"0,mm\" "
                      "mapFlags=\"0\" isTemporal=\"0\"",
              (pm_color){0.86, 0.92, 0.97, 1});   /* planmap's pale sea around the land */
    const double R = 6378137.0, k = PM_PI / 180.0;
    double lat0 = 0.5 * (ext[1] + ext[3]), c = cos(lat0 * k);
    pm_sbuf_addf(b, "      <Extent xmin=\"%.10g\" ymin=\"%.10g\" xmax=\"%.10g\" ymax=\"%.10g\"/>\n",
                 R * c * ext[0] * k, R * ext[1] * k, R * c * ext[2] * k, R * ext[3] * k);
    pm_sbuf_addf(b, "      <crs><spatialrefsys><proj4>+proj=eqc +lat_ts=%.6f +lon_0=0 "
                    "+datum=WGS84 +units=m +no_defs</proj4></spatialrefsys></crs>\n", lat0);
    pm_sbuf_add(b, "      <LayerSet>\n");
    layer_ref(b, &page->layers->v[page->inset_layer], "Layer");
    pm_sbuf_add(b, "      </LayerSet>\n      <ComposerMapOverview show=\"1\" name=\"extent\" "
                   "uuid=\"{9d0e3c1a-0000-4000-8000-000000000010}\" frameMap=\"" UUID_MAP "\" "
                   "blendMode=\"0\" inverted=\"0\" centered=\"0\">\n");
    outline_symbol(b, "220,30,30,255", 0.35);
    pm_sbuf_add(b, "      </ComposerMapOverview>\n    </LayoutItem>\n");
}

/* A text item at a box the render placed (title, subtitle, note). */
static void label_item(pm_sbuf *b, const pm_render_box *box, const char *id, const char *text,
                       double size, int bold, pm_color color, int centred)
{
    if (!box)
        return;
    /* A little room, so QGIS's own text metrics do not wrap a line planmap
     * kept whole. */
    double grow = 0.04 * box->w + size;
    pm_rect r = {box->x - (centred ? 0.5 * grow : 0), box->y, box->w + grow, box->h + 0.3 * size};
    pm_qgis_item it = {"65641", NULL, id, r, 4, 0, 0, NULL};
    char extra[160];
    /* Qt::AlignHCenter 0x4 or AlignLeft 0x1; Qt::AlignTop 0x20. */
    snprintf(extra, sizeof extra, "halign=\"%d\" valign=\"32\" marginX=\"0\" marginY=\"0\" "
                                  "htmlState=\"0\" labelText=\"",
             centred ? 4 : 1);
    pm_sbuf xtra = {0};
    pm_sbuf_add(&xtra, extra);
    pm_sbuf_xml(&xtra, text ? text : box->text);
    pm_sbuf_add(&xtra, "\"");
    if (item_open_built(b, &it, &xtra, (pm_color){1, 1, 1, 0}) != 0)
        return;
    pm_qgis_font(b, "LabelFont", PM_THEME_FONT, size, bold);
    pm_qgis_color(b, "FontColor", color);
    pm_sbuf_add(b, "    </LayoutItem>\n");
}

static void legend_style(pm_sbuf *b, const char *name, double size, int bold, double top)
{
    /* an entry's text keeps clear of its swatch, as in planmap's legend */
    double left = strcmp(name, "symbolLabel") == 0 ? 1.5 : 0;
    pm_sbuf_addf(b, "        <style name=\"%s\" alignment=\"1\" marginTop=\"%g\" "
                    "marginBottom=\"%g\" marginLeft=\"%g\">\n", name, top, top, left);
    pm_sbuf_addf(b, "          <styleFont description=\"%s,%g,-1,5,%d,0,0,0,0,0\" style=\"\"/>\n",
                 PM_THEME_FONT, size, bold ? 75 : 50);
    pm_sbuf_add(b, "        </style>\n");
}

/* The legend where planmap's panel is: the map's layers and their classes,
 * under the panel's heading. */
static void legend_item(pm_sbuf *b, const pm_qgis_page *page)
{
    const pm_render_box *box = pm_qgis_find_box(page, "legend");
    if (!box)
        return;
    /* The panel holds the inset above the legend: the legend starts at its
     * heading. */
    const pm_render_box *head = pm_qgis_find_box(page, "legend-title");
    double top = head && head->y > box->y ? head->y - 4 : box->y;
    pm_qgis_item it = {"65642", NULL, "legend", {box->x, top, box->w, box->y + box->h - top},
                       3, 1, 1, NULL};
    pm_sbuf x = {0};
    pm_sbuf_add(&x, "title=\"");
    pm_sbuf_xml(&x, box->text);
    pm_sbuf_add(&x, "\" titleAlignment=\"1\" columnCount=\"1\" resizeToContents=\"0\" "
                    "symbolWidth=\"6\" symbolHeight=\"3.5\" boxSpace=\"2\" columnSpace=\"2\" "
                    "wrapChar=\"\" legendFilterByAtlas=\"0\" map_uuid=\"" UUID_MAP "\"");
    if (item_open_built(b, &it, &x, (pm_color){1, 1, 1, 1}) != 0)
        return;
    pm_sbuf_add(b, "      <styles>\n");
    legend_style(b, "title", 10, 1, 1.5);
    legend_style(b, "group", 8, 1, 1);
    legend_style(b, "subgroup", 7.5, 1, 1);
    legend_style(b, "symbol", 7, 0, 1);
    legend_style(b, "symbolLabel", 7, 0, 1);
    pm_sbuf_add(b, "      </styles>\n      <layer-tree-group>\n        <customproperties/>\n");
    /* In the spec's order, as planmap's legend lists them. */
    for (int i = 0; i < page->layers->n; i++) {
        const pm_qgis_layer *l = &page->layers->v[i];
        if (i == page->inset_layer || l->coverage || !l->legend ||
            (l->legend_nodes && !*l->legend_nodes))
            continue;
        pm_sbuf_add(b, "        <layer-tree-layer id=\"");
        pm_sbuf_xml(b, l->id);
        pm_sbuf_add(b, "\" name=\"");
        pm_sbuf_xml(b, l->name);
        /* The entry reads as planmap's does, not as the table's name; a layer
         * of several classes lists them under no heading, as planmap's. */
        pm_sbuf_add(b, "\" checked=\"Qt::Checked\" expanded=\"1\" providerKey=\"ogr\">"
                       "<customproperties><property key=\"legend/title-label\" value=\"");
        pm_sbuf_xml(b, l->legend);
        pm_sbuf_add(b, "\"/>");
        if (l->legend_classes)
            pm_sbuf_add(b, "<property key=\"legend/title-style\" value=\"hidden\"/>");
        if (l->legend_nodes) {
            pm_sbuf_add(b, "<property key=\"legend/node-order\" value=\"");
            pm_sbuf_xml(b, l->legend_nodes);
            pm_sbuf_add(b, "\"/>");
        }
        if (l->legend_label && l->legend_nodes) {
            pm_sbuf_addf(b, "<property key=\"legend/label-%d\" value=\"", atoi(l->legend_nodes));
            pm_sbuf_xml(b, l->legend_label);
            pm_sbuf_add(b, "\"/>");
        }
        pm_sbuf_add(b, "</customproperties></layer-tree-layer>\n");
    }
    pm_sbuf_add(b, "      </layer-tree-group>\n    </LayoutItem>\n");
}

double pm_qgis_scalebar_metres(const char *text)
{
    double v = 0;
    char unit[8] = "";
    if (!text || sscanf(text, "%lf %7s", &v, unit) < 2)
        return 0;
    return strcmp(unit, "km") == 0 ? v * 1000 : strcmp(unit, "m") == 0 ? v : 0;
}

/* The length of an atlas's bars: its pages' when they all have the same,
 * else 0 and in *longest the longest (metres and points). */
static double atlas_bar(const pm_qgis_page *page, double *longest_m, double *longest_pt)
{
    double same = page->pages[0].scalebar_m;
    *longest_m = *longest_pt = 0;
    for (int i = 0; i < page->atlas->n_pages; i++) {
        const pm_qgis_atlas_page *p = &page->pages[i];
        same = p->scalebar_m == same ? same : 0;
        if (p->scalebar_m > *longest_m) {
            *longest_m = p->scalebar_m;
            *longest_pt = p->extent[2] > p->extent[0]
                              ? p->scalebar_m / (p->extent[2] - p->extent[0]) * p->frame.w : 0;
        }
    }
    return same;
}

/* Planmap's bar: two segments, black then white, the length under its end.
 * On an atlas whose pages' bars differ in length QGIS fits each page's
 * (its own round length, segments no longer than planmap's longest). */
static void scalebar_item(pm_sbuf *b, const pm_qgis_page *page)
{
    const pm_render_box *box = pm_qgis_find_box(page, "scalebar");
    double m = box ? pm_qgis_scalebar_metres(box->text) : 0, longest = 0, longest_pt = 0;
    if (!box)
        return;
    if (page->pages)
        m = atlas_bar(page, &longest, &longest_pt);
    if (m <= 0 && longest <= 0)
        return;
    int km = (m > 0 ? m : longest) >= 1000;
    pm_qgis_item it = {"65646", NULL, "scale bar", {box->x, box->y, box->w, box->h}, 5, 0, 0,
                       NULL};
    char attrs[640];
    snprintf(attrs, sizeof attrs,
             "style=\"Single Box\" mapUuid=\"" UUID_MAP "\" unitType=\"%s\" unitLabel=\"%s\" "
             "numSegments=\"2\" numSegmentsLeft=\"0\" numSubdivisions=\"1\" "
             "numUnitsPerSegment=\"%.10g\" numMapUnitsPerScaleBarUnit=\"1\" segmentSizeMode=\"%d\" "
             "minBarWidth=\"%.4f\" maxBarWidth=\"%.4f\" "
             "height=\"2\" labelBarSpace=\"1.5\" boxContentSpace=\"0.5\" alignment=\"0\" "
             "outlineWidth=\"0.2\"",
             km ? "km" : "meters", km ? "km" : "m", (km ? m / 1000 : m) / 2, m > 0 ? 0 : 1,
             0.2 * longest_pt * PM_MM_PER_PT, 0.5 * longest_pt * PM_MM_PER_PT);
    pm_qgis_item_open(b, &it, attrs, (pm_color){1, 1, 1, 0});
    pm_qgis_data_defined(b, page, "scalebar");
    pm_sbuf_add(b, "      <text-style fontFamily=\"" PM_THEME_FONT "\" fontSize=\"8\" "
                   "fontSizeUnit=\"Point\" textColor=\"0,0,0,255\" textOpacity=\"1\"/>\n"
                   "      <fillColor red=\"0\" green=\"0\" blue=\"0\" alpha=\"255\"/>\n"
                   "      <fillColor2 red=\"255\" green=\"255\" blue=\"255\" alpha=\"255\"/>\n"
                   "    </LayoutItem>\n");
}

/* QGIS's own north arrow, pointing to true north through the map item. */
static void north_item(pm_sbuf *b, const pm_qgis_page *page)
{
    const pm_render_box *box = pm_qgis_find_box(page, "northarrow");
    if (!box)
        return;
    pm_qgis_item it = {"65640", NULL, "north arrow", {box->x, box->y, box->w, box->h}, 5, 0, 0,
                       NULL};
    pm_qgis_item_open(b, &it, "file=\"arrows/NorthArrow_02.svg\" mode=\"0\" resizeMode=\"0\" "
                      "anchorPoint=\"4\" northMode=\"1\" northOffset=\"0\" mapUuid=\"" UUID_MAP "\" "
                      "svgFillColor=\"0,0,0,255\" svgBorderColor=\"0,0,0,255\" svgBorderWidth=\"0.2\"",
              (pm_color){1, 1, 1, 0});
    pm_qgis_data_defined(b, page, "northarrow");
    pm_sbuf_add(b, "    </LayoutItem>\n");
}

static void page_collection(pm_sbuf *b, const pm_qgis_page *page)
{
    pm_sbuf_add(b, "      <PageCollection>\n");
    pm_qgis_item it = {"65638", UUID_PAGE, "", {0, 0, page->w_pt, page->h_pt}, 0, 0, 1, NULL};
    pm_qgis_item_open(b, &it, "", (pm_color){1, 1, 1, 1});
    pm_sbuf_add(b, "    </LayoutItem>\n      <GuideCollection visible=\"1\"/>\n"
                   "      </PageCollection>\n");
}

/* The layout's atlas: a page per feature of the coverage layer, named by
 * the expression made from planmap's name template. */
static void atlas_element(pm_sbuf *b, const pm_qgis_page *page)
{
    if (!page->atlas || page->atlas_layer < 0) {
        pm_sbuf_add(b, "      <Atlas enabled=\"0\"/>\n");
        return;
    }
    const pm_qgis_layer *l = &page->layers->v[page->atlas_layer];
    pm_sbuf_add(b, "      <Atlas enabled=\"1\" hideCoverage=\"0\" filenamePattern=\"");
    pm_sbuf_xml(b, page->atlas->page_name);
    pm_sbuf_add(b, "\" pageNameExpression=\"");
    pm_sbuf_xml(b, page->atlas->page_name);
    pm_sbuf_add(b, "\" sortFeatures=\"0\" filterFeatures=\"0\" coverageLayer=\"");
    pm_sbuf_xml(b, l->id);
    pm_sbuf_add(b, "\" coverageLayerName=\"");
    pm_sbuf_xml(b, l->name);
    pm_sbuf_add(b, "\" coverageLayerSource=\"\" coverageLayerProvider=\"ogr\"/>\n");
}

static void one_layout(pm_sbuf *b, const pm_qgis_page *page, const char *name)
{
    const pm_spec *spec = page->map->spec;
    const pm_qgis_atlas *atlas = page->atlas;
    double dpi = spec->page.dpi > 0 ? spec->page.dpi : 150;
    /* An atlas's own resolution, or its pixel size, as planmap batch draws it. */
    if (atlas && atlas->width_px > 0)
        dpi = atlas->width_px * 72.0 / page->w_pt;
    else if (atlas && atlas->height_px > 0)
        dpi = atlas->height_px * 72.0 / page->h_pt;
    else if (atlas && atlas->dpi > 0)
        dpi = atlas->dpi;
    pm_sbuf_add(b, "    <Layout name=\"");
    pm_sbuf_xml(b, name);
    pm_sbuf_addf(b, "\" units=\"mm\" printResolution=\"%.10g\" worldFileMap=\"\">\n", dpi);
    page_collection(b, page);
    map_item(b, page);
    double size = pm_title_font_size(page->w_pt, page->h_pt);
    label_item(b, pm_qgis_find_box(page, "title"), "title", atlas ? atlas->title : NULL, size, 1,
               (pm_color){0, 0, 0, 1}, 1);
    label_item(b, pm_qgis_find_box(page, "subtitle"), "subtitle", atlas ? atlas->subtitle : NULL,
               0.6 * size, 0, (pm_color){0.35, 0.35, 0.35, 1}, 1);
    label_item(b, pm_qgis_find_box(page, "note"), "note", NULL, PM_NOTE_FONT_SIZE, 0,
               (pm_color){0.3, 0.3, 0.3, 1}, 0);
    legend_item(b, page);
    scalebar_item(b, page);
    north_item(b, page);
    inset_item(b, page);
    /* An atlas page's badges and table are not those of the whole map. */
    if (!atlas)
        pm_qgis_projects(b, page);
    atlas_element(b, page);
    pm_sbuf_add(b, "    </Layout>\n");
}

int pm_qgis_layer_of(const pm_qgis_page *page, int spec_layer)
{
    for (int i = 0; i < page->layers->n; i++)
        if (page->layers->v[i].spec_layer == spec_layer)
            return i;
    return -1;
}

void pm_qgis_layout(pm_sbuf *b, const pm_qgis_page *page)
{
    pm_sbuf_add(b, "  <Layouts>\n");
    if (page->n_atlases == 0)
        one_layout(b, page, "planmap");
    for (int k = 0; k < page->n_atlases; k++) {
        pm_qgis_page one = *page;
        one.atlas = &page->atlases[k];
        one.atlas_layer = pm_qgis_layer_of(page, one.atlas->coverage_layer);
        one.pages = page->atlas_pages ? page->atlas_pages[k] : NULL;
        one_layout(b, &one, one.atlas->layout ? one.atlas->layout : "planmap");
    }
    pm_sbuf_add(b, "  </Layouts>\n");
}
