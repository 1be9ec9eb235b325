#pragma once
// How many threads torch's CPU kernels use: one policy for the whole program.
// Debian's LibTorch starts with one intra-op thread, and CPU inference wants every core, unless
// somebody chose otherwise: OMP_NUM_THREADS (or MKL_NUM_THREADS) in the environment, as the test
// suite sets for its side-by-side runs, or the user's own count (`bench --threads`).

namespace reverie {

// The user's explicit choice (n >= 1): applied now, and kept by every later
// use_all_cores_unless_told().
void choose_cpu_threads(int n);

// Raises torch's thread count to the core count when nobody chose one; otherwise leaves it.
void use_all_cores_unless_told();

// True when the environment or choose_cpu_threads() set the count.
bool cpu_threads_chosen();

}  // namespace reverie
