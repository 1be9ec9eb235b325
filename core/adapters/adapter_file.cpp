#include "core/adapters/adapter_file.h"

#include <cmath>
#include <cstring>
#include <set>
#include <sstream>

#include "core/common/error.h"
#include "core/io/safetensors.h"

namespace reverie::adapters {

namespace {

// Every part name a module's tensor may end in, with the kind it implies. PEFT's names are
// translated to kohya's so the arithmetic sees one vocabulary.
struct PartName {
    const char* in_file;
    const char* part;
    std::optional<AdapterKind> kind;  // none: shared by every kind
};
const PartName kParts[] = {
    {"lora_down.weight", "lora_down.weight", AdapterKind::LoRA},
    {"lora_up.weight", "lora_up.weight", AdapterKind::LoRA},
    {"lora_mid.weight", "lora_mid.weight", AdapterKind::LoRA},
    {"lora_A.weight", "lora_down.weight", AdapterKind::LoRA},
    {"lora_B.weight", "lora_up.weight", AdapterKind::LoRA},
    {"hada_w1_a", "hada_w1_a", AdapterKind::LoHa},
    {"hada_w1_b", "hada_w1_b", AdapterKind::LoHa},
    {"hada_w2_a", "hada_w2_a", AdapterKind::LoHa},
    {"hada_w2_b", "hada_w2_b", AdapterKind::LoHa},
    {"hada_t1", "hada_t1", AdapterKind::LoHa},
    {"hada_t2", "hada_t2", AdapterKind::LoHa},
    {"lokr_w1", "lokr_w1", AdapterKind::LoKr},
    {"lokr_w1_a", "lokr_w1_a", AdapterKind::LoKr},
    {"lokr_w1_b", "lokr_w1_b", AdapterKind::LoKr},
    {"lokr_w2", "lokr_w2", AdapterKind::LoKr},
    {"lokr_w2_a", "lokr_w2_a", AdapterKind::LoKr},
    {"lokr_w2_b", "lokr_w2_b", AdapterKind::LoKr},
    {"lokr_t2", "lokr_t2", AdapterKind::LoKr},
    {"diff", "diff", AdapterKind::Full},
    {"alpha", "alpha", std::nullopt},
    {"dora_scale", "dora_scale", std::nullopt},
};

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Old diffusers attention-processor names: `….attn1.processor.to_q_lora.down.weight` is module
// `….attn1.to_q` (`to_out_lora` is `to_out.0`).
bool split_processor_key(const std::string& key, std::string& module, std::string& part) {
    for (const char* tail : {"_lora.down.weight", "_lora.up.weight"}) {
        if (!ends_with(key, tail)) continue;
        std::string head = key.substr(0, key.size() - std::strlen(tail));
        const auto p = head.rfind(".processor.");
        if (p == std::string::npos) return false;
        head = head.substr(0, p) + "." + head.substr(p + 11);
        if (ends_with(head, ".to_out")) head += ".0";
        module = head;
        part = std::string(tail).find(".down.") != std::string::npos ? "lora_down.weight"
                                                                     : "lora_up.weight";
        return true;
    }
    return false;
}

const PartName* split_key(const std::string& key, std::string& module) {
    for (const auto& p : kParts) {
        const std::string tail = std::string(".") + p.in_file;
        if (ends_with(key, tail) && key.size() > tail.size()) {
            module = key.substr(0, key.size() - tail.size());
            return &p;
        }
    }
    return nullptr;
}

std::string shape_str(const torch::Tensor& t) {
    std::ostringstream os;
    os << t.sizes();
    return os.str();
}

[[noreturn]] void fail(const std::string& what, const AdapterModule& m, const std::string& why) {
    throw Error(what + ": module '" + m.name + "' " + why);
}

int64_t size_at(const torch::Tensor& t, int64_t d) {
    return t.dim() > d ? t.size(d) : 0;
}

// The parts of `m` are complete, of one kind and chain (inner sizes agree).
void check_module(const std::string& what, AdapterModule& m) {
    for (const auto& [name, t] : m.parts) {
        if (!t.is_floating_point()) fail(what, m, "has a non-floating-point tensor '" + name + "'");
        if (t.dim() > 4 || (name != "alpha" && (t.dim() == 0 || t.numel() == 0)))
            fail(what, m, "has a tensor '" + name + "' of shape " + shape_str(t));
    }
    if (m.has("alpha")) {
        const auto& a = m.parts.at("alpha");
        if (a.numel() != 1) fail(what, m, "has an alpha of shape " + shape_str(a));
        const double v = a.to(torch::kFloat64).item<double>();
        if (!std::isfinite(v)) fail(what, m, "has a non-finite alpha (" + std::to_string(v) + ")");
        m.alpha = v;
        m.parts.erase("alpha");
    }
    auto need = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            if (!m.has(n)) fail(what, m, "lacks its '" + std::string(n) + "' tensor");
    };
    auto chain = [&](const char* a, const char* b) {
        const auto& ta = m.parts.at(a);
        const auto& tb = m.parts.at(b);
        if (ta.flatten(1).size(1) != tb.size(0))
            fail(what, m,
                 "has '" + std::string(a) + "' " + shape_str(ta) + " and '" + b + "' " +
                     shape_str(tb) + " whose ranks differ");
    };
    switch (m.kind) {
        case AdapterKind::LoRA:
            need({"lora_up.weight", "lora_down.weight"});
            if (m.has("lora_mid.weight")) {
                const auto& mid = m.parts.at("lora_mid.weight");
                if (mid.dim() != 4 ||
                    size_at(m.parts.at("lora_up.weight").flatten(1), 1) != mid.size(0) ||
                    m.parts.at("lora_down.weight").size(0) != mid.size(1))
                    fail(what, m,
                         "has a lora_mid of shape " + shape_str(mid) +
                             " that does not fit its up and down");
            } else {
                chain("lora_up.weight", "lora_down.weight");
            }
            break;
        case AdapterKind::LoHa:
            need({"hada_w1_a", "hada_w1_b", "hada_w2_a", "hada_w2_b"});
            for (const auto& [w, t] :
                 {std::pair{"hada_w1", "hada_t1"}, std::pair{"hada_w2", "hada_t2"}}) {
                const std::string a = std::string(w) + "_a", b = std::string(w) + "_b";
                if (!m.has(t)) {
                    chain(a.c_str(), b.c_str());
                    continue;
                }
                const auto& core = m.parts.at(t);
                if (core.dim() != 4 || m.parts.at(a).dim() != 2 || m.parts.at(b).dim() != 2 ||
                    core.size(0) != m.parts.at(a).size(0) || core.size(1) != m.parts.at(b).size(0))
                    fail(what, m,
                         "has a '" + std::string(t) + "' of shape " + shape_str(core) +
                             " that does not fit its factors");
            }
            break;
        case AdapterKind::LoKr:
            if (!m.has("lokr_w1")) {
                need({"lokr_w1_a", "lokr_w1_b"});
                chain("lokr_w1_a", "lokr_w1_b");
            }
            if (!m.has("lokr_w2")) {
                need({"lokr_w2_a", "lokr_w2_b"});
                if (!m.has("lokr_t2")) chain("lokr_w2_a", "lokr_w2_b");
            }
            if (m.has("lokr_t2")) {
                const auto& core = m.parts.at("lokr_t2");
                if (m.has("lokr_w2") || core.dim() != 4 ||
                    core.size(0) != size_at(m.parts.at("lokr_w2_a"), 0) ||
                    core.size(1) != size_at(m.parts.at("lokr_w2_b"), 0))
                    fail(what, m,
                         "has a 'lokr_t2' of shape " + shape_str(core) +
                             " that does not fit its factors");
            }
            break;
        case AdapterKind::Full:
            need({"diff"});
            break;
    }
    if (m.has("dora_scale") && m.parts.at("dora_scale").dim() < 2)
        fail(what, m, "has a dora_scale of shape " + shape_str(m.parts.at("dora_scale")));
}

}  // namespace

