#pragma once
// Giving the pages of a memory-mapped weight back once it has been copied elsewhere.
#include <torch/torch.h>

namespace reverie::io {

// For a tensor handed out by SafetensorsFile::tensor from a mapped file (else does nothing and
// returns false): gives the resident pages that lie wholly inside it back to the system. Meant for
// a weight just copied elsewhere, which would otherwise be held twice: converted to another dtype
// while a model loads, or replaced by its LoRA-merged copy (WeightPatcher). Only pages not written
// since mapping go, and they come back from the file if the view is read again, so the view's
// values never change (MappedFile::release_pages); a copied file (LoadMode::Copy) keeps its
// pages, since dropping them would zero the data.
bool release_mapped_pages(const torch::Tensor& t);

}  // namespace reverie::io
