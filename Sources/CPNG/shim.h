// Shim for the system library libpng (Debian: libpng-dev).
//
// Reading and writing use libpng's full API, whose error handling is setjmp/longjmp, which
// Swift cannot call: the small reader and writer below do that part in C and return an
// error code instead of jumping. The reader goes row by row so that it can stop at a
// deadline (a 40-megapixel 16-bit image takes seconds to inflate); the writer makes a
// 1-bit grayscale PNG with a pHYs chunk.
#ifndef CPNG_SHIM_H
#define CPNG_SHIM_H
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

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

/// Where the reader is in its input, and why it stopped.
typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    char message[200];
} bhyt_png_source;

static void bhyt_png_read_callback(png_structp png, png_bytep bytes, png_size_t length) {
    bhyt_png_source *in = (bhyt_png_source *)png_get_io_ptr(png);
    if (length > in->size - in->offset) png_error(png, "the file ends early");
    memcpy(bytes, in->data + in->offset, length);
    in->offset += length;
}

static void bhyt_png_error_callback(png_structp png, png_const_charp text) {
    bhyt_png_source *in = (bhyt_png_source *)png_get_io_ptr(png);
    if (in) snprintf(in->message, sizeof in->message, "%s", text);
    png_longjmp(png, 1);
}

static void bhyt_png_warning_callback(png_structp png, png_const_charp text) { (void)png; (void)text; }

static inline unsigned long long bhyt_png_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/// Decodes any PNG (any colour type, bit depth, interlacing) to 8-bit gray, transparency
/// composited onto white, shrunk while it is read by a whole factor (each block averaged) so
/// that neither side is longer than `max_side` (0: full size) — a 40-megapixel picture never
/// exists whole in memory. Returns 0 and a malloc'd buffer (*out, free it) of *width × *height
/// bytes; on failure a negative value, the message in `message`:
/// -1 unreadable; -2 more than `max_pixels` (the size in *width/*height);
/// -3 decoding would inflate more than `max_bytes` (a cost refused before any is spent);
/// -5 past `deadline_ns` (CLOCK_MONOTONIC; 0: none), checked every few rows.
static inline int bhyt_png_decode_gray(const unsigned char *data, size_t size, unsigned long max_pixels,
                                       unsigned int max_side, unsigned long long max_bytes, unsigned long long deadline_ns,
                                       unsigned char **out, unsigned int *width, unsigned int *height,
                                       char *message, size_t message_size) {
    bhyt_png_source source = { data, size, 0, { 0 } };
    unsigned char *volatile pixels = NULL;
    unsigned char *volatile rows = NULL;
    unsigned int *volatile sums = NULL;
    volatile int status = -1;
    *out = NULL;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_read_struct(&png, NULL, NULL); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        if (message_size > 0) snprintf(message, message_size, "%s", source.message);
        free(pixels);
        free(rows);
        free(sums);
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }
    png_set_error_fn(png, NULL, bhyt_png_error_callback, bhyt_png_warning_callback);
    png_set_read_fn(png, &source, bhyt_png_read_callback);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    *width = w;
    *height = h;
    if (w == 0 || h == 0 || (unsigned long)w > max_pixels / (unsigned long)h) {
        png_destroy_read_struct(&png, &info, NULL);
        return -2;
    }
    int passes = png_get_interlace_type(png, info) == PNG_INTERLACE_NONE ? 1 : 7;
    unsigned long long inflated = (unsigned long long)png_get_rowbytes(png, info) * h;
    if (inflated > max_bytes) {
        snprintf(message, message_size, "%llu MB of pixel data", inflated >> 20);
        png_destroy_read_struct(&png, &info, NULL);
        return -3;
    }
    png_set_expand(png);
    /* As libpng's simplified API reads them: 16-bit samples are linear light unless the file
       says otherwise, encoded to sRGB as they are reduced to 8 bits (a QR drawn in the low
       range of 16 bits keeps its contrast). */
    if (png_get_bit_depth(png, info) == 16 && !png_get_valid(png, info, PNG_INFO_gAMA) && !png_get_valid(png, info, PNG_INFO_sRGB))
        png_set_gamma(png, PNG_DEFAULT_sRGB, PNG_GAMMA_LINEAR);
    png_set_strip_16(png);
    int colour = png_get_color_type(png, info);
    if (colour & PNG_COLOR_MASK_COLOR || colour == PNG_COLOR_TYPE_PALETTE) png_set_rgb_to_gray_fixed(png, 1, -1, -1);
    passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int channels = png_get_channels(png, info);   /* 1 (gray) or 2 (gray + alpha) */
    size_t row_bytes = png_get_rowbytes(png, info);
    if (channels < 1 || channels > 2 || row_bytes != (size_t)w * channels) png_error(png, "unexpected pixel layout");
    png_uint_32 side = w > h ? w : h;
    png_uint_32 factor = max_side > 0 ? (side + max_side - 1) / max_side : 1;
    if (factor < 1) factor = 1;
    if (factor > (w < h ? w : h)) factor = w < h ? w : h;   /* a thin image: one pixel on its short side */
    png_uint_32 ow = w / factor, oh = h / factor;
    /* Interlaced images fill their rows pass by pass, so all rows are kept: bounded apart. */
    if (passes > 1 && (unsigned long long)row_bytes * h > max_bytes / 4) {
        snprintf(message, message_size, "%llu MB of interlaced pixel data", ((unsigned long long)row_bytes * h) >> 20);
        status = -3;
        png_error(png, message);
    }
    pixels = (unsigned char *)malloc((size_t)ow * oh);
    sums = (unsigned int *)calloc(ow, sizeof(unsigned int));
    /* Interlaced images fill their rows pass by pass: all rows are kept; else one row. */
    rows = (unsigned char *)malloc(passes > 1 ? row_bytes * h : row_bytes);
    if (!pixels || !rows || !sums) png_error(png, "out of memory");
    unsigned int area = factor * factor;
    for (int pass = 0; pass < passes; pass++) {
        for (png_uint_32 y = 0; y < h; y++) {
            if ((y & 15) == 0 && deadline_ns != 0 && bhyt_png_monotonic_ns() > deadline_ns) {
                status = -5;
                png_error(png, "decoding took too long");
            }
            png_read_row(png, rows + (passes > 1 ? row_bytes * y : 0), NULL);
            if (pass + 1 < passes || y >= oh * factor) continue;
            const unsigned char *src = rows + (passes > 1 ? row_bytes * y : 0);
            /* Each gray value (alpha composited onto white) into its block's sum. */
            for (png_uint_32 x = 0; x < ow * factor; x++) {
                unsigned g = channels == 1 ? src[x] : (src[2 * x] * src[2 * x + 1] + 255u * (255u - src[2 * x + 1]) + 127u) / 255u;
                sums[x / factor] += g;
            }
            if ((y + 1) % factor == 0) {
                unsigned char *dst = pixels + (size_t)ow * (y / factor);
                for (png_uint_32 x = 0; x < ow; x++) { dst[x] = (unsigned char)(sums[x] / area); sums[x] = 0; }
            }
        }
    }
    free(sums);
    sums = NULL;
    *width = ow;
    *height = oh;
    free(rows);
    rows = NULL;
    png_destroy_read_struct(&png, &info, NULL);
    *out = pixels;
    return 0;
}
#endif