std::string to_string(AdapterKind kind) {
    switch (kind) {
        case AdapterKind::LoRA:
            return "LoRA";
        case AdapterKind::LoHa:
            return "LoHa";
        case AdapterKind::LoKr:
            return "LoKr";
        case AdapterKind::Full:
            return "full difference";
    }
    return "?";
}

torch::Tensor AdapterModule::get(const std::string& part) const {
    auto it = parts.find(part);
    if (it == parts.end()) throw Error("adapter module '" + name + "' lacks '" + part + "'");
    return it->second.to(torch::kFloat32);
}

int64_t AdapterModule::rank() const {
    switch (kind) {
        case AdapterKind::LoRA:
            return parts.at("lora_down.weight").size(0);
        case AdapterKind::LoHa:
            return parts.at("hada_w1_b").size(0);
        case AdapterKind::LoKr:
            // w2's rank wins over w1's; both full: the alpha is ignored (A1111 and ComfyUI).
            if (has("lokr_w2_b")) return parts.at("lokr_w2_b").size(0);
            if (has("lokr_w1_b")) return parts.at("lokr_w1_b").size(0);
            return 0;
        case AdapterKind::Full:
            return 0;
    }
    return 0;
}

bool looks_like_adapter(const std::vector<std::string>& keys) {
    std::string module, part;
    for (const auto& k : keys) {
        const PartName* p = split_key(k, module);
        if ((p && p->kind) || split_processor_key(k, module, part)) return true;
    }
    return false;
}

