#pragma once
// The fuzz targets linked into fuzz_replay (the table is generated: replay_targets.cpp.in).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct ReplayTarget {
    std::string name;
    int (*run)(const uint8_t* data, size_t size);
};

const std::vector<ReplayTarget>& replay_targets();
