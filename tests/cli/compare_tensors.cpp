// compare_tensors A KEY_A B KEY_B ATOL: exit 0 when the two safetensors entries agree within ATOL
// (and print the max abs error), 1 otherwise. Lets CTest check files the CLI wrote.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/io/safetensors.h"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: compare_tensors A KEY_A B KEY_B ATOL\n");
        return 2;
    }
    try {
        const auto a =
            reverie::io::SafetensorsFile::open(argv[1])->tensor(argv[2]).to(torch::kDouble);
        const auto b =
            reverie::io::SafetensorsFile::open(argv[3])->tensor(argv[4]).to(torch::kDouble);
        const double atol = std::atof(argv[5]);
        if (a.sizes() != b.sizes()) {
            std::fprintf(stderr, "shapes differ\n");
            return 1;
        }
        const double err = (a - b).abs().max().item<double>();
        std::printf("max abs error %s vs %s: %.3g (tolerance %.1g)\n", argv[2], argv[4], err, atol);
        return err <= atol ? 0 : 1;  // NaN fails too
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
