// simdjson behind geojson_doc.h: parse a FeatureCollection once, then hand
// each feature's properties and geometry to C. simdjson is chosen over
// GDAL's driver and core/'s reader for its speed (bench/RESULTS.md,
// "GeoJSON reader"). No exception leaves this file.
#include "geojson_doc.h"

#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <vector>

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

struct pm_gj_doc {
    simdjson::dom::parser parser;
    std::vector<element> features;
    std::string_view name;
    bool has_name = false;
};

static_assert(PM_GJ_PADDING >= simdjson::SIMDJSON_PADDING, "padding");

// A GeoJSON member by its name. GDAL finds some members in any case
// ("Geometry", "PROPERTIES") and not others: a name in another case is
// GDAL's to read. 1: found, 0: none, -1: one in another case.
static int member(object o, std::string_view name, element *out)
{
    int found = 0;
    for (auto kv : o) {
        if (kv.key.size() != name.size())
            continue;
        size_t i = 0;
        while (i < name.size() && (kv.key[i] | 0x20) == (name[i] | 0x20))
            i++;
        if (i < name.size())
            continue;
        if (found++ || kv.key != name)
            return -1;
        *out = kv.value;
    }
    return found;
}

// The member as a string (`out`), or 0 if there is none or it is no string.
static int member_string(object o, std::string_view name, std::string_view *out)
{
    element v;
    return member(o, name, &v) == 1 && !v.get(*out);
}

static bool crs84(element crs)
{
    object o, props;
    element p;
    std::string_view type, name;
    if (crs.get(o) || !member_string(o, "type", &type) || type != "name" ||
        member(o, "properties", &p) != 1 || p.get(props) || !member_string(props, "name", &name))
        return false;
    return name == "urn:ogc:def:crs:OGC:1.3:CRS84";
}

static pm_gj_status collect(pm_gj_doc *d, element root)
{
    object top;
    std::string_view type;
    element fv, crs, name;
    array features;
    if (root.get(top) || !member_string(top, "type", &type) || type != "FeatureCollection" ||
        member(top, "features", &fv) != 1 || fv.get(features))
        return PM_GJ_UNHANDLED;
    int has_crs = member(top, "crs", &crs), has_name = member(top, "name", &name);
    if (has_crs < 0 || has_name < 0 || (has_crs && !crs.is_null() && !crs84(crs)))
        return PM_GJ_UNHANDLED;
    if (has_name && !name.is_null()) {
        if (name.get(d->name))
            return PM_GJ_UNHANDLED;
        d->has_name = true;
    }
    d->features.reserve(features.size());
    for (element f : features)
        d->features.push_back(f);
    return PM_GJ_OK;
}

extern "C" pm_gj_doc *pm_gj_new(void)
{
    return new (std::nothrow) pm_gj_doc;
}

// Parse text into the document (its parser reused), then `then` takes the
// root. Errors as pm_gj_status; nothing thrown out.
template <typename F>
static pm_gj_status parse(pm_gj_doc *d, const char *text, size_t len, char *why, F then)
{
    why[0] = '\0';
    d->features.clear();
    d->has_name = false;
    try {
        element root;
        auto err = d->parser.parse(text, len, false).get(root);
        if (err == simdjson::MEMALLOC)
            return PM_GJ_NOMEM;
        if (err == simdjson::CAPACITY)
            return PM_GJ_UNHANDLED;
        if (err) {
            std::snprintf(why, 128, "%s", simdjson::error_message(err));
            return PM_GJ_SYNTAX;
        }
        return then(root);
    } catch (...) {
        return PM_GJ_NOMEM;
    }
}

extern "C" pm_gj_status pm_gj_open(pm_gj_doc *d, const char *text, size_t len, char *why)
{
    return parse(d, text, len, why, [d](element root) { return collect(d, root); });
}

extern "C" pm_gj_status pm_gj_features(pm_gj_doc *d, const char *text, size_t len, char *why)
{
    return parse(d, text, len, why, [d](element root) {
        array features;
        if (root.get(features))
            return PM_GJ_UNHANDLED;
        d->features.reserve(features.size());
        for (element f : features)
            d->features.push_back(f);
        return PM_GJ_OK;
    });
}

extern "C" void pm_gj_close(pm_gj_doc *doc)
{
    delete doc;
}

extern "C" const char *pm_gj_name(const pm_gj_doc *doc)
{
    // Strings in simdjson's buffer end with a NUL.
    return doc->has_name ? doc->name.data() : nullptr;
}

extern "C" size_t pm_gj_count(const pm_gj_doc *doc)
{
    return doc->features.size();
}

