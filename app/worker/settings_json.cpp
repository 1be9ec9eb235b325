#include "app/worker/settings_json.h"

#include <utility>

namespace reverie::app {

namespace {

using Settings = ui::GenerationSettings;

// One table for both directions, so a field added to the settings is added once here. The seed
// is not in it: it is written as a string, as JSON numbers lose integers above 2^53.
template <typename T>
using Field = std::pair<const char*, T Settings::*>;

const Field<QString> kText[] = {{"prompt", &Settings::prompt},
                                {"negative_prompt", &Settings::negative_prompt},
                                {"model_path", &Settings::model_path},
                                {"sampler", &Settings::sampler},
                                {"prompt_2", &Settings::prompt_2},
                                {"refiner_path", &Settings::refiner_path},
                                {"masked_content", &Settings::masked_content}};
const Field<int> kIntegers[] = {{"steps", &Settings::steps},
                                {"width", &Settings::width},
                                {"height", &Settings::height},
                                {"mask_blur", &Settings::mask_blur},
                                {"inpaint_padding", &Settings::inpaint_padding},
                                {"mask_grow", &Settings::mask_grow},
                                {"clip_skip", &Settings::clip_skip},
                                {"batch_count", &Settings::batch_count}};
const Field<double> kReals[] = {{"cfg_scale", &Settings::cfg_scale},
                                {"denoising_strength", &Settings::denoising_strength},
                                {"refiner_switch", &Settings::refiner_switch}};
const Field<bool> kFlags[] = {{"karras", &Settings::karras},
                              {"inpaint_only_masked", &Settings::inpaint_only_masked},
                              {"mask_invert", &Settings::mask_invert},
                              {"soft_inpaint", &Settings::soft_inpaint}};

}  // namespace

QJsonObject settings_to_json(const Settings& s) {
    QJsonObject j;
    for (const auto& [key, member] : kText) j[QLatin1String(key)] = s.*member;
    for (const auto& [key, member] : kIntegers) j[QLatin1String(key)] = s.*member;
    for (const auto& [key, member] : kReals) j[QLatin1String(key)] = s.*member;
    for (const auto& [key, member] : kFlags) j[QLatin1String(key)] = s.*member;
    j[QLatin1String("seed")] = QString::number(s.seed);
    return j;
}

Settings settings_from_json(const QJsonObject& j) {
    Settings s;
    for (const auto& [key, member] : kText) {
        const QJsonValue v = j.value(QLatin1String(key));
        if (v.isString()) s.*member = v.toString();
    }
    for (const auto& [key, member] : kIntegers) {
        const QJsonValue v = j.value(QLatin1String(key));
        if (v.isDouble()) s.*member = v.toInt(s.*member);
    }
    for (const auto& [key, member] : kReals) {
        const QJsonValue v = j.value(QLatin1String(key));
        if (v.isDouble()) s.*member = v.toDouble();
    }
    for (const auto& [key, member] : kFlags) {
        const QJsonValue v = j.value(QLatin1String(key));
        if (v.isBool()) s.*member = v.toBool();
    }
    bool ok = false;
    const qint64 seed = j.value(QLatin1String("seed")).toString().toLongLong(&ok);
    if (ok) s.seed = seed;
    if (!ui::sampler_names().contains(s.sampler)) s.sampler = Settings{}.sampler;
    return s;
}

}  // namespace reverie::app
