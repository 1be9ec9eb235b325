#include "tests/support/golden_cases.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include <QtTest/QtTest>
#include <stdexcept>

#include "core/sampling/sampler_registry.h"
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
    const nlohmann::json json = read_python_json(path);  // kept alive for the loop
    for (const auto& c : json["cases"])
        if (c.value("kind", "") == kind) out.push_back(c);
    return out;
}

image::Image image_from_u8(const torch::Tensor& u8) {
    auto hwc = u8[0].permute({1, 2, 0}).contiguous();
    image::Image img(int(hwc.size(1)), int(hwc.size(0)), int(hwc.size(2)));
    std::memcpy(img.data.data(), hwc.data_ptr<uint8_t>(), img.data.size());
    return img;
}

std::string sampler_for(const std::string& scheduler_class) {
    for (const auto& s : sampling::kSamplers)
        if (s.diffusers_class == scheduler_class) return std::string(s.name);
    throw std::out_of_range("no sampler reproduces " + scheduler_class);
}

void add_case_rows(const std::vector<nlohmann::json>& cases,
                   const std::vector<std::string>& layouts,
                   const std::function<bool(const nlohmann::json&, const std::string&)>& skip) {
    QTest::addColumn<QString>("case_json");
    QTest::addColumn<QString>("layout");
    if (cases.empty()) QTest::newRow("manifest missing") << QString("{}") << QString();
    for (const auto& c : cases) {
        QString name = QString::fromStdString(c["name"].get<std::string>());
        name = name.mid(name.indexOf('/') + 1);
        for (const std::string& layout : layouts)
            if (!skip || !skip(c, layout))
                QTest::newRow(qPrintable(name + " " + QString::fromStdString(layout)))
                    << QString::fromStdString(c.dump()) << QString::fromStdString(layout);
    }
}

pipeline::GenerationRequest request_from_params(const nlohmann::json& p) {
    pipeline::GenerationRequest r;
    r.prompt = p["prompt"];
    r.negative_prompt = p.value("negative_prompt", "");
    r.steps = p["num_inference_steps"];
    r.cfg_scale = p["guidance_scale"];
    r.seed = p["seed"];
    r.width = p.value("width", 0);
    r.height = p.value("height", 0);
    return r;
}

}  // namespace reverie::test
