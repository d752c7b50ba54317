/* pm_qgis_project_write: a map as a QGIS project. The layers go to a
 * GeoPackage beside it in the map's CRS (layers/export_qgis.c); the page is
 * laid out by a render onto a recording surface, so the print layout's boxes
 * are the ones planmap draws (qgis_layout.c); the project names the
 * GeoPackage relative to itself, so the two can move together. */
#include "pm_qgis.h"
#include "pm_render_cairo.h"
#include "pm_write.h"
#include "qgis_internal.h"
#include "render_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The QGIS version whose project format this is (the oldest LTR read). */
#define QGIS_VERSION "3.22.0-Białowieża"

char *pm_qgis_gpkg_path(const char *project)
{
    const char *slash = strrchr(project, '/');
    const char *dot = strrchr(slash ? slash + 1 : project, '.');
    size_t stem = dot && dot != (slash ? slash + 1 : project) ? (size_t)(dot - project)
                                                                : strlen(project);
    char *path = malloc(stem + 6);
    if (path)
        snprintf(path, stem + 6, "%.*s.gpkg", (int)stem, project);
    return path;
}

static int is_qgz(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcasecmp(path + n - 4, ".qgz") == 0;
}

/* The page as a PDF render lays it out, drawn onto nothing kept. */
pm_status pm_qgis_lay_out(pm_qgis_page *page, const pm_export_options *opts, pm_error *err)
{
    pm_render_options ro = {.format = PM_FORMAT_PDF, .lang = opts ? opts->lang : PM_LANG_DEFAULT,
                            .lean_result = 1};
    pm_status st = pm_render_page_size(page->map, &ro, &page->w_pt, &page->h_pt, err);
    if (st != PM_OK)
        return st;
    cairo_rectangle_t r = {0, 0, page->w_pt, page->h_pt};
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &r);
    st = pm_render_surface_kept(page->map, s, &ro, &page->result, &page->kept, err);
    cairo_surface_destroy(s);
    if (st != PM_OK)
        return st;
    /* The frame's map box, back through the map → page transform. */
    const double *f = page->result.map_frame, *t = page->result.map_to_page;
    page->extent[0] = (f[0] - t[1]) / t[0];
    page->extent[2] = (f[0] + f[2] - t[1]) / t[0];
    page->extent[3] = (f[1] - t[3]) / t[2];
    page->extent[1] = (f[1] + f[3] - t[3]) / t[2];
    return PM_OK;
}

static void tree_layer(pm_sbuf *b, const pm_qgis_layer *l, int checked)
{
    pm_sbuf_add(b, "    <layer-tree-layer id=\"");
    pm_sbuf_xml(b, l->id);
    pm_sbuf_add(b, "\" name=\"");
    pm_sbuf_xml(b, l->name);
    pm_sbuf_addf(b, "\" checked=\"Qt::%s\" expanded=\"1\" providerKey=\"%s\">"
                    "<customproperties/></layer-tree-layer>\n",
                 checked ? "Checked" : "Unchecked", l->raster ? "gdal" : "ogr");
}

/* The tree lists the top layer first (planmap draws the spec's last on
 * top); the inset's layer comes last and hidden: only the locator shows it.
 * An atlas's coverage layer is there, unchecked: it only drives the pages;
 * so is a layer of project points, which the layout's badges show. */
static void tree(pm_sbuf *b, const pm_qgis_page *page)
{
    pm_sbuf_add(b, "  <layer-tree-group>\n    <customproperties/>\n");
    for (int i = page->layers->n - 1; i >= 0; i--)
        if (i != page->inset_layer)
            tree_layer(b, &page->layers->v[i], pm_qgis_on_map(page, i));
    if (page->inset_layer >= 0)
        tree_layer(b, &page->layers->v[page->inset_layer], 0);
    pm_sbuf_add(b, "  </layer-tree-group>\n");
}

static void canvas(pm_sbuf *b, const pm_qgis_page *page, const char *crs)
{
    const double *e = page->extent;
    pm_sbuf_addf(b, "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n"
                    "    <units>%s</units>\n    <extent><xmin>%.10g</xmin><ymin>%.10g</ymin>"
                    "<xmax>%.10g</xmax><ymax>%.10g</ymax></extent>\n    <rotation>0</rotation>\n"
                    "    <destinationsrs>",
                 pm_crs_is_geographic(page->map->crs) ? "degrees" : "meters", e[0], e[1], e[2],
                 e[3]);
    pm_qgis_srs(b, crs);
    pm_sbuf_add(b, "</destinationsrs>\n  </mapcanvas>\n");
}

