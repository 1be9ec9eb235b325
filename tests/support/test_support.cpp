#include "tests/support/test_support.h"

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>

namespace reverie::test {

std::string shared_dir() {
    if (const char* env = std::getenv("REVERIE_SHARED_DIR"); env && *env) return env;
    return REVERIE_SHARED_DIR;
}

std::string shared_path(const std::string& relative) {
    std::filesystem::path p = std::filesystem::path(shared_dir()) / relative;
    return std::filesystem::exists(p) ? p.string() : std::string();
}

std::string scratch_dir() {
    std::filesystem::path p = std::filesystem::path(REVERIE_TEST_TMP_DIR) /
                              QCoreApplication::applicationName().toStdString();
    std::filesystem::create_directories(p);
    return p.string();
}

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes()) {
        std::ostringstream os;
        if (a.defined() && b.defined()) os << a.sizes() << " vs " << b.sizes();
        qWarning("shape mismatch: %s", os.str().c_str());
        return std::numeric_limits<double>::infinity();
    }
    auto da = a.detach().to(torch::kCPU, torch::kFloat64);
    auto db = b.detach().to(torch::kCPU, torch::kFloat64);
    if (!torch::isfinite(da).all().item<bool>() || !torch::isfinite(db).all().item<bool>())
        return std::numeric_limits<double>::infinity();
    if (da.numel() == 0) return 0.0;
    return (da - db).abs().max().item<double>();
}

}  // namespace reverie::test
