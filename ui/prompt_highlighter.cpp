#include "ui/prompt_highlighter.h"

#include <QHelpEvent>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QToolTip>

namespace reverie::ui {

PromptHighlighter::PromptHighlighter(QPlainTextEdit* edit)
    : QSyntaxHighlighter(edit->document()), edit_(edit) {
    edit->viewport()->installEventFilter(this);
}

void PromptHighlighter::setCatalog(const AdapterCatalog& catalog) {
    catalog_ = catalog;
    rehighlight();
}

void PromptHighlighter::setModelFamily(const QString& family) {
    if (family == family_) return;
    family_ = family;
    rehighlight();
}

void PromptHighlighter::highlightBlock(const QString& text) {
    QTextCharFormat bad;
    bad.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    bad.setUnderlineColor(QColor(220, 40, 40));
    for (const PromptTag& tag : prompt_lora_tags(text)) {
        const QString problem = lora_tag_problem(tag, catalog_, family_);
        if (problem.isEmpty()) continue;
        bad.setToolTip(problem);
        setFormat(tag.whole.start, tag.whole.length, bad);
    }
}

QString PromptHighlighter::problemAt(int position) const {
    const QTextBlock block = document()->findBlock(position);
    if (!block.isValid()) return {};
    const int at = position - block.position();
    for (const PromptTag& tag : prompt_lora_tags(block.text()))
        if (at >= tag.whole.start && at < tag.whole.start + tag.whole.length)
            return lora_tag_problem(tag, catalog_, family_);
    return {};
}

bool PromptHighlighter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ToolTip && watched == edit_->viewport()) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString problem = problemAt(edit_->cursorForPosition(help->pos()).position());
        if (problem.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), problem, edit_->viewport());
        return true;
    }
    return QSyntaxHighlighter::eventFilter(watched, event);
}

}  // namespace reverie::ui
