#pragma once
// How large one attention score matrix may grow before the queries are taken a block at a time.
// Shared by the attention itself and the memory estimate, which must know the bound it relies on.
#include <cstdint>

namespace reverie {

// 16 MB in fp32. Memory is one reason (the VAE attends over every latent pixel: a 2048² image is
// 65536 of them); speed is the other: on the CPU a block that stays in cache took SD 1.5's guided
// 512² step from 48.2 s (blocks of 2^27) to 11.1 s, and its VAE decode from 15.4 s to 11.4 s.
inline constexpr int64_t kMaxScoreElements = int64_t(1) << 22;

}  // namespace reverie
