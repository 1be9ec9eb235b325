#pragma once
// The LoRAs and textual-inversion embeddings the studio found for the current model, as plain
// values: what the adapter browser lists and what the prompt's LoRA tags are checked against.
// The app layer fills it from the files' headers (app/worker/adapter_scan.h).
#include <QImage>
#include <QList>
#include <QString>
#include <QStringList>

#include "ui/prompt_tags.h"

namespace reverie::ui {

struct FoundAdapter {
    enum class Role { Lora, Embedding };
    Role role = Role::Lora;
    QString name;  // the file's base name: what a prompt calls it
    QString path;
    QString kind;    // "LoRA", "LoHa", "LoKr", "Full", "Embedding"
    QString family;  // "SD 1.x", "SD 2.x", "SDXL"; "" when the file does not say
    int rank = 0;    // LoRA: the most common rank; embedding: its vector count
    QStringList trigger_words;
    QImage thumbnail;  // NAME.preview.png (or .png/.jpg) beside the file, scaled down; may be null
    QString problem;   // why the file cannot be used ("" when it can)
};

struct AdapterCatalog {
    QList<FoundAdapter> adapters;  // LoRAs in the order the engine looks them up, then embeddings
    QStringList lora_folders;      // where a tag's NAME is looked up, in that order
    QString embeddings_folder;     // the one folder the prompts' embeddings come from
    bool scanned = false;          // false: not known yet (nothing is underlined)
    QString note;                  // why nothing is listed (a remote server), shown in the browser

    // The first LoRA called `name`, or null.
    const FoundAdapter* lora(const QString& name) const;
};

// Why the engine would not apply `tag` for a model of `modelFamily` ("" when it would): an
// unreadable multiplier, a name in none of the LoRA folders, an unreadable file, another family.
QString lora_tag_problem(const PromptTag& tag, const AdapterCatalog& catalog,
                         const QString& modelFamily);

}  // namespace reverie::ui
