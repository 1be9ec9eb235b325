#include "ui/generation_settings.h"

#include "core/sampling/sampler_registry.h"  // plain data: no engine types

namespace reverie::ui {

bool GenerationSettings::operator==(const GenerationSettings& o) const {
    return prompt == o.prompt && negative_prompt == o.negative_prompt &&
           model_path == o.model_path && sampler == o.sampler && karras == o.karras &&
           steps == o.steps && cfg_scale == o.cfg_scale && seed == o.seed && width == o.width &&
           height == o.height && denoising_strength == o.denoising_strength &&
           mask_blur == o.mask_blur && inpaint_only_masked == o.inpaint_only_masked &&
           inpaint_padding == o.inpaint_padding && clip_skip == o.clip_skip &&
           batch_count == o.batch_count && prompt_2 == o.prompt_2 &&
           refiner_path == o.refiner_path && refiner_switch == o.refiner_switch &&
           mask_grow == o.mask_grow && mask_invert == o.mask_invert &&
           masked_content == o.masked_content && soft_inpaint == o.soft_inpaint &&
           control == o.control;
}

const QStringList& sampler_names() {
    static const QStringList names = [] {
        QStringList list;
        for (const auto& s : sampling::kSamplers)
            list << QString::fromLatin1(s.name.data(), qsizetype(s.name.size()));
        return list;
    }();
    return names;
}

}  // namespace reverie::ui
