// Image and mask files (PNG, JPEG, WebP, TIFF, BMP): our header checks, then OpenCV's decoders,
// as load_image and load_mask run them.
#include "core/image/image_header.h"
#include "core/image/image_io.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    const image::ImageHeader header = image::read_image_header(data, size);
    fuzz::expect(header.width >= 0 && header.height >= 0, "negative size");
    fuzz::expect(header.orientation >= 1 && header.orientation <= 8, "orientation out of range");
    const std::vector<uint8_t> bytes(data, data + size);
    image::LoadOptions as_mask;  // load_mask's options: transparency over black
    as_mask.background = {0, 0, 0};
    for (const auto& options : {image::LoadOptions{}, as_mask}) {
        try {
            const auto img = image::decode_image(bytes, "fuzz", options);
            fuzz::expect(img.rgb.channels == 3, "decoded image is not RGB");
            fuzz::expect(
                img.rgb.width <= image::kMaxImageSide && img.rgb.height <= image::kMaxImageSide,
                "decoded image over the size limit");
        } catch (const Error&) {
        }
    }
    return 0;
}
