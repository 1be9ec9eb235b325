// labels: unit golden
// Every sampler against diffusers 0.27.2 (golden/schedulers): timesteps and sigmas, a full run on
// the fake model eps = 0.1 * model_input + sin(t / 100) with every intermediate latent, the noise
// draws, and the img2img truncation; plus the loop's contract (cancel, hooks, names).
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/common/cancelled.h"
#include "core/common/error.h"
#include "core/io/safetensors.h"
#include "core/sampling/rng.h"
#include "core/sampling/sampler_factory.h"
#include "core/sampling/train_schedule.h"
#include "tests/support/test_support.h"

using reverie::Error;
using reverie::io::SafetensorsFile;
namespace sampling = reverie::sampling;

namespace {

const char* const kGoldenFiles[] = {
    "ddim",           "ddim_eta1",           "ddim_vpred", "pndm", "euler",    "euler_vpred",
    "euler_karras",   "euler_ancestral",     "heun",       "lms",  "dpmpp_2m", "dpmpp_2m_karras",
    "dpmpp_2m_vpred", "dpmpp_2m_sde_karras", "unipc",      "lcm"};

// The manifest's tolerance: |actual - expected| <= atol + rtol * |expected|.
constexpr double kAtol = 1e-5;
constexpr double kRtol = 1e-5;

// Largest |a - b| / (atol + rtol |b|): at most 1 when the tensors agree within tolerance.
double tolerance_ratio(const torch::Tensor& actual, const torch::Tensor& expected) {
    const auto a = actual.to(torch::kFloat64), b = expected.to(torch::kFloat64);
    if (a.sizes() != b.sizes() || !torch::isfinite(a).all().item<bool>()) return INFINITY;
    return ((a - b).abs() / (kAtol + kRtol * b.abs())).max().item<double>();
}

struct Golden {
    std::shared_ptr<SafetensorsFile> file;
    nlohmann::json meta;
};

Golden open_golden(const std::string& path) {
    Golden g;
    g.file = SafetensorsFile::open(path);
    std::string text = g.file->metadata().at("json");
    // Python's json writes -Infinity for lambda_min_clipped.
    for (size_t p; (p = text.find("-Infinity")) != std::string::npos;) text.replace(p, 9, "null");
    g.meta = nlohmann::json::parse(text);
    return g;
}

// The sampler a golden file was made with, named as Reverie's users name it.
std::unique_ptr<sampling::Sampler> sampler_for(const nlohmann::json& meta, double eta = 0.0) {
    const auto& config = meta.at("config");
    const std::string cls = meta.at("class");
    const bool karras = config.value("use_karras_sigmas", false);
    std::string name;
    if (cls == "DDIMScheduler")
        name = "ddim";
    else if (cls == "PNDMScheduler")
        name = "pndm";
    else if (cls == "EulerDiscreteScheduler")
        name = "euler";
    else if (cls == "EulerAncestralDiscreteScheduler")
        name = "euler_a";
    else if (cls == "HeunDiscreteScheduler")
        name = "heun";
    else if (cls == "LMSDiscreteScheduler")
        name = "lms";
    else if (cls == "UniPCMultistepScheduler")
        name = "unipc";
    else if (cls == "LCMScheduler")
        name = "lcm";
    else if (cls == "DPMSolverMultistepScheduler")
        name = config.at("algorithm_type") == "sde-dpmsolver++" ? "dpmpp_2m_sde" : "dpmpp_2m";
    return sampling::make_sampler(name, sampling::SchedulerConfig::from_json(config), karras, eta);
}

std::string key(const char* fmt, int a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, a);
    return buf;
}

