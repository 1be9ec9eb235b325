#pragma once
// The zip container of PyTorch's `torch.save` files (.pt, .ckpt, .pth, .bin since PyTorch 1.6):
// `<archive>/data.pkl` (the pickle), `<archive>/data/<key>` (one entry per storage, stored
// uncompressed), `<archive>/version`, `<archive>/byteorder`. Only stored (uncompressed) entries
// are read, which is all torch.save writes; Zip64 is understood (checkpoints pass 4 GB). No torch
// here: the bytes come from strangers and are fuzzed (tests/fuzz/fuzz_torch_pickle.cpp).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace reverie::io {

struct ZipEntry {
    uint64_t offset = 0;  // of the entry's data, from the start of the archive
    uint64_t size = 0;
};

// Reads the central directory of `data` (a whole file in memory). Throws reverie::Error naming
// `what` and the problem: no end record, entries outside the file, compressed or encrypted
// entries, absurd counts.
std::map<std::string, ZipEntry> read_zip_directory(const std::string& what, const uint8_t* data,
                                                   uint64_t size);

}  // namespace reverie::io
