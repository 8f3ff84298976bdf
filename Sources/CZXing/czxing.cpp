// zxing-cpp 1.4 (Debian bookworm's libzxing-dev) behind a C function: no C++ type crosses into Swift.
#include "czxing.h"

#include <ZXing/ReadBarcode.h>

#include <cstdint>
#include <cstring>

extern "C" int czx_read_qr(const uint8_t *gray, int width, int height, int stride, int try_harder, int pure, int binarizer,
                           uint8_t *out, size_t capacity, size_t *lengths, int max_codes) {
    if (!gray || width <= 0 || height <= 0 || stride < width) return -1;
    try {
        ZXing::ImageView image(gray, width, height, ZXing::ImageFormat::Lum, stride);
        ZXing::DecodeHints hints;
        hints.setFormats(ZXing::BarcodeFormat::QRCode);
        hints.setTryHarder(try_harder != 0);
        hints.setTryRotate(try_harder != 0);
        hints.setIsPure(pure != 0);
        hints.setBinarizer(binarizer == 1 ? ZXing::Binarizer::GlobalHistogram
                           : binarizer == 2 ? ZXing::Binarizer::FixedThreshold : ZXing::Binarizer::LocalAverage);
        auto results = ZXing::ReadBarcodes(image, hints);
        int count = 0;
        size_t used = 0;
        for (const auto &r : results) {
            if (!r.isValid()) continue;
            if (count < max_codes && lengths) {
                const auto &bytes = r.bytes();
                if (out && used + bytes.size() <= capacity) {
                    if (!bytes.empty()) std::memcpy(out + used, bytes.data(), bytes.size());
                    used += bytes.size();
                    lengths[count] = bytes.size();
                } else {
                    lengths[count] = SIZE_MAX;
                }
            }
            ++count;
        }
        return count;
    } catch (...) {
        return -1;
    }
}
