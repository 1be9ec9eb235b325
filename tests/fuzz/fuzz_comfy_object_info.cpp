// A ComfyUI server's /object_info answer (any server the user points the studio at): node
// schemas and the choices of their list inputs.
#include <string>

#include "core/remote/comfy_object_info.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    fuzz::attempt([&] {
        remote::ComfyObjectInfo info(std::string(reinterpret_cast<const char*>(data), size));
        for (const char* node : {"CheckpointLoaderSimple", "TinyCheckpointLoader", "LoraLoader"})
            for (const char* input : {"ckpt_name", "config_name", "lora_name"}) {
                info.has_input(node, input);
                for (const std::string& choice : info.choices(node, input))
                    fuzz::expect(choice.size() <= size, "a choice longer than the input");
            }
    });
    return 0;
}
