#include "ui/prompt_tags.h"

#include <QCoreApplication>
#include <QStringList>
#include <cmath>

namespace reverie::ui {

namespace {

QString tr_tags(const char* text) {
    return QCoreApplication::translate("reverie::ui::PromptTags", text);
}

// `value` as a multiplier; a problem naming the tag when it is not a finite number.
double multiplier(const QString& value, const QString& tag, QString& problem) {
    bool ok = false;
    const double v = value.toDouble(&ok);
    if (ok && std::isfinite(v)) return v;
    if (problem.isEmpty())
        problem = tr_tags("'%1' has a multiplier '%2' that is not a number").arg(tag, value);
    return 1.0;
}

// `NAME[:A[:B]]` starting at `at` in the text, each argument possibly `te=X` / `unet=X`.
void parse_arguments(const QString& args, int at, const QString& tag, PromptTag& t) {
    int positional = 0;
    int start = 0;
    while (true) {
        int colon = args.indexOf(QLatin1Char(':'), start);
        const int end = colon < 0 ? int(args.size()) : colon;
        const QString item = args.mid(start, end - start);
        const int eq = item.indexOf(QLatin1Char('='));
        if (positional > 0 && eq >= 0) {
            const QString key = item.left(eq);
            const PromptTag::Span value{at + start + eq + 1, int(item.size()) - eq - 1};
            if (key == QLatin1String("te")) {
                t.text_encoder = value;
                t.text_encoder_value = multiplier(item.mid(eq + 1), tag, t.problem);
            } else if (key == QLatin1String("unet")) {
                t.unet = value;
                t.unet_value = multiplier(item.mid(eq + 1), tag, t.problem);
            }
        } else {
            const PromptTag::Span span{at + start, int(item.size())};
            if (positional == 0) {
                t.name = item;
                t.name_span = span;
            } else if (positional == 1 && !t.text_encoder.present()) {
                t.text_encoder = span;
                t.text_encoder_value = multiplier(item, tag, t.problem);
            } else if (positional == 2 && !t.unet.present()) {
                t.unet = span;
                t.unet_value = multiplier(item, tag, t.problem);
            }
            ++positional;
        }
        if (colon < 0) break;
        start = colon + 1;
    }
    if (!t.unet.present()) t.unet_value = t.text_encoder_value;
    if (t.name.isEmpty() && t.problem.isEmpty()) t.problem = tr_tags("'%1' names no LoRA").arg(tag);
}

}  // namespace

QList<PromptTag> prompt_lora_tags(const QString& text) {
    QList<PromptTag> out;
    int i = 0;
    while (i < text.size()) {
        const int open = text.indexOf(QLatin1Char('<'), i);
        if (open < 0) break;
        const int close = text.indexOf(QLatin1Char('>'), open);
        if (close < 0) break;
        const int colon = text.indexOf(QLatin1Char(':'), open);
        const QString kind =
            colon >= 0 && colon < close ? text.mid(open + 1, colon - open - 1) : QString();
        if (kind != QLatin1String("lora") && kind != QLatin1String("lyco")) {
            i = open + 1;
            continue;
        }
        PromptTag t;
        t.whole = {open, close + 1 - open};
        parse_arguments(text.mid(colon + 1, close - colon - 1), colon + 1,
                        text.mid(open, close + 1 - open), t);
        out.append(t);
        i = close + 1;
    }
    return out;
}

QString weight_text(double weight) {
    // Two decimals as the weight boxes show them, without trailing zeros.
    return QString::number(std::round(weight * 100.0) / 100.0, 'g', 6);
}

QString lora_tag_for(const QString& name) {
    return QStringLiteral("<lora:%1:1>").arg(name);
}

}  // namespace reverie::ui
