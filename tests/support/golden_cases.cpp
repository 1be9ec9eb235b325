#include "tests/support/golden_cases.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "tests/support/test_support.h"

namespace reverie::test {

nlohmann::json read_python_json(const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string bad : {"-Infinity", "Infinity", "NaN"})
        for (size_t p; (p = text.find(bad)) != std::string::npos;)
            text.replace(p, bad.size(), "null");
    return nlohmann::json::parse(text);
}

std::vector<nlohmann::json> manifest_cases(const std::string& manifest, const std::string& kind) {
    const std::string path = shared_path(manifest);
    if (path.empty()) return {};
    std::vector<nlohmann::json> out;
    for (const auto& c : read_python_json(path)["cases"])
        if (c.value("kind", "") == kind) out.push_back(c);
    return out;
}

image::Image image_from_u8(const torch::Tensor& u8) {
    auto hwc = u8[0].permute({1, 2, 0}).contiguous();
    image::Image img(int(hwc.size(1)), int(hwc.size(0)), int(hwc.size(2)));
    std::memcpy(img.data.data(), hwc.data_ptr<uint8_t>(), img.data.size());
    return img;
}

}  // namespace reverie::test
