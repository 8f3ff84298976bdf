#ifndef CZXING_H
#define CZXING_H
// A small C interface over zxing-cpp (Debian's libzxing-dev, C++), for BHYTImage.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Reads the QR codes in an 8-bit gray image (`width` × `height`, rows `stride` bytes apart).
/// `try_harder` lets zxing-cpp look harder (more binarisations, rotations, scales); `pure` says
/// the image is a clean, unrotated symbol; `binarizer` 0 is zxing-cpp's local average (its
/// default), 1 the global histogram (better for an evenly lit picture with fine noise), 2 a
/// fixed threshold. The codes' bytes are copied one after another into
/// `out` (`capacity` bytes): `lengths[i]` is the i-th code's length, or SIZE_MAX when it did not
/// fit, for the first `max_codes` codes. Returns how many QR codes were read (0: none), or -1
/// when zxing-cpp failed (an exception, caught here).
int czx_read_qr(const uint8_t *gray, int width, int height, int stride, int try_harder, int pure, int binarizer,
                uint8_t *out, size_t capacity, size_t *lengths, int max_codes);

#ifdef __cplusplus
}
#endif
#endif