// Timesteps are exact, but for the fractional Karras timesteps of the Euler family: diffusers
// finds them through numpy's vectorised float32 log, which is not correctly rounded, so they may
// differ by a float32 ulp or two (at most 6e-5 here, allowed 1e-4: nothing a UNet can see).
bool timesteps_match(const torch::Tensor& actual, const torch::Tensor& expected,
                     const nlohmann::json& meta) {
    const auto a = actual.to(torch::kFloat64);
    if (a.sizes() != expected.sizes()) return false;
    const bool fractional_karras = meta.at("config").value("use_karras_sigmas", false) &&
                                   actual.scalar_type() != torch::kInt64;
    if (!fractional_karras) return torch::equal(a, expected);
    return ((a - expected).abs() <= 1e-4).all().item<bool>();
}

torch::Tensor fake_model(const torch::Tensor& model_input, const torch::Tensor& t) {
    return 0.1 * model_input + std::sin(t.item<double>() / 100);
}

void add_file_rows() {
    QTest::addColumn<QString>("file");
    for (const char* f : kGoldenFiles) QTest::newRow(f) << QString(f);
}

}  // namespace

class TestSchedulers : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void trainSchedule() {
        REVERIE_REQUIRE_SHARED(path, "golden/schedulers/train_schedule.safetensors");
        const auto file = SafetensorsFile::open(path);
        const auto s =
            sampling::TrainSchedule::from_config(sampling::SchedulerConfig::sd_default());
        REVERIE_COMPARE_TENSORS(s.betas, file->tensor("betas"), 0.0);
        REVERIE_COMPARE_TENSORS(s.alphas_cumprod, file->tensor("alphas_cumprod"), 0.0);
    }

    void timestepsAndSigmas_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("steps");
        for (const char* f : kGoldenFiles)
            for (int n : {1, 5, 20, 50})
                QTest::newRow((std::string(f) + "_n" + std::to_string(n)).c_str())
                    << QString(f) << n;
    }

    void timestepsAndSigmas() {
        QFETCH(QString, file);
        QFETCH(int, steps);
        REVERIE_REQUIRE_SHARED(path, "golden/schedulers/" + file.toStdString() + ".safetensors");
        const auto g = open_golden(path);
        auto sampler = sampler_for(g.meta);
        sampler->set_timesteps(steps);
        const auto& info = g.meta.at("steps").at(std::to_string(steps));
        QCOMPARE(int(sampler->timesteps().size(0)), info.at("num_timesteps").get<int>());
        QCOMPARE(sampler->init_noise_sigma(), info.at("init_noise_sigma").get<double>());

        const std::string prefix = "n" + std::to_string(steps) + "/";
        const auto expected_t = g.file->tensor(prefix + "timesteps");
        const double t_err =
            reverie::test::max_abs_diff(sampler->timesteps().to(torch::kFloat64), expected_t);
        qInfo("%-28s timesteps max abs error %.3g", QTest::currentDataTag(), t_err);
        QVERIFY2(timesteps_match(sampler->timesteps(), expected_t, g.meta),
                 qPrintable(QString("timesteps differ by %1").arg(t_err)));
        if (g.file->contains(prefix + "sigmas")) {
            QVERIFY(sampler->sigmas().defined());
            REVERIE_COMPARE_TENSORS(sampler->sigmas(), g.file->tensor(prefix + "sigmas"), kAtol);
        }
    }

    void trajectory_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("steps");
        for (const char* f : kGoldenFiles)
            for (int n : {5, 20})
                QTest::newRow((std::string(f) + "_seq" + std::to_string(n)).c_str())
                    << QString(f) << n;
    }

    void trajectory() {
        QFETCH(QString, file);
        QFETCH(int, steps);
        REVERIE_REQUIRE_SHARED(path, "golden/schedulers/" + file.toStdString() + ".safetensors");
        const auto g = open_golden(path);
        const auto& seq = g.meta.at("sequence").at(std::to_string(steps));
        const double eta = seq.at("step_kwargs").value("eta", 0.0);
        auto sampler = sampler_for(g.meta, eta);
        sampler->set_timesteps(steps);
        const std::string prefix = "seq" + std::to_string(steps) + "/";
        const int calls = seq.at("num_calls");
        QCOMPARE(int(sampler->timesteps().size(0)), calls);

        // The starting latent is the initial noise scaled as the sampler asks.
        const auto x_init = g.file->tensor(prefix + "x0");
        const auto init = g.file->tensor("init_noise") * sampler->init_noise_sigma();
        const double init_err = reverie::test::max_abs_diff(init, x_init);
        QVERIFY2(init_err <= kAtol, qPrintable(QString("x_init off by %1").arg(init_err)));

        // Recorded noise draws are consecutive latent-shaped draws from the step generator.
        const int draws = seq.at("noise_draws");
        {
            auto gen = sampling::make_cpu_generator(seq.at("generator_seed").get<uint64_t>());
            for (int k = 0; k < draws; ++k) {
                const auto expected = g.file->tensor(key("noise%03d", k).insert(0, prefix));
                QVERIFY(torch::equal(sampling::randn(expected.sizes(), &gen), expected));
            }
        }

        std::vector<torch::Tensor> inputs, outputs, samples, denoised;
        auto denoiser = [&](const torch::Tensor& x, const torch::Tensor& t) {
            inputs.push_back(x.clone());
            outputs.push_back(fake_model(x, t));
            return outputs.back();
        };
        sampling::SamplerCallbacks cb;
        cb.on_step = [&](const sampling::StepInfo& s) {
            QCOMPARE(s.total, calls);
            samples.push_back(s.sample);
            denoised.push_back(s.denoised);
        };
        auto gen = sampling::make_cpu_generator(seq.at("generator_seed").get<uint64_t>());
        const auto result = sampler->sample(denoiser, x_init.clone(), &gen, cb);
        QCOMPARE(int(samples.size()), calls);

        // Per quantity: the max abs error over all steps, and the worst tolerance ratio.
        std::map<std::string, std::pair<double, double>> err;
        auto track = [&](const std::string& what, const torch::Tensor& a, const torch::Tensor& b) {
            auto& e = err[what];
            e.first = std::max(e.first, reverie::test::max_abs_diff(a, b));
            e.second = std::max(e.second, tolerance_ratio(a, b));
        };
        for (int i = 0; i < calls; ++i) {
            const std::string step = prefix + key("step%03d/", i);
            track("model_input", inputs[i], g.file->tensor(step + "model_input"));
            track("model_output", outputs[i], g.file->tensor(step + "model_output"));
            track("prev_sample", samples[i], g.file->tensor(step + "prev_sample"));
            for (const char* x0_key : {"pred_original_sample", "denoised"})
                if (g.file->contains(step + x0_key))
                    track("x0", denoised[i], g.file->tensor(step + x0_key));
        }
        std::string report;
        for (const auto& [what, e] : err)
            report += what + " " + QString::number(e.first, 'g', 3).toStdString() + " (" +
                      QString::number(e.second, 'f', 2).toStdString() + " of tol), ";
        qInfo("%-28s max abs error: %s%d steps, %d noise draws", QTest::currentDataTag(),
              report.c_str(), calls, draws);
        for (const auto& [what, e] : err)
            QVERIFY2(e.second <= 1.0,
                     qPrintable(QString::fromStdString(what) + " outside atol 1e-5 + rtol 1e-5"));
        QVERIFY(torch::equal(result, samples.back()));
    }

    void img2imgTruncation_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("steps");
        QTest::addColumn<double>("strength");
        for (const char* f : kGoldenFiles)
            for (int n : {5, 20, 50})
                for (double s : {0.3, 0.75, 1.0}) {
                    std::string tag = std::string(f) + "_n" + std::to_string(n) + "_s" +
                                      QString::number(s, 'g', 3).toStdString();
                    QTest::newRow(tag.c_str()) << QString(f) << n << s;
                }
    }

    void img2imgTruncation() {
        QFETCH(QString, file);
        QFETCH(int, steps);
        QFETCH(double, strength);
        REVERIE_REQUIRE_SHARED(path, "golden/schedulers/" + file.toStdString() + ".safetensors");
        const auto g = open_golden(path);
        auto sampler = sampler_for(g.meta);
        sampler->set_timesteps(steps);
        // Keys are written as Python prints the strength: 0.3, 0.75, 1.0.
        std::string s = QString::number(strength, 'g', 3).toStdString();
        if (s.find('.') == std::string::npos) s += ".0";
        const std::string case_key = "n" + std::to_string(steps) + "_s" + s;
        const auto& info = g.meta.at("img2img").at(case_key);
        const auto start = sampler->start_for_strength(strength);
        const auto expected = g.file->tensor("img2img_" + case_key + "/timesteps");
        const auto actual = sampler->timesteps().slice(0, start.start_index).to(torch::kFloat64);
        QCOMPARE(start.num_steps, info.at("num_inference_steps_after").get<int>());
        QCOMPARE(int(actual.size(0)), info.at("len").get<int>());
        QVERIFY(timesteps_match(
            start.timestep.reshape({1}),
            torch::tensor({info.at("latent_timestep").get<double>()}, torch::kFloat64), g.meta));
        if (!info.at("begin_index").is_null())
            QCOMPARE(start.start_index, info.at("begin_index").get<int>());
        const double err = reverie::test::max_abs_diff(actual, expected);
        qInfo("%-28s img2img timesteps max abs error %.3g", QTest::currentDataTag(), err);
        QVERIFY(
            timesteps_match(sampler->timesteps().slice(0, start.start_index), expected, g.meta));
    }

    void cancelStopsWithinOneStep() {
        auto sampler = sampling::make_sampler("euler_a", sampling::SchedulerConfig::sd_default());
        sampler->set_timesteps(20);
        std::atomic<bool> cancel{false};
        int calls = 0;
        sampling::SamplerCallbacks cb;
        cb.cancel = &cancel;
        cb.on_step = [&](const sampling::StepInfo& s) {
            if (s.step == 3) cancel = true;
        };
        auto gen = sampling::make_cpu_generator(0);
        bool cancelled = false;
        try {
            sampler->sample(
                [&](const torch::Tensor& x, const torch::Tensor& t) {
                    ++calls;
                    return fake_model(x, t);
                },
                torch::randn({1, 4, 8, 8}), &gen, cb);
        } catch (const reverie::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(calls, 4);
    }

    void afterStepReplacesTheLatent() {
        auto sampler = sampling::make_sampler("ddim", sampling::SchedulerConfig::sd_default());
        sampler->set_timesteps(5);
        const auto marker = torch::full({1, 4, 8, 8}, 0.25);
        std::vector<torch::Tensor> seen;
        sampling::SamplerCallbacks cb;
        cb.after_step = [&](int step, const torch::Tensor& x) { return step == 1 ? marker : x; };
        cb.on_step = [&](const sampling::StepInfo& s) {
            if (s.step == 1) QVERIFY(torch::equal(s.sample, marker));
        };
        sampler->sample(
            [&](const torch::Tensor& x, const torch::Tensor& t) {
                seen.push_back(x);
                return fake_model(x, t);
            },
            torch::randn({1, 4, 8, 8}), nullptr, cb);
        QCOMPARE(int(seen.size()), 5);
        QVERIFY(torch::equal(seen[2], marker));  // DDIM does not scale its input
    }

    void addNoiseMatchesTheStartLevel() {
        // Sigma samplers noise by x + sigma * n; DDPM ones by sqrt(a) x + sqrt(1 - a) n.
        const auto x = torch::randn({1, 4, 8, 8}), n = torch::randn({1, 4, 8, 8});
        auto euler = sampling::make_sampler("euler", sampling::SchedulerConfig::sd_default());
        euler->set_timesteps(10);
        const float s = euler->sigmas()[3].item<float>();
        QVERIFY(torch::allclose(euler->add_noise(x, n, 3), x + n * s));
        auto ddim = sampling::make_sampler("ddim", sampling::SchedulerConfig::sd_default());
        ddim->set_timesteps(10);
        const auto t = ddim->timesteps()[3].item<int64_t>();
        const float a = ddim->train_schedule().alphas_cumprod[t].item<float>();
        QVERIFY(torch::allclose(ddim->add_noise(x, n, 3), std::sqrt(a) * x + std::sqrt(1 - a) * n));
    }

    void everyVariantRunsFinite_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("karras");
        QTest::addColumn<bool>("vpred");
        for (const auto& name : sampling::sampler_names())
            for (bool karras : {false, true})
                for (bool vpred : {false, true}) {
                    if (karras && !sampling::supports_karras(name)) continue;
                    const std::string tag =
                        name + (karras ? "_karras" : "") + (vpred ? "_vpred" : "");
                    QTest::newRow(tag.c_str()) << QString::fromStdString(name) << karras << vpred;
                }
    }

    void everyVariantRunsFinite() {
        QFETCH(QString, name);
        QFETCH(bool, karras);
        QFETCH(bool, vpred);
        auto config = sampling::SchedulerConfig::sd_default();
        if (vpred) config.prediction_type = "v_prediction";
        for (const char* spacing : {"leading", "linspace", "trailing"}) {
            config.timestep_spacing = std::string(spacing);
            auto sampler = sampling::make_sampler(name.toStdString(), config, karras);
            sampler->set_timesteps(12);
            auto gen = sampling::make_cpu_generator(1);
            auto x = sampling::randn({1, 4, 8, 8}, &gen) * sampler->init_noise_sigma();
            const auto start = sampler->start_for_strength(0.6);
            x = sampler->sample(fake_model, x, &gen, {}, start.start_index);
            QVERIFY2(torch::isfinite(x).all().item<bool>(), spacing);
        }
    }

    void unknownSamplerListsTheValidNames() {
        try {
            sampling::make_sampler("euler_b", sampling::SchedulerConfig::sd_default());
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY(what.find("euler_b") != std::string::npos);
            for (const auto& n : sampling::sampler_names())
                QVERIFY2(what.find(n) != std::string::npos, what.c_str());
            return;
        }
        QFAIL("no error for an unknown sampler");
    }

    void karrasOnlyWhereOffered() {
        QVERIFY_EXCEPTION_THROWN(
            sampling::make_sampler("ddim", sampling::SchedulerConfig::sd_default(), true), Error);
    }

    void configFromDiffusersJson() {
        REVERIE_REQUIRE_SHARED(path, "golden/models/tiny-sd2v/scheduler/scheduler_config.json");
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        const auto c = sampling::SchedulerConfig::from_json_text(text.str());
        QCOMPARE(c.prediction_type, std::string("v_prediction"));
        QCOMPARE(c.beta_schedule, std::string("scaled_linear"));
        QCOMPARE(c.steps_offset, 1);
        QVERIFY(c.clip_sample.has_value() && !*c.clip_sample);
        QCOMPARE(c.timestep_spacing.value_or(""), std::string("leading"));

        const auto dpm = sampling::SchedulerConfig::from_json_text(
            R"({"lambda_min_clipped": -Infinity, "beta_schedule": "scaled_linear",
                "solver_order": 2, "note": "-Infinity stays in strings"})");
        QCOMPARE(dpm.solver_order, 2);
        QVERIFY(!dpm.timestep_spacing.has_value());
        QVERIFY_EXCEPTION_THROWN(
            sampling::SchedulerConfig::from_json_text(R"({"prediction_type": "sample2"})"), Error);
        QVERIFY_EXCEPTION_THROWN(
            sampling::SchedulerConfig::from_json_text(R"({"beta_schedule": "sigmoid"})"), Error);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestSchedulers)
#include "tst_schedulers.moc"
