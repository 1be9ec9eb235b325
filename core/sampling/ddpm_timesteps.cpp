#include "core/sampling/ddpm_timesteps.h"

#include <algorithm>

#include "core/sampling/schedule_math.h"

namespace reverie::sampling {

std::vector<int64_t> ddpm_timesteps_ascending(const std::string& spacing, int num_train_timesteps,
                                              int num_inference_steps, int steps_offset) {
    const int n_train = num_train_timesteps, n = num_inference_steps;
    std::vector<double> values;
    if (spacing == "linspace") {
        values = np_round(np_linspace(0, n_train - 1, n));
    } else if (spacing == "leading") {
        const int ratio = n_train / n;
        for (int i = 0; i < n; ++i) values.push_back(double(i * ratio + steps_offset));
    } else {  // trailing
        values = np_round(np_arange(n_train, 0, -double(n_train) / n));
        for (double& v : values) v -= 1;
        std::reverse(values.begin(), values.end());
    }
    return std::vector<int64_t>(values.begin(), values.end());
}

}  // namespace reverie::sampling