AdapterFile adapter_from_tensors(const std::string& what, const NamedTensorList& tensors,
                                 std::map<std::string, std::string> metadata) {
    AdapterFile file;
    file.path = what;
    file.metadata = std::move(metadata);
    std::map<std::string, size_t> index;
    std::map<std::string, std::set<AdapterKind>> kinds;
    for (const auto& [key, tensor] : tensors) {
        std::string module, part;
        if (const PartName* p = split_key(key, module)) {
            part = p->part;
            if (p->kind) kinds[module].insert(*p->kind);
        } else if (split_processor_key(key, module, part)) {
            kinds[module].insert(AdapterKind::LoRA);
        } else {
            file.skipped.push_back(key);
            continue;
        }
        auto [it, fresh] = index.emplace(module, file.modules.size());
        if (fresh) {
            file.modules.emplace_back();
            file.modules.back().name = module;
        }
        auto& m = file.modules[it->second];
        if (!m.parts.emplace(part, tensor).second)
            throw Error(what + ": module '" + module + "' has its '" + part + "' twice");
    }
    std::vector<AdapterModule> kept;
    for (auto& m : file.modules) {
        const auto& k = kinds[m.name];
        if (k.empty()) {  // only an alpha or a dora_scale: nothing to apply
            file.skipped.push_back(m.name + ".*");
            continue;
        }
        if (k.size() > 1)
            throw Error(what + ": module '" + m.name + "' mixes tensors of " +
                        to_string(*k.begin()) + " and " + to_string(*k.rbegin()));
        m.kind = *k.begin();
        check_module(what, m);
        kept.push_back(std::move(m));
    }
    file.modules = std::move(kept);
    if (file.modules.empty())
        throw Error(what +
                    ": no LoRA or LyCORIS tensors in it (keys such as '….lora_down.weight' "
                    "or '….hada_w1_a')" +
                    (file.skipped.empty() ? std::string()
                                          : "; the first key is '" + file.skipped.front() + "'"));
    return file;
}

AdapterFile read_adapter_file(const std::string& path) {
    auto st = io::SafetensorsFile::open(path);
    NamedTensorList tensors;
    for (const auto& k : st->keys()) tensors.emplace_back(k, st->tensor(k));
    return adapter_from_tensors("'" + path + "'", tensors, st->metadata());
}

}  // namespace reverie::adapters
