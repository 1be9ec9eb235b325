#include "core/text/sentencepiece_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "core/common/error.h"

namespace reverie::text {
namespace {

// sentencepiece must bind to its own protobuf copy, not the process's libprotobuf. Normally
// RTLD_DEEPBIND does that. AddressSanitizer refuses DEEPBIND (it would bypass its interceptors), so
// the sanitizer build of the app loads an uninstrumented shim into a link namespace of its own
// (dlmopen), where the process's libprotobuf is not even visible; the shim's C interface passes no
// memory across (caller-owned buffers, an opaque handle), so two C libraries are safe. The fuzz
// build loads its instrumented shim plainly: those binaries hold no other protobuf.
#if defined(REVERIE_SPM_OWN_NAMESPACE)
void* open_shim(const char* path) {
    return dlmopen(LM_ID_NEWLM, path, RTLD_NOW | RTLD_LOCAL);
}
#else
#if defined(__SANITIZE_ADDRESS__)
constexpr int kDeepBind = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kDeepBind = 0;
#else
constexpr int kDeepBind = RTLD_DEEPBIND;
#endif
#else
constexpr int kDeepBind = RTLD_DEEPBIND;
#endif
void* open_shim(const char* path) {
    return dlopen(path, RTLD_NOW | RTLD_LOCAL | kDeepBind);
}
#endif

struct Shim {
    std::string path;
    void* (*load)(const char*, char*, int) = nullptr;
    void (*free_)(void*) = nullptr;
    int (*encode)(void*, const char*, int*, int) = nullptr;
    int (*decode)(void*, const int*, int, char*, int) = nullptr;
    int (*id_to_piece)(void*, int, char*, int) = nullptr;
    int (*piece_size)(void*) = nullptr;
    int (*bos)(void*) = nullptr;
    int (*eos)(void*) = nullptr;
    int (*pad)(void*) = nullptr;
    int (*unk)(void*) = nullptr;
    int (*train)(const char*, char*, int) = nullptr;
};

std::vector<std::string> candidates() {
    std::vector<std::string> out;
    if (const char* env = std::getenv("REVERIE_SPM_SHIM"); env && *env) out.push_back(env);
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        out.push_back((exe.parent_path() / "libreverie_spm.so").string());
        out.push_back(
            (exe.parent_path() / ".." / "lib" / "reverie" / "libreverie_spm.so").string());
    }
    out.push_back(REVERIE_SPM_SHIM_INSTALL_PATH);
    out.push_back(REVERIE_SPM_SHIM_BUILD_PATH);
    return out;
}

template <typename T>
void bind(void* lib, const char* name, T& fn, const std::string& path) {
    fn = reinterpret_cast<T>(dlsym(lib, name));
    if (!fn) throw Error("'" + path + "' lacks '" + name + "': mismatched Reverie installation");
}

const Shim& shim() {
    static std::once_flag once;
    static Shim s;
    static std::string failure;
    std::call_once(once, [] {
        std::string tried;
        for (const auto& path : candidates()) {
            if (!std::filesystem::exists(path)) continue;
            void* lib = open_shim(path.c_str());
            if (!lib) {
                tried += std::string(" ") + dlerror();
                continue;
            }
            try {
                s.path = path;
                bind(lib, "reverie_spm_load", s.load, path);
                bind(lib, "reverie_spm_free", s.free_, path);
                bind(lib, "reverie_spm_encode", s.encode, path);
                bind(lib, "reverie_spm_decode", s.decode, path);
                bind(lib, "reverie_spm_id_to_piece", s.id_to_piece, path);
                bind(lib, "reverie_spm_piece_size", s.piece_size, path);
                bind(lib, "reverie_spm_bos_id", s.bos, path);
                bind(lib, "reverie_spm_eos_id", s.eos, path);
                bind(lib, "reverie_spm_pad_id", s.pad, path);
                bind(lib, "reverie_spm_unk_id", s.unk, path);
                bind(lib, "reverie_spm_train", s.train, path);
                return;
            } catch (const Error& e) {
                failure = e.what();
                return;
            }
        }
        failure =
            "cannot load libreverie_spm.so (Reverie's SentencePiece library; set REVERIE_SPM_SHIM "
            "to its path)" +
            (tried.empty() ? std::string() : ":" + tried);
    });
    if (!failure.empty()) throw Error(failure);
    return s;
}

}  // namespace

std::string sentencepiece_shim_path() {
    return shim().path;
}

SentencePieceModel::SentencePieceModel(const std::string& model_path) {
    if (!std::filesystem::is_regular_file(model_path))
        throw Error("SentencePiece model '" + model_path + "' does not exist");
    char err[512] = {0};
    handle_ = shim().load(model_path.c_str(), err, sizeof err);
    if (!handle_) throw Error("cannot load SentencePiece model '" + model_path + "': " + err);
}

SentencePieceModel::~SentencePieceModel() {
    if (handle_) shim().free_(handle_);
}

std::vector<int> SentencePieceModel::encode(const std::string& text) const {
    std::vector<int> ids(text.size() + 16);
    int n = shim().encode(handle_, text.c_str(), ids.data(), int(ids.size()));
    if (n < 0) throw Error("SentencePiece could not encode the text");
    if (n > int(ids.size())) {
        ids.resize(n);
        n = shim().encode(handle_, text.c_str(), ids.data(), n);
    }
    ids.resize(n);
    return ids;
}

std::string SentencePieceModel::decode(const std::vector<int>& ids) const {
    std::string out(ids.size() * 8 + 16, '\0');
    int n = shim().decode(handle_, ids.data(), int(ids.size()), out.data(), int(out.size()));
    if (n < 0) throw Error("SentencePiece could not decode the ids");
    if (n + 1 > int(out.size())) {
        out.assign(n + 1, '\0');
        shim().decode(handle_, ids.data(), int(ids.size()), out.data(), int(out.size()));
    }
    out.resize(n);
    return out;
}

std::string SentencePieceModel::id_to_piece(int id) const {
    char buf[256];
    int n = shim().id_to_piece(handle_, id, buf, sizeof buf);
    if (n < 0) throw Error("SentencePiece id " + std::to_string(id) + " is out of range");
    return std::string(buf, std::min(n, int(sizeof buf) - 1));
}

int SentencePieceModel::piece_size() const {
    return shim().piece_size(handle_);
}
int SentencePieceModel::bos_id() const {
    return shim().bos(handle_);
}
int SentencePieceModel::eos_id() const {
    return shim().eos(handle_);
}
int SentencePieceModel::pad_id() const {
    return shim().pad(handle_);
}
int SentencePieceModel::unk_id() const {
    return shim().unk(handle_);
}

void train_sentencepiece(const std::string& flags) {
    char err[1024] = {0};
    if (shim().train(flags.c_str(), err, sizeof err) != 0)
        throw Error(std::string("SentencePiece training failed: ") + err);
}

}  // namespace reverie::text
