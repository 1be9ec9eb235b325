// Built as its own shared library (see core/CMakeLists.txt), never into reverie_core.
#include "core/text/spm_shim/spm_shim.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

void put(const std::string& s, char* out, int capacity) {
    if (!out || capacity <= 0) return;
    const size_t n = std::min(s.size(), size_t(capacity - 1));
    std::memcpy(out, s.data(), n);
    out[n] = '\0';
}

sentencepiece::SentencePieceProcessor* sp(void* h) {
    return static_cast<sentencepiece::SentencePieceProcessor*>(h);
}

}  // namespace

extern "C" {

void* reverie_spm_load(const char* model_path, char* error, int error_size) {
    auto* p = new sentencepiece::SentencePieceProcessor();
    const auto status = p->Load(model_path);
    if (!status.ok()) {
        put(status.ToString(), error, error_size);
        delete p;
        return nullptr;
    }
    return p;
}

void reverie_spm_free(void* handle) {
    delete sp(handle);
}

int reverie_spm_encode(void* handle, const char* text, int* ids, int capacity) {
    std::vector<int> out;
    if (!sp(handle)->Encode(text, &out).ok()) return -1;
    for (int i = 0; i < capacity && i < int(out.size()); ++i) ids[i] = out[i];
    return int(out.size());
}

int reverie_spm_decode(void* handle, const int* ids, int count, char* out, int capacity) {
    std::string text;
    if (!sp(handle)->Decode(std::vector<int>(ids, ids + count), &text).ok()) return -1;
    put(text, out, capacity);
    return int(text.size());
}

int reverie_spm_id_to_piece(void* handle, int id, char* out, int capacity) {
    if (id < 0 || id >= sp(handle)->GetPieceSize()) return -1;
    const std::string piece = sp(handle)->IdToPiece(id);
    put(piece, out, capacity);
    return int(piece.size());
}

int reverie_spm_piece_size(void* handle) {
    return sp(handle)->GetPieceSize();
}
int reverie_spm_bos_id(void* handle) {
    return sp(handle)->bos_id();
}
int reverie_spm_eos_id(void* handle) {
    return sp(handle)->eos_id();
}
int reverie_spm_pad_id(void* handle) {
    return sp(handle)->pad_id();
}
int reverie_spm_unk_id(void* handle) {
    return sp(handle)->unk_id();
}

int reverie_spm_train(const char* flags, char* error, int error_size) {
    const auto status = sentencepiece::SentencePieceTrainer::Train(flags);
    if (status.ok()) return 0;
    put(status.ToString(), error, error_size);
    return -1;
}

}  // extern "C"
