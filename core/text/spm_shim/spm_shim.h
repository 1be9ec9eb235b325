#pragma once
// C interface of libreverie_spm, a tiny shared library wrapping Debian's libsentencepiece.
//
// Why it exists: libsentencepiece carries its own (older, 3.14) copy of protobuf and exports it. In
// a process that also loads libtorch (which uses the system libprotobuf 3.21), one side always
// binds to the other's protobuf: with sentencepiece first, libtorch crashes at start-up; with
// libprotobuf first, sentencepiece aborts in protobuf's version check on first use. Reverie
// therefore never links sentencepiece into its binaries: core dlopen()s this shim with
// RTLD_DEEPBIND so sentencepiece binds to its own protobuf copy, and everything else keeps the
// system one.
#ifndef REVERIE_SPM_EXPORT
#define REVERIE_SPM_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

// Returns a handle, or null with a message in `error`.
REVERIE_SPM_EXPORT void* reverie_spm_load(const char* model_path, char* error, int error_size);
REVERIE_SPM_EXPORT void reverie_spm_free(void* handle);
// Writes up to `capacity` ids; returns how many there are (call again with more room if larger), or
// -1.
REVERIE_SPM_EXPORT int reverie_spm_encode(void* handle, const char* text, int* ids, int capacity);
// Writes the decoded text (NUL-terminated, truncated to capacity); returns its full length, or -1.
REVERIE_SPM_EXPORT int reverie_spm_decode(void* handle, const int* ids, int count, char* out,
                                          int capacity);
// Writes the piece of `id` (NUL-terminated); returns its full length, or -1.
REVERIE_SPM_EXPORT int reverie_spm_id_to_piece(void* handle, int id, char* out, int capacity);
REVERIE_SPM_EXPORT int reverie_spm_piece_size(void* handle);
REVERIE_SPM_EXPORT int reverie_spm_bos_id(void* handle);
REVERIE_SPM_EXPORT int reverie_spm_eos_id(void* handle);
REVERIE_SPM_EXPORT int reverie_spm_pad_id(void* handle);
REVERIE_SPM_EXPORT int reverie_spm_unk_id(void* handle);
// Trains a model with spm_train's flags ("--input=... --model_prefix=... --vocab_size=..."); 0 on
// success, else -1 with a message in `error`.
REVERIE_SPM_EXPORT int reverie_spm_train(const char* flags, char* error, int error_size);

#ifdef __cplusplus
}
#endif
