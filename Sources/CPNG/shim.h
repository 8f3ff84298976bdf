// Shim for the system library libpng (Debian: libpng-dev).
//
// Reading uses libpng's simplified API (png_image_*), which needs no setjmp. Writing a
// 1-bit grayscale PNG with a pHYs chunk needs the full API, whose error handling is
// setjmp/longjmp, which Swift cannot call: the small writer below does that part in C
// and returns an error code instead of jumping.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// A growing memory buffer the writer appends to. Free `data` with free().
typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
    int failed;
} bhyt_png_buffer;

static void bhyt_png_write_callback(png_structp png, png_bytep bytes, png_size_t length) {
    bhyt_png_buffer *out = (bhyt_png_buffer *)png_get_io_ptr(png);
    if (out->failed) return;
    if (out->size + length > out->capacity) {
        size_t cap = out->capacity ? out->capacity * 2 : 4096;
        while (cap < out->size + length) cap *= 2;
        unsigned char *grown = (unsigned char *)realloc(out->data, cap);
        if (!grown) { out->failed = 1; return; }
        out->data = grown;
        out->capacity = cap;
    }
    memcpy(out->data + out->size, bytes, length);
    out->size += length;
}

static void bhyt_png_flush_callback(png_structp png) { (void)png; }

/// Writes a grayscale PNG of `bit_depth` 1 or 8 from packed rows (`row_bytes` each, 1-bit
/// rows MSB first, 1 = white), with a pHYs chunk when `pixels_per_metre` > 0.
/// Returns 0 on success, a negative value on failure (nothing is left allocated but `out`).
static inline int bhyt_png_write_gray(const unsigned char *rows, unsigned int width, unsigned int height,
                                      size_t row_bytes, int bit_depth, unsigned int pixels_per_metre,
                                      bhyt_png_buffer *out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -2;
    }
    png_set_write_fn(png, out, bhyt_png_write_callback, bhyt_png_flush_callback);
    png_set_IHDR(png, info, width, height, bit_depth, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pixels_per_metre > 0) png_set_pHYs(png, info, pixels_per_metre, pixels_per_metre, PNG_RESOLUTION_METER);
    png_set_compression_level(png, 9);
    png_write_info(png, info);
    for (unsigned int y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(rows + (size_t)y * row_bytes));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return out->failed ? -3 : 0;
}
#endif
