#pragma once
// Giving the pages of a memory-mapped weight back once it has been copied elsewhere.
#include <torch/torch.h>

namespace reverie::io {

// For a tensor handed out by SafetensorsFile::tensor from a mapped file (else does nothing and
// returns false): gives the resident pages that lie wholly inside it back to the system. Meant for
// a weight just converted to another dtype, which would otherwise be held twice while a model
// loads. Pages not written since mapping come back from the file if the view is read again; a
// copied file (LoadMode::Copy) keeps its pages, since dropping them would zero the data.
bool release_mapped_pages(const torch::Tensor& t);

}  // namespace reverie::io
