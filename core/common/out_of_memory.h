#pragma once
// Running out of memory reaches us in three guises: c10::OutOfMemoryError (CUDA), a c10::Error
// from LibTorch's CPU allocator ("can't allocate memory"), and std::bad_alloc from plain C++.
// Callers that end a job on any of them want one test, and one way to give memory back.
#include <exception>

namespace reverie {

bool is_out_of_memory(const std::exception& e);

// Hands memory held for reuse back to the system: CUDA's caching allocator (when built with CUDA
// and a GPU is present), Reverie's CPU block cache and glibc's free heap.
void release_cached_memory();

}  // namespace reverie
