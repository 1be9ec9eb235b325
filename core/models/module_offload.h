#pragma once
// Sequential model offload (diffusers' enable_model_cpu_offload): a pipeline's networks run one
// after another — text encoder, UNet, VAE — so only the one running needs to be on the GPU. The
// others wait in host memory, and SD 1.5 in fp16 (2.1 GB of weights) runs on a 4 GB card.
//
// Every weight keeps one host copy for good, page-locked where the device is a GPU so an upload
// is a single asynchronous DMA on the current stream. Sending a network back is free: its device
// copies are dropped, the host copies are still there (inference never changes a weight).
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace reverie {

class ModuleOffload {
  public:
    // `device`: where the active network runs. On the CPU nothing ever moves.
    explicit ModuleOffload(torch::Device device);

    // Registers `module` under `name` and moves its parameters and buffers to host memory (they
    // may be anywhere before). Memory formats survive the round trips (channels-last weights stay
    // channels-last).
    void add(const std::string& name, std::shared_ptr<torch::nn::Module> module);

    // Adds `module`'s weights to the network registered as `name`: from then on they come onto
    // the device and go back with it. For networks that run in turn at every step (the UNet and
    // its ControlNets), where moving them one at a time would upload both every step.
    void join(const std::string& name, std::shared_ptr<torch::nn::Module> module);

    // Puts `name` on the device and sends the network there before back to the host. Returns
    // whether anything moved; throws reverie::Error for a name never added.
    bool activate(const std::string& name);
    // Sends every network back to the host.
    void deactivate();

    const std::string& active() const { return active_; }
    torch::Device device() const { return device_; }
    // Whether activate() moves anything (a device other than the CPU).
    bool moves() const { return !device_.is_cpu(); }
    // Bytes of the largest network: what an activation may bring onto the device.
    double largest_bytes() const;

  private:
    struct Weight {
        torch::Tensor live;  // the module's own parameter or buffer (its data is swapped)
        torch::Tensor host;  // the kept host copy
        bool channels_last = false;
    };
    struct Entry {
        std::string name;
        std::vector<std::shared_ptr<torch::nn::Module>> modules;
        std::vector<Weight> weights;
        double bytes = 0;
    };
    Entry& find(const std::string& name);
    // Takes `module`'s weights into `e` (host copies kept, page-locked on a GPU).
    void take(Entry& e, const std::shared_ptr<torch::nn::Module>& module);
    void upload(Entry& e);
    void release(Entry& e);

    torch::Device device_;
    std::vector<Entry> entries_;
    std::string active_;
};

}  // namespace reverie