static char *project_xml(const pm_qgis_page *page, const char *crs)
{
    const pm_spec *spec = page->map->spec;
    const pm_qgis_layers *layers = page->layers;
    pm_sbuf b = {0};
    pm_sbuf_add(&b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                    "<qgis version=\"" QGIS_VERSION "\" projectname=\"");
    const char *title = spec->title ? spec->title : "";
    pm_sbuf_xml(&b, title);
    pm_sbuf_add(&b, "\">\n  <homePath path=\"\"/>\n  <title>");
    pm_sbuf_xml(&b, title);
    pm_sbuf_add(&b, "</title>\n  <projectCrs>");
    pm_qgis_srs(&b, crs);
    pm_sbuf_add(&b, "</projectCrs>\n");
    tree(&b, page);
    canvas(&b, page, crs);
    pm_sbuf_add(&b, "  <projectlayers>\n");
    for (int i = 0; i < layers->n; i++)
        pm_sbuf_add(&b, layers->v[i].xml);
    /* Without ProjectionsEnabled QGIS ignores projectCrs. */
    pm_sbuf_add(&b, "  </projectlayers>\n  <properties>\n    <Paths><Absolute type=\"bool\">"
                    "false</Absolute></Paths>\n    <SpatialRefSys><ProjectionsEnabled type=\"int\">"
                    "1</ProjectionsEnabled></SpatialRefSys>\n  </properties>\n");
    pm_qgis_layout(&b, page);
    pm_sbuf_add(&b, "</qgis>\n");
    return pm_sbuf_take(&b);
}

/* The .qgs, or a .qgz holding it under the project's own name. */
static pm_status write_project(const char *path, const char *xml, pm_error *err)
{
    if (!is_qgz(path))
        return pm_write_file(path, xml, strlen(xml), "cannot write the project", err);
    const char *slash = strrchr(path, '/');
    char *inner = pm_qgis_gpkg_path(slash ? slash + 1 : path);   /* "map.gpkg" */
    unsigned char *zip = NULL;
    size_t zip_len = 0;
    pm_status st = PM_OK;
    if (!inner || (strcpy(inner + strlen(inner) - 5, ".qgs"),
                   pm_zip_one(inner, xml, strlen(xml), &zip, &zip_len)) != 0)
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st == PM_OK)
        st = pm_write_file(path, zip, zip_len, "cannot write the project", err);
    free(inner);
    free(zip);
    return st;
}

pm_status pm_qgis_project_write(const pm_map *map, const char *path,
                                const pm_export_options *opts, pm_error *err)
{
    return pm_qgis_project_write_atlas(map, path, opts, NULL, 0, err);
}

pm_status pm_qgis_project_write_atlas(const pm_map *map, const char *path,
                                      const pm_export_options *opts,
                                      const pm_qgis_atlas *atlases, int n_atlases, pm_error *err)
{
    pm_qgis_page page = {.map = map, .inset_layer = -1, .atlases = atlases,
                         .n_atlases = n_atlases, .atlas_layer = -1};
    pm_qgis_layers layers = {0};
    page.layers = &layers;
    char *gpkg = pm_qgis_gpkg_path(path);
    const char *slash = gpkg ? strrchr(gpkg, '/') : NULL;
    char *ref = gpkg ? malloc(strlen(gpkg) + 3) : NULL;
    if (!ref) {
        free(gpkg);
        return pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    }
    sprintf(ref, "./%s", slash ? slash + 1 : gpkg);
    pm_export_options eo = opts ? *opts : (pm_export_options){0};
    eo.crs = pm_crs_definition(map->crs);
    char *xml = NULL;
    pm_status st = pm_qgis_lay_out(&page, opts, err);
    if (st == PM_OK)
        st = pm_qgis_atlas_pages(&page, path, opts, err);
    if (st == PM_OK)
        st = pm_qgis_layers_export(map, gpkg, ref, &eo, &layers, err);
    for (int i = 0; st == PM_OK && i < layers.n; i++) {
        if (layers.v[i].spec_layer < 0)
            page.inset_layer = i;
        for (int k = 0; k < n_atlases; k++)
            layers.v[i].coverage |= layers.v[i].spec_layer == atlases[k].coverage_layer;
    }
    for (int k = 0; st == PM_OK && k < n_atlases; k++)
        if (pm_qgis_layer_of(&page, atlases[k].coverage_layer) < 0)
            st = pm_error_set(err, PM_ERR_SPEC, "%s: the atlas's coverage layer has no table",
                              path);
    if (st == PM_OK && !(xml = project_xml(&page, eo.crs)))
        st = pm_error_set(err, PM_ERR_NOMEM, "%s: out of memory", path);
    if (st == PM_OK)
        st = write_project(path, xml, err);
    free(xml);
    free(ref);
    free(gpkg);
    pm_qgis_layers_free(&layers);
    pm_render_result_free(&page.result);
    free(page.kept.projects);
    pm_qgis_atlas_pages_free(&page);
    return st;
}
