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
    // The engine's strtod skips leading white space only.
    const bool trailing_space = !value.isEmpty() && value.back().isSpace();
    if (ok && std::isfinite(v) && !trailing_space) return v;
    if (problem.isEmpty())
        problem = tr_tags(QT_TRANSLATE_NOOP("reverie::ui::PromptTags",
                                            "'%1' has a multiplier '%2' that is not a number"))
                      .arg(tag, value);
    return 1.0;
}

// An argument of a tag: its text and where it starts in the prompt.
struct Argument {
    QString text;
    int start = -1;
};

// `NAME[:A[:B]]` starting at `at` in the text, any argument after the name possibly `te=X` /
// `unet=X` (the named forms win over the positions), in the engine's order of checks.
void parse_arguments(const QString& args, int at, const QString& tag, PromptTag& t) {
    QList<Argument> positional;
    Argument te, unet;
    int start = 0;
    while (true) {
        const int colon = args.indexOf(QLatin1Char(':'), start);
        const QString item = args.mid(start, (colon < 0 ? int(args.size()) : colon) - start);
        const int eq = item.indexOf(QLatin1Char('='));
        if (!positional.isEmpty() && eq >= 0) {
            const Argument value{item.mid(eq + 1), at + start + eq + 1};
            if (item.left(eq) == QLatin1String("te"))
                te = value;
            else if (item.left(eq) == QLatin1String("unet"))
                unet = value;
        } else {
            positional.append({item, at + start});
        }
        if (colon < 0) break;
        start = colon + 1;
    }
    t.name = positional[0].text;
    t.name_span = {positional[0].start, int(t.name.size())};
    if (t.name.isEmpty())
        t.problem =
            tr_tags(QT_TRANSLATE_NOOP("reverie::ui::PromptTags", "'%1' names no LoRA")).arg(tag);
    if (te.start < 0 && positional.size() > 1) te = positional[1];
    if (unet.start < 0 && positional.size() > 2) unet = positional[2];
    if (te.start >= 0) {
        t.text_encoder = {te.start, int(te.text.size())};
        t.text_encoder_value = multiplier(te.text, tag, t.problem);
    }
    t.unet_value = t.text_encoder_value;
    if (unet.start >= 0) {
        t.unet = {unet.start, int(unet.text.size())};
        t.unet_value = multiplier(unet.text, tag, t.problem);
    }
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