// The C side's type of a JSON value (integers past int64 are OTHER, as
// arrays and objects are: GDAL reads them its own way).
static int value_type(element_type t)
{
    switch (t) {
    case element_type::NULL_VALUE: return PM_GJV_NULL;
    case element_type::BOOL: return PM_GJV_BOOL;
    case element_type::INT64: return PM_GJV_INT;
    case element_type::DOUBLE: return PM_GJV_REAL;
    case element_type::STRING: return PM_GJV_STRING;
    default: return PM_GJV_OTHER;
    }
}

static void value_of(element v, pm_gj_value *out)
{
    out->type = value_type(v.type());
    if (out->type == PM_GJV_BOOL) {
        out->i = bool(v);
    } else if (out->type == PM_GJV_INT) {
        out->i = int64_t(v);
    } else if (out->type == PM_GJV_REAL) {
        out->d = double(v);
    } else if (out->type == PM_GJV_STRING) {
        std::string_view s(v);
        out->s = s.data();
        out->len = s.size();
    }
}

static int feature_object(const pm_gj_doc *doc, size_t i, object *o)
{
    std::string_view type;
    if (i >= doc->features.size() || doc->features[i].get(*o) || !member_string(*o, "type", &type) ||
        type != "Feature")
        return -1;
    return 0;
}

extern "C" int pm_gj_properties(const pm_gj_doc *doc, size_t i, pm_gj_value **props, size_t *cap,
                                int *id_kind, long long *id)
{
    object f;
    if (feature_object(doc, i, &f) != 0)
        return -1;
    element idv, pv, gv;
    *id_kind = 0;
    int has_id = member(f, "id", &idv), has_props = member(f, "properties", &pv);
    if (has_id < 0 || has_props < 0 || member(f, "geometry", &gv) < 0)
        return -1;
    if (has_id)
        *id_kind = idv.type() == element_type::INT64 ? (*id = int64_t(idv), 1) : 2;
    if (!has_props || pv.is_null()) {
        // Without properties GDAL makes fields of the feature's other
        // members, "id" too: its own way.
        return f.size() > size_t(1 + has_props + (member(f, "geometry", &gv) == 1)) ? -1 : 0;
    }
    object p;
    if (pv.get(p))
        return -1;
    size_t n = p.size();
    if (n > *cap) {
        void *grown = std::realloc(*props, n * sizeof **props);
        if (!grown)
            return -2;
        *props = static_cast<pm_gj_value *>(grown);
        *cap = n;
    }
    size_t k = 0;
    for (auto kv : p) {
        pm_gj_value *out = &(*props)[k++];
        out->key = kv.key.data();
        out->key_len = kv.key.size();
        value_of(kv.value, out);
    }
    return static_cast<int>(k);
}

// ---- geometry ----------------------------------------------------------

namespace {

struct flat {
    pm_gj_geom *g;
    bool nomem = false;

    bool room(size_t parts, size_t points)
    {
        if (parts > g->cap_parts) {
            size_t c = parts > 2 * g->cap_parts ? parts : 2 * g->cap_parts;
            void *a = std::realloc(g->part_len, c * sizeof(int));
            if (a)
                g->part_len = static_cast<int *>(a);
            void *b = std::realloc(g->part_poly, c * sizeof(int));
            if (b)
                g->part_poly = static_cast<int *>(b);
            if (!a || !b)
                return !(nomem = true);
            g->cap_parts = c;
        }
        if (points > g->cap_points) {
            size_t c = points > 2 * g->cap_points ? points : 2 * g->cap_points;
            void *a = std::realloc(g->xy, 2 * c * sizeof(double));
            if (!a)
                return !(nomem = true);
            g->xy = static_cast<double *>(a);
            g->cap_points = c;
        }
        return true;
    }

    // A number as GDAL reads it (json-c: integers and doubles alike).
    static bool number(element v, double *out)
    {
        switch (v.type()) {
        case element_type::INT64:
            *out = double(int64_t(v));
            return true;
        case element_type::DOUBLE:
            *out = double(v);
            return true;
        default:
            return false;   // a string, or past int64 (uint64): GDAL's own way
        }
    }

    bool position(element p, double *xy)
    {
        array a;
        if (p.get(a) || a.size() < 2)
            return false;
        double v[2], ignored;
        size_t k = 0;
        for (element e : a) {   // z and m too must be numbers, as GDAL wants them
            if (!number(e, k < 2 ? &v[k] : &ignored))
                return false;
            k++;
        }
        if (k > 2)
            g->z = 1;
        xy[0] = v[0];
        xy[1] = v[1];
        return true;
    }

