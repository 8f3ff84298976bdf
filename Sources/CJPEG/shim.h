// Shim for the system library libjpeg(-turbo) (Debian: libjpeg-dev / libjpeg62-turbo-dev).
//
// libjpeg reports errors by calling error_exit, which must not return: the usual way is
// setjmp/longjmp, which Swift cannot call. The small reader below does that part in C and
// returns an error code instead of jumping, decoding straight to 8-bit gray at a scale
// (1/1, 1/2, 1/4, 1/8) chosen so that the image fits the caller's limits.
#ifndef CJPEG_SHIM_H
#define CJPEG_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <time.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} bhyt_jpeg_error;

static void bhyt_jpeg_error_exit(j_common_ptr info) {
    bhyt_jpeg_error *err = (bhyt_jpeg_error *)info->err;
    (*info->err->format_message)(info, err->message);
    longjmp(err->jump, 1);
}

static void bhyt_jpeg_silence(j_common_ptr info, int level) { (void)info; (void)level; }

/// CLOCK_MONOTONIC in nanoseconds (the clock the callers' deadlines are on).
static inline unsigned long long bhyt_jpeg_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/// Bounds the work: libjpeg calls the progress monitor for every iMCU row it reads, and a
/// progressive file may hold thousands of scans, each a pass over the whole image (all of
/// them decoded inside jpeg_start_decompress). More than `max_scans` scans, or the deadline
/// passed, ends the decoding (status -4 or -5).
typedef struct {
    struct jpeg_progress_mgr base;
    bhyt_jpeg_error *err;
    int max_scans;
    unsigned long long deadline_ns;
    int status;
} bhyt_jpeg_progress;

static void bhyt_jpeg_progress_monitor(j_common_ptr info) {
    bhyt_jpeg_progress *p = (bhyt_jpeg_progress *)info->progress;
    if (info->is_decompressor && ((j_decompress_ptr)info)->input_scan_number > p->max_scans) {
        p->status = -4;
        snprintf(p->err->message, sizeof p->err->message, "more than %d scans", p->max_scans);
        longjmp(p->err->jump, 1);
    }
    if (p->deadline_ns != 0 && bhyt_jpeg_monotonic_ns() > p->deadline_ns) {
        p->status = -5;
        snprintf(p->err->message, sizeof p->err->message, "decoding took too long");
        longjmp(p->err->jump, 1);
    }
}

/// Decodes a JPEG to 8-bit gray. The image's full size must be at most `max_pixels` (else -2,
/// with the size in *full_width/*full_height); it is scaled down by 2, 4 or 8 while its long
/// side is over `max_side`. On success returns 0 and a malloc'd buffer (*out, free it) of
/// *width × *height bytes. On failure returns a negative value, with a message in `message`:
/// -4 more than `max_scans` scans, -5 past `deadline_ns` (CLOCK_MONOTONIC; 0: none).
static inline int bhyt_jpeg_decode_gray(const unsigned char *data, unsigned long size, unsigned long max_pixels,
                                        unsigned int max_side, int max_scans, unsigned long long deadline_ns,
                                        unsigned char **out, unsigned int *width,
                                        unsigned int *height, unsigned int *full_width, unsigned int *full_height,
                                        char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    bhyt_jpeg_error err;
    bhyt_jpeg_progress progress;
    unsigned char *volatile pixels = NULL;
    *out = NULL;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&err.base);
    err.base.error_exit = bhyt_jpeg_error_exit;
    err.base.emit_message = bhyt_jpeg_silence;
    err.message[0] = 0;
    memset(&progress, 0, sizeof progress);
    progress.base.progress_monitor = bhyt_jpeg_progress_monitor;
    progress.err = &err;
    progress.max_scans = max_scans;
    progress.deadline_ns = deadline_ns;
    if (setjmp(err.jump)) {
        if (message_size > 0) { strncpy(message, err.message, message_size - 1); message[message_size - 1] = 0; }
        free(pixels);
        jpeg_destroy_decompress(&info);
        return progress.status != 0 ? progress.status : -1;
    }
    jpeg_create_decompress(&info);
    info.progress = &progress.base;
    /* A progressive file keeps every coefficient of the full image: bound what libjpeg may take. */
    info.mem->max_memory_to_use = 256L << 20;
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    *full_width = info.image_width;
    *full_height = info.image_height;
    if (info.image_width == 0 || info.image_height == 0 ||
        (unsigned long)info.image_width > max_pixels / (unsigned long)info.image_height) {
        jpeg_destroy_decompress(&info);
        return -2;
    }
    info.out_color_space = JCS_GRAYSCALE;
    info.scale_num = 1;
    info.scale_denom = 1;
    unsigned int side = info.image_width > info.image_height ? info.image_width : info.image_height;
    while (info.scale_denom < 8 && side / info.scale_denom > max_side) info.scale_denom *= 2;
    jpeg_start_decompress(&info);
    unsigned int w = info.output_width, h = info.output_height;
    pixels = (unsigned char *)malloc((size_t)w * h);
    if (!pixels) {
        jpeg_destroy_decompress(&info);
        return -3;
    }
    while (info.output_scanline < h) {
        unsigned char *row = pixels + (size_t)info.output_scanline * w;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    *out = pixels;
    *width = w;
    *height = h;
    return 0;
}
#endif
