// labels: unit
// The sampler registry is the one home of sampler names and capabilities: the factory, the PNG
// parameters (AUTOMATIC1111 infotext) and the spacing rule agree with it. (The prompt panel's
// agreement is tst_gui_prompt_panel's samplerComboFollowsTheRegistry.)
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/common/error.h"
#include "core/image/generation_parameters.h"
#include "core/image/sampler_names.h"
#include "core/sampling/rng.h"
#include "core/sampling/sampler_factory.h"
#include "core/sampling/sampler_registry.h"
#include "tests/support/test_support.h"

using namespace reverie;
using sampling::kSamplers;
using sampling::SamplerInfo;

namespace {

torch::Tensor fake_model(const torch::Tensor& model_input, const torch::Tensor& t) {
    return 0.1 * model_input + std::sin(t.item<double>() / 100);
}

void add_sampler_rows() {
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < std::size(kSamplers); ++i)
        QTest::newRow(std::string(kSamplers[i].name).c_str()) << int(i);
}

// The final latent of 4 steps from the same start, the ancestral noise drawn from `noise_seed`.
torch::Tensor run(const SamplerInfo& info, uint64_t noise_seed) {
    auto sampler =
        sampling::make_sampler(std::string(info.name), sampling::SchedulerConfig::sd_default());
    sampler->set_timesteps(4);
    auto start = sampling::make_cpu_generator(7);
    auto x = sampling::randn({1, 4, 8, 8}, &start) * sampler->init_noise_sigma();
    auto noise = sampling::make_cpu_generator(noise_seed);
    return sampler->sample(fake_model, x, &noise);
}

}  // namespace

class TestSamplerRegistry : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void namesAreUnique() {
        for (size_t i = 0; i < std::size(kSamplers); ++i)
            for (size_t j = i + 1; j < std::size(kSamplers); ++j) {
                QVERIFY(kSamplers[i].name != kSamplers[j].name);
                QVERIFY(kSamplers[i].a1111_name != kSamplers[j].a1111_name);
                QVERIFY(kSamplers[i].display_name != kSamplers[j].display_name);
            }
    }

    void factoryFollowsTheRegistry_data() { add_sampler_rows(); }
    void factoryFollowsTheRegistry() {
        QFETCH(int, index);
        const SamplerInfo& info = kSamplers[index];
        const std::string name(info.name);
        QCOMPARE(sampling::sampler_names().at(size_t(index)), name);
        QCOMPARE(sampling::supports_karras(name), info.karras);
        auto config = sampling::SchedulerConfig::sd_default();
        QVERIFY(sampling::make_sampler(name, config, false) != nullptr);
        if (info.karras)
            QVERIFY(sampling::make_sampler(name, config, true) != nullptr);
        else
            QVERIFY_EXCEPTION_THROWN(sampling::make_sampler(name, config, true), Error);
        config.prediction_type = "v_prediction";
        if (info.v_prediction)
            QVERIFY(sampling::make_sampler(name, config) != nullptr);
        else
            QVERIFY_EXCEPTION_THROWN(sampling::make_sampler(name, config), Error);
    }

    // "Ancestral" means the path depends on the noise generator, and only then.
    void ancestralMeansFreshNoise_data() { add_sampler_rows(); }
    void ancestralMeansFreshNoise() {
        QFETCH(int, index);
        const SamplerInfo& info = kSamplers[index];
        const bool differs = !torch::equal(run(info, 1), run(info, 2));
        QCOMPARE(differs, info.ancestral);
    }

    // The PNG parameters write the registry's AUTOMATIC1111 label and read it back.
    void infotextUsesTheA1111Label_data() { add_sampler_rows(); }
    void infotextUsesTheA1111Label() {
        QFETCH(int, index);
        const SamplerInfo& info = kSamplers[index];
        for (bool karras : {false, true}) {
            if (karras && !info.karras) continue;
            image::GenerationParameters p;
            p.prompt = "a fox";
            p.sampler = std::string(info.name);
            p.karras = karras;
            const std::string text = image::to_a1111_text(p);
            const std::string label = std::string(info.a1111_name) + (karras ? " Karras" : "");
            QVERIFY2(text.find("Sampler: " + label + ",") != std::string::npos, text.c_str());
            const auto back = image::parse_a1111_text(text);
            QCOMPARE(back.sampler, p.sampler);
            QCOMPARE(back.karras, karras);
        }
    }

    // Left unset, a sampler's spacing is its diffusers class default, the registry's.
    void defaultSpacingIsTheRegistrys_data() { add_sampler_rows(); }
    void defaultSpacingIsTheRegistrys() {
        QFETCH(int, index);
        const SamplerInfo& info = kSamplers[index];
        auto config = sampling::SchedulerConfig::sd_default();
        config.timestep_spacing.reset();
        auto implicit = sampling::make_sampler(std::string(info.name), config);
        config.timestep_spacing = std::string(info.default_spacing);
        auto explicit_ = sampling::make_sampler(std::string(info.name), config);
        implicit->set_timesteps(7);
        explicit_->set_timesteps(7);
        QVERIFY(torch::equal(implicit->timesteps(), explicit_->timesteps()));
    }

    // The model's own scheduler class keeps its file as it is; every other sampler takes the
    // model's schedule with its own spacing; a file naming no class is taken as it is.
    void modelsOwnClassKeepsItsSpacing_data() { add_sampler_rows(); }
    void modelsOwnClassKeepsItsSpacing() {
        QFETCH(int, index);
        const SamplerInfo& info = kSamplers[index];
        const std::string name(info.name);
        const nlohmann::json model = {{"_class_name", "PNDMScheduler"},
                                      {"beta_start", 0.00085},
                                      {"beta_end", 0.012},
                                      {"beta_schedule", "scaled_linear"},
                                      {"prediction_type", "v_prediction"},
                                      {"steps_offset", 1},
                                      {"timestep_spacing", "trailing"}};
        const auto config = sampling::scheduler_config_for(name, model);
        QCOMPARE(config.beta_end, 0.012);
        QCOMPARE(config.prediction_type, std::string("v_prediction"));
        QCOMPARE(config.steps_offset, 1);
        if (info.diffusers_class == "PNDMScheduler")
            QCOMPARE(config.timestep_spacing.value_or("unset"), std::string("trailing"));
        else
            QVERIFY(!config.timestep_spacing);
        nlohmann::json classless = model;
        classless.erase("_class_name");
        QCOMPARE(sampling::scheduler_config_for(name, classless).timestep_spacing.value_or(""),
                 std::string("trailing"));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestSamplerRegistry)
#include "tst_sampler_registry.moc"