    // A run of positions as one part (none: no part). -1 unhandled.
    int leaf(element coords, int poly)
    {
        array a;
        if (coords.get(a))
            return -1;
        size_t n = a.size();
        if (n == 0)
            return 0;
        if (n == 1 || n >= 0xFFFFFF)
            return -1;   // a ring of one position GDAL drops with an error; past
                         // what simdjson counts
        if (!room(size_t(g->n_parts) + 1, size_t(g->n_points) + n))
            return -1;
        double *xy = g->xy + 2 * size_t(g->n_points);
        for (element p : a) {
            if (!position(p, xy))
                return -1;
            xy += 2;
        }
        g->part_len[g->n_parts] = int(n);
        g->part_poly[g->n_parts] = poly;
        g->n_parts++;
        g->n_points += int(n);
        return 1;
    }

    int point(element coords)
    {
        array a;
        if (coords.get(a))
            return -1;
        if (a.size() == 0)
            return 0;   // POINT EMPTY
        if (!room(size_t(g->n_parts) + 1, size_t(g->n_points) + 1) ||
            !position(coords, g->xy + 2 * size_t(g->n_points)))
            return -1;
        g->part_len[g->n_parts] = 1;
        g->part_poly[g->n_parts++] = -1;
        g->n_points++;
        g->dims |= 1;
        return 0;
    }

    int line(element coords)
    {
        int r = leaf(coords, -1);
        if (r > 0)
            g->dims |= 2;
        return r < 0 ? -1 : 0;
    }

    int polygon(element coords)
    {
        array rings;
        if (coords.get(rings))
            return -1;
        bool first = true;
        for (element ring : rings) {
            if (first) {
                array outer;
                if (ring.get(outer))
                    return -1;
                if (outer.size() == 0)
                    return 0;   // no outer ring: nothing of it is drawn
                first = false;
            }
            if (leaf(ring, g->polys) < 0)
                return -1;
        }
        if (!first) {
            g->polys++;
            g->dims |= 4;
        }
        return 0;
    }

    template <typename F> int each(element coords, F fn)
    {
        array a;
        if (coords.get(a))
            return -1;
        for (element m : a)
            if (fn(m) < 0)
                return -1;
        return 0;
    }

    static int type_code(std::string_view t)
    {
        static const char *const names[] = {"", "Point", "LineString", "Polygon", "MultiPoint",
                                            "MultiLineString", "MultiPolygon", "GeometryCollection"};
        for (int k = 1; k < PM_GJT_N; k++)
            if (t == names[k])
                return k;
        return PM_GJT_NONE;
    }

    int geometry(element gv, int depth)
    {
        if (gv.is_null())
            return 0;
        object o;
        std::string_view type;
        element c, gs;
        if (depth > 8 || gv.get(o) || !member_string(o, "type", &type))
            return -1;
        if (depth == 0)
            g->type = type_code(type);
        if (type == "GeometryCollection") {
            array members;
            if (member(o, "geometries", &gs) != 1 || gs.get(members))
                return -1;
            for (element m : members)
                if (geometry(m, depth + 1) < 0)
                    return -1;
            return 0;
        }
        if (member(o, "coordinates", &c) != 1)
            return -1;
        if (type == "Point")
            return point(c);
        if (type == "LineString")
            return line(c);
        if (type == "Polygon")
            return polygon(c);
        if (type == "MultiPoint")
            return each(c, [this](element m) { return point(m); });
        if (type == "MultiLineString")
            return each(c, [this](element m) { return line(m); });
        if (type == "MultiPolygon")
            return each(c, [this](element m) { return polygon(m); });
        return -1;
    }
};

} // namespace

extern "C" int pm_gj_geometry(const pm_gj_doc *doc, size_t i, pm_gj_geom *g)
{
    g->n_parts = g->n_points = g->polys = 0;
    g->dims = 0;
    g->type = PM_GJT_NONE;
    g->z = 0;
    object f;
    if (feature_object(doc, i, &f) != 0)
        return -1;
    element gv;
    int has = member(f, "geometry", &gv);
    if (has <= 0)
        return has;   // none: a null geometry
    flat w{g};
    int r = w.geometry(gv, 0);
    return w.nomem ? -2 : r;
}

extern "C" void pm_gj_geom_free(pm_gj_geom *g)
{
    std::free(g->part_len);
    std::free(g->part_poly);
    std::free(g->xy);
    g->part_len = g->part_poly = nullptr;
    g->xy = nullptr;
    g->cap_parts = g->cap_points = 0;
}
