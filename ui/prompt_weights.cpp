#include "ui/prompt_weights.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QTextCursor>
#include <QToolButton>

#include "ui/prompt_tags.h"

namespace reverie::ui {

namespace {

// A1111 accepts any multiplier; these bounds hold every one seen in practice.
constexpr double kMaxWeight = 10.0;

QString row_key(const PromptTag& t) {
    return t.name + (t.unet.present() ? QStringLiteral("\n+unet") : QString());
}

QDoubleSpinBox* weight_spin(double value, const QString& name, const QString& tip) {
    auto* s = new QDoubleSpinBox;
    s->setObjectName(name);
    s->setRange(-kMaxWeight, kMaxWeight);
    s->setSingleStep(0.05);
    s->setDecimals(2);
    s->setValue(value);
    // The prompt changes when the user is done with the number (Enter, focus out) or steps.
    s->setKeyboardTracking(false);
    s->setToolTip(tip);
    return s;
}

}  // namespace

PromptWeights::PromptWeights(QWidget* parent) : QGroupBox(tr("LoRAs in the prompt"), parent) {
    setObjectName(QStringLiteral("promptWeights"));
    rows_ = new QFormLayout(this);
    rows_->setContentsMargins(6, 4, 6, 4);
    hide();
}

void PromptWeights::setPrompt(QPlainTextEdit* prompt) {
    if (prompt_) disconnect(prompt_, nullptr, this, nullptr);
    prompt_ = prompt;
    if (prompt_) connect(prompt_, &QPlainTextEdit::textChanged, this, &PromptWeights::refresh);
    refresh();
}

void PromptWeights::setProblemCheck(ProblemCheck check) {
    check_ = std::move(check);
    rebuild();
}

QDoubleSpinBox* PromptWeights::weightBox(int index, bool unet) const {
    return findChild<QDoubleSpinBox*>(
        (unet ? QStringLiteral("unetWeight_%1") : QStringLiteral("weight_%1")).arg(index));
}

void PromptWeights::refresh() {
    if (rewriting_) return;
    const QList<PromptTag> tags =
        prompt_ ? prompt_lora_tags(prompt_->toPlainText()) : QList<PromptTag>();
    QStringList keys;
    for (const PromptTag& t : tags) keys << row_key(t);
    if (keys != shown_) {
        rebuild();
        return;
    }
    // The same tags: only numbers typed in the text move the boxes (a box being edited stays).
    for (int i = 0; i < tags.size(); ++i) {
        for (const bool unet : {false, true}) {
            QDoubleSpinBox* box = weightBox(i, unet);
            const double v = unet ? tags[i].unet_value : tags[i].text_encoder_value;
            if (!box || qFuzzyCompare(box->value() + 1.0, v + 1.0)) continue;
            const QSignalBlocker quiet(box);
            box->setValue(v);
        }
    }
}

void PromptWeights::rebuild() {
    while (rows_->rowCount() > 0) rows_->removeRow(0);
    shown_.clear();
    const QList<PromptTag> tags =
        prompt_ ? prompt_lora_tags(prompt_->toPlainText()) : QList<PromptTag>();
    for (int i = 0; i < tags.size(); ++i) {
        const PromptTag& t = tags[i];
        shown_ << row_key(t);
        auto* field = new QWidget;
        auto* row = new QHBoxLayout(field);
        row->setContentsMargins(0, 0, 0, 0);
        auto* te = weight_spin(t.text_encoder_value, QStringLiteral("weight_%1").arg(i),
                               t.unet.present() ? tr("Text encoder multiplier")
                                                : tr("Multiplier (text encoder and UNet)"));
        connect(te, &QDoubleSpinBox::valueChanged, this,
                [this, i](double v) { rewrite(i, false, v); });
        row->addWidget(te, 1);
        if (t.unet.present()) {
            auto* unet = weight_spin(t.unet_value, QStringLiteral("unetWeight_%1").arg(i),
                                     tr("UNet multiplier"));
            connect(unet, &QDoubleSpinBox::valueChanged, this,
                    [this, i](double v) { rewrite(i, true, v); });
            row->addWidget(unet, 1);
        }
        auto* remove = new QToolButton;
        remove->setObjectName(QStringLiteral("removeTag_%1").arg(i));
        remove->setText(QStringLiteral("✕"));
        remove->setToolTip(tr("Take this LoRA out of the prompt"));
        // Later: the rows are rebuilt when the text changes, the button with them.
        connect(remove, &QToolButton::clicked, this, [this, i] {
            QMetaObject::invokeMethod(
                this, [this, i] { removeTag(i); }, Qt::QueuedConnection);
        });
        row->addWidget(remove);
        auto* label = new QLabel(t.name.isEmpty() ? tr("(no name)") : t.name);
        const QString problem = check_ ? check_(t) : QString();
        label->setToolTip(problem.isEmpty() ? t.name : problem);
        if (!problem.isEmpty()) label->setStyleSheet(QStringLiteral("color: #d42828;"));
        rows_->addRow(label, field);
    }
    setVisible(!tags.isEmpty());
}

void PromptWeights::rewrite(int index, bool unet, double value) {
    if (!prompt_) return;
    const QList<PromptTag> tags = prompt_lora_tags(prompt_->toPlainText());
    if (index >= tags.size()) return;
    const PromptTag& t = tags[index];
    const PromptTag::Span span = unet ? t.unet : t.text_encoder;
    // The rows already show the new number, and the text's tags stay the same.
    rewriting_ = true;
    QTextCursor c(prompt_->document());
    if (span.present()) {
        c.setPosition(span.start);
        c.setPosition(span.start + span.length, QTextCursor::KeepAnchor);
        c.insertText(weight_text(value));
    } else if (!unet) {
        // `<lora:NAME>` gets its number: `<lora:NAME:0.8>`.
        c.setPosition(t.name_span.start + t.name_span.length);
        c.insertText(QLatin1Char(':') + weight_text(value));
    }
    rewriting_ = false;
}

void PromptWeights::removeTag(int index) {
    if (!prompt_) return;
    const QList<PromptTag> tags = prompt_lora_tags(prompt_->toPlainText());
    if (index >= tags.size()) return;
    QTextCursor c(prompt_->document());
    c.setPosition(tags[index].whole.start);
    c.setPosition(tags[index].whole.start + tags[index].whole.length, QTextCursor::KeepAnchor);
    c.removeSelectedText();
}

}  // namespace reverie::ui
