#include "core/io/asset_manifest.h"

#include "core/common/error.h"

namespace reverie::io {

std::string AssetSpec::group() const {
    return relative_path.substr(0, relative_path.find('/'));
}

const std::vector<AssetSpec>& known_assets() {
    // CLIP: the tokenizer files of openai/clip-vit-large-patch14 (the text encoder of SD 1.x),
    // which single-file checkpoints do not carry. Hashes and sizes are those of the files on the
    // hub, identical to the vocabulary in openai/CLIP's bpe_simple_vocab_16e6.txt.gz. TAESD: the
    // files of madebyollin/taesd at a fixed hub revision (`main` gets new versions from time to
    // time, which would then fail the check); the hashes and sizes agree in two unrelated projects
    // that pin the same revision.
    static const std::vector<AssetSpec> assets = {
        {"clip-vocab", "clip/vocab.json",
         "https://huggingface.co/openai/clip-vit-large-patch14/resolve/main/vocab.json",
         "3f0c4f7d2086b61b38487075278ea9ed04edb53a03cbb045b86c27190fa8fb69", 961143,
         "the CLIP tokenizer vocabulary for single-file SD 1.x checkpoints", "MIT"},
        {"clip-merges", "clip/merges.txt",
         "https://huggingface.co/openai/clip-vit-large-patch14/resolve/main/merges.txt",
         "9fd691f7c8039210e0fced15865466c65820d09b63988b0174bfe25de299051a", 524619,
         "the CLIP tokenizer merges for single-file SD 1.x checkpoints", "MIT"},
        {"taesd-decoder", "taesd/taesd_decoder.safetensors",
         "https://huggingface.co/madebyollin/taesd/resolve/614f76814bbe30edbe2e627ace1c2234c81a2c0e/"
         "taesd_decoder.safetensors",
         "f0fb51dd10d41c26612c070fa0b52ea0215a5ff90792134b4971109dd713c019", 4895612,
         "the TAESD decoder for fast live previews", "MIT"},
        {"taesd-encoder", "taesd/taesd_encoder.safetensors",
         "https://huggingface.co/madebyollin/taesd/resolve/614f76814bbe30edbe2e627ace1c2234c81a2c0e/"
         "taesd_encoder.safetensors",
         "160d90c61c3a5ce50fe2cbe6404b3429f5763772d61b38523cc37e1525b4e19f", 4895600,
         "the TAESD encoder for fast image encoding", "MIT"},
    };
    return assets;
}

std::vector<AssetSpec> select_assets(const std::string& selector) {
    std::vector<AssetSpec> out;
    for (const auto& a : known_assets())
        if (selector.empty() || a.name == selector || a.group() == selector) out.push_back(a);
    if (out.empty()) {
        std::string names;
        for (const auto& a : known_assets()) names += " " + a.name;
        throw Error("no asset is called '" + selector + "'; known:" + names +
                    " (or a group: clip, taesd)");
    }
    return out;
}

}  // namespace reverie::io
