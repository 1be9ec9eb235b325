#pragma once
// A1111's LoRA tags in a prompt's text, with where each part sits, so the studio can underline a
// tag and rewrite its numbers in place: `<lora:NAME>`, `<lora:NAME:0.8>`, `<lora:NAME:TE:UNET>`
// and the named `te=` / `unet=` forms (`<lyco:…>` alike). The grammar is the engine's
// (core/adapters/prompt_loras.cpp), read here on QStrings because ui/ does not link the engine.
#include <QList>
#include <QString>

namespace reverie::ui {

struct PromptTag {
    // A span of the text; start -1 when absent.
    struct Span {
        int start = -1;
        int length = 0;
        bool present() const { return start >= 0; }
    };
    Span whole;  // from '<' to '>'
    QString name;
    Span name_span;
    // The text encoder's multiplier (the first number or te=) and the UNet's (the second number
    // or unet=; absent: the text encoder's).
    Span text_encoder;
    Span unet;
    double text_encoder_value = 1.0;
    double unet_value = 1.0;
    // Why the engine would refuse the tag (a multiplier that is not a number, no name); "" if fine.
    QString problem;
};

// The LoRA tags of `text`, in order; positions are indices into `text`.
QList<PromptTag> prompt_lora_tags(const QString& text);

// A weight as a prompt writes it: "0.8", "1", "-0.25".
QString weight_text(double weight);

// What clicking a LoRA inserts: `<lora:NAME:1>`.
QString lora_tag_for(const QString& name);

}  // namespace reverie::ui
