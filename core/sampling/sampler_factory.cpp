#include "core/sampling/sampler_factory.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/sampling/ddim_sampler.h"
#include "core/sampling/dpmpp_2m_sampler.h"
#include "core/sampling/euler_ancestral_sampler.h"
#include "core/sampling/euler_sampler.h"
#include "core/sampling/heun_sampler.h"
#include "core/sampling/lcm_sampler.h"
#include "core/sampling/lms_sampler.h"
#include "core/sampling/pndm_sampler.h"
#include "core/sampling/unipc_sampler.h"

namespace reverie::sampling {

std::vector<std::string> sampler_names() {
    return {"ddim", "pndm",     "euler",        "euler_a", "heun",
            "lms",  "dpmpp_2m", "dpmpp_2m_sde", "unipc",   "lcm"};
}

bool supports_karras(const std::string& name) {
    for (const char* n : {"euler", "heun", "lms", "dpmpp_2m", "dpmpp_2m_sde", "unipc"})
        if (name == n) return true;
    return false;
}

std::unique_ptr<Sampler> make_sampler(const std::string& name, const SchedulerConfig& config,
                                      bool karras, double eta) {
    const auto names = sampler_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw Error("Unknown sampler \"" + name + "\". Valid samplers: " + list + ".");
    }
    if (karras && !supports_karras(name))
        throw Error("The " + name +
                    " sampler has no Karras variant (available for euler, heun, "
                    "lms, dpmpp_2m, dpmpp_2m_sde and unipc).");
    if (name == "ddim") return std::make_unique<DdimSampler>(config, eta);
    if (name == "pndm") return std::make_unique<PndmSampler>(config);
    if (name == "euler") return std::make_unique<EulerSampler>(config, karras);
    if (name == "euler_a") return std::make_unique<EulerAncestralSampler>(config);
    if (name == "heun") return std::make_unique<HeunSampler>(config, karras);
    if (name == "lms") return std::make_unique<LmsSampler>(config, karras);
    if (name == "dpmpp_2m") return std::make_unique<DpmPp2mSampler>(config, karras, false);
    if (name == "dpmpp_2m_sde") return std::make_unique<DpmPp2mSampler>(config, karras, true);
    if (name == "unipc") return std::make_unique<UniPcSampler>(config, karras);
    return std::make_unique<LcmSampler>(config);
}

}  // namespace reverie::sampling
