#pragma once
// The basic layers (linear, convolution, layer norm, embedding), with the parameter names and
// default initialisation of torch::nn's. They exist for one reason: torch::nn's layers initialise
// their weights randomly as they are built, and a model whose weights are loaded next pays for
// that — for SD 1.5, filling 3.4 GB with random numbers was most of a 20 s load. Built while a
// SkipParameterInit is alive, these leave their parameters uninitialised (not even touched), for
// load_weights to replace.
#include <torch/torch.h>

namespace reverie {

// While alive (on this thread), layers built leave their parameters uninitialised.
class SkipParameterInit {
  public:
    SkipParameterInit();
    ~SkipParameterInit();
    SkipParameterInit(const SkipParameterInit&) = delete;
    SkipParameterInit& operator=(const SkipParameterInit&) = delete;

  private:
    bool previous_;
};
bool parameter_init_skipped();

class LinearImpl : public torch::nn::Module {
  public:
    LinearImpl(int64_t in, int64_t out, bool bias = true);
    torch::Tensor forward(const torch::Tensor& x) { return torch::linear(x, weight, bias); }
    torch::Tensor weight, bias;  // bias undefined without one
};
TORCH_MODULE(Linear);

struct ConvOptions {
    int64_t in, out, kernel;
    int64_t stride = 1;
    int64_t padding = 0;
    bool bias = true;
};

class Conv2dImpl : public torch::nn::Module {
  public:
    explicit Conv2dImpl(const ConvOptions& o);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

  private:
    int64_t stride_, padding_;
};
TORCH_MODULE(Conv2d);

class LayerNormImpl : public torch::nn::Module {
  public:
    explicit LayerNormImpl(int64_t dim, double eps = 1e-5);
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor weight, bias;

  private:
    double eps_;
};
TORCH_MODULE(LayerNorm);

class EmbeddingImpl : public torch::nn::Module {
  public:
    EmbeddingImpl(int64_t count, int64_t dim);
    torch::Tensor forward(const torch::Tensor& ids) { return torch::embedding(weight, ids); }
    torch::Tensor weight;
};
TORCH_MODULE(Embedding);

}  // namespace reverie
