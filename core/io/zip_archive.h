#pragma once
// Zip archives in memory, as OpenRaster (.ora) documents need them: reading stored and deflated
// entries, writing stored ones (the layers are PNGs, compressed already). No Qt and no torch, so
// the studio's document code and the fuzzers use it alike. Not supported, with a message saying
// so: encryption, zip64, archives split over several files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace reverie::io {

struct ZipEntry {
    std::string name;
    std::vector<uint8_t> data;
};

// Every file entry in archive order. Throws reverie::Error naming the problem for anything that
// is not a whole, readable archive, or that would unpack to more than `max_total_bytes`.
std::vector<ZipEntry> read_zip(const uint8_t* data, size_t size,
                               size_t max_total_bytes = size_t(2) << 30);

// The entries stored (method 0) in the given order; the first one of an OpenRaster file must be
// "mimetype".
std::vector<uint8_t> write_zip(const std::vector<ZipEntry>& entries);

}  // namespace reverie::io
