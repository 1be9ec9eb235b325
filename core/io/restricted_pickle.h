#pragma once
// A pickle reader that only rebuilds data: the opcodes of protocols 0–5 that make numbers,
// strings, tuples, lists and dicts, plus the few globals `torch.save` needs to rebuild tensors
// (collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_parameter and the storage
// types) — what torch.load(weights_only=True) and A1111's safe.py allow, without an interpreter.
// Any other global is refused with its name: unpickling a stranger's file never runs code.
// No torch here (fuzzed on its own); torch_pickle.h turns the result into tensors.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace reverie::io {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct PickleValue {
    enum class Kind {
        None,
        Bool,
        Int,
        Float,
        String,  // str and bytes
        Tuple,
        List,
        Dict,
        Global,   // an allowed global, `text` = "module.name"
        Storage,  // a persistent id ('storage', type, key, location, numel)
        Tensor,   // _rebuild_tensor_v2(storage, offset, size, stride, ...)
    };
    Kind kind = Kind::None;
    bool boolean = false;
    int64_t integer = 0;
    double real = 0;
    std::string text;              // String; Global's name; Storage's dtype name ("HalfStorage")
    std::vector<PickleRef> items;  // Tuple/List; Tensor: storage, offset, size, stride
    std::vector<std::pair<PickleRef, PickleRef>> entries;  // Dict
    std::string key;                                       // Storage: the zip entry under data/
    int64_t numel = 0;                                     // Storage: elements
};

// Runs the pickle in `data`. Throws reverie::Error naming `what` and the problem: a global outside
// the allowed set (named), an unknown opcode (named), a truncated stream, absurd sizes.
PickleRef read_restricted_pickle(const std::string& what, const uint8_t* data, size_t size);

}  // namespace reverie::io
