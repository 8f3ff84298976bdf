// Shim for the system libraries cairo (PDF, PNG and SVG surfaces; Debian: libcairo2-dev) and
// pango through pangocairo (text shaping, font fallback, Vietnamese marks; Debian:
// libpango1.0-dev). One module for both, so that cairo's types are declared once.
#ifndef CPangoCairo_SHIM_H
#define CPangoCairo_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

/// The start and end (byte offsets) of an attribute; Swift cannot reach PangoAttribute's
/// fields through the opaque pointer pango's constructors return in some versions.
static inline void bhyt_pango_attr_range(PangoAttribute *attr, unsigned int start, unsigned int end) {
    attr->start_index = start;
    attr->end_index = end;
}
#endif
