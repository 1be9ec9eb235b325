#include "core/sampling/rng.h"

#include <ATen/CPUGeneratorImpl.h>

namespace reverie::sampling {

namespace {

at::Generator cpu_generator_or_default(at::Generator* generator) {
    return generator ? *generator : at::detail::getDefaultCPUGenerator();
}

torch::TensorOptions on_cpu(const torch::TensorOptions& options) {
    return options.device(torch::kCPU);
}

}  // namespace

at::Generator make_cpu_generator(uint64_t seed) {
    return at::detail::createCPUGenerator(seed);
}

torch::Tensor randn(at::IntArrayRef shape, at::Generator* generator,
                    const torch::TensorOptions& options) {
    auto noise = torch::randn(shape, cpu_generator_or_default(generator), on_cpu(options));
    return noise.to(options.device());
}

torch::Tensor rand(at::IntArrayRef shape, at::Generator* generator,
                   const torch::TensorOptions& options) {
    auto noise = torch::rand(shape, cpu_generator_or_default(generator), on_cpu(options));
    return noise.to(options.device());
}

}  // namespace reverie::sampling
