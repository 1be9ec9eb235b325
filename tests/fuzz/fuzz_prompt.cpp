// AUTOMATIC1111's prompt syntax: emphasis brackets, weights, escapes, BREAK.
#include "core/text/prompt_parser.h"
#include "tests/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace reverie;
    try {
        for (const auto& f :
             text::parse_prompt_attention(std::string(reinterpret_cast<const char*>(data), size)))
            // Invalid UTF-8 becomes U+FFFD (3 bytes): never more than that per input byte.
            fuzz::expect(f.text.size() <= 3 * size, "fragment longer than the prompt");
    } catch (const Error&) {
    }
    return 0;
}
