#include "core/models/module_offload.h"

#include <algorithm>

#include "core/common/error.h"

namespace reverie {

namespace {

bool is_channels_last(const torch::Tensor& t) {
    return t.dim() == 4 && !t.is_contiguous() && t.is_contiguous(at::MemoryFormat::ChannelsLast);
}

}  // namespace

ModuleOffload::ModuleOffload(torch::Device device) : device_(device) {}

void ModuleOffload::take(Entry& e, const std::shared_ptr<torch::nn::Module>& module) {
    auto take_one = [&](const torch::Tensor& live) {
        if (!live.defined()) return;
        Weight w{live, live.to(torch::kCPU), is_channels_last(live)};
        // Page-locked memory: uploads become one asynchronous DMA instead of a staged copy.
        if (device_.is_cuda()) w.host = w.host.pin_memory();
        e.bytes += double(live.numel()) * double(live.element_size());
        e.weights.push_back(std::move(w));
    };
    for (const auto& p : module->parameters()) take_one(p);
    for (const auto& b : module->buffers()) take_one(b);
    e.modules.push_back(module);
}

void ModuleOffload::add(const std::string& name, std::shared_ptr<torch::nn::Module> module) {
    if (!module) throw Error("offload: no module given for '" + name + "'");
    for (const auto& e : entries_)
        if (e.name == name) throw Error("offload: '" + name + "' is registered twice");
    Entry e{name, {}, {}, 0.0};
    take(e, module);
    if (moves()) release(e);
    entries_.push_back(std::move(e));
}

void ModuleOffload::join(const std::string& name, std::shared_ptr<torch::nn::Module> module) {
    if (!module) throw Error("offload: no module given to join '" + name + "'");
    Entry& e = find(name);
    const size_t first = e.weights.size();
    take(e, module);
    if (!moves()) return;
    // The new weights follow the network's place: on the device when it is active.
    Entry added{name, {}, {e.weights.begin() + long(first), e.weights.end()}, 0.0};
    if (active_ == name)
        upload(added);
    else
        release(added);
}

ModuleOffload::Entry& ModuleOffload::find(const std::string& name) {
    for (auto& e : entries_)
        if (e.name == name) return e;
    throw Error("offload: no network named '" + name + "' was registered");
}

void ModuleOffload::upload(Entry& e) {
    for (auto& w : e.weights) {
        // Non-blocking from pinned memory: queued on the current stream, ahead of the kernels
        // that read it.
        auto on_device = w.host.to(w.host.options().device(device_), /*non_blocking=*/true);
        if (w.channels_last && !is_channels_last(on_device))
            on_device = on_device.contiguous(at::MemoryFormat::ChannelsLast);
        w.live.set_data(on_device);
    }
}

void ModuleOffload::release(Entry& e) {
    for (auto& w : e.weights) w.live.set_data(w.host);
}

bool ModuleOffload::activate(const std::string& name) {
    Entry& next = find(name);
    if (!moves() || active_ == name) return false;
    if (!active_.empty()) release(find(active_));
    active_.clear();
    try {
        upload(next);
    } catch (...) {
        release(next);  // out of memory half-way: nothing is left half on the device
        throw;
    }
    active_ = name;
    return true;
}

void ModuleOffload::deactivate() {
    if (!active_.empty()) release(find(active_));
    active_.clear();
}

double ModuleOffload::largest_bytes() const {
    double m = 0;
    for (const auto& e : entries_) m = std::max(m, e.bytes);
    return m;
}

}  // namespace reverie
