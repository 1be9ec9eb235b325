#include "core/common/json_numbers.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/common/error.h"

namespace reverie {

void check_config_numbers(const nlohmann::json& json, const std::string& what) {
    constexpr double kLimit = 2147483648.0;  // 2^31
    // Iterative: the config came from a stranger and may be nested deeply.
    std::vector<std::pair<const nlohmann::json*, std::string>> todo{{&json, ""}};
    while (!todo.empty()) {
        const auto [j, path] = todo.back();
        todo.pop_back();
        if (j->is_number_float()) {
            const double v = j->get<double>();
            if (!std::isfinite(v) || std::fabs(v) >= kLimit)
                throw Error(what + ": the number " + j->dump() + (path.empty() ? "" : " in '") +
                            path + (path.empty() ? "" : "'") + " is out of range");
        } else if (j->is_object()) {
            for (auto it = j->begin(); it != j->end(); ++it)
                todo.emplace_back(&it.value(), path.empty() ? it.key() : path + "." + it.key());
        } else if (j->is_array()) {
            for (size_t i = 0; i < j->size(); ++i)
                todo.emplace_back(&(*j)[i], path + "[" + std::to_string(i) + "]");
        }
    }
}

}  // namespace reverie
