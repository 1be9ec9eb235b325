#pragma once
// Underlines (wavy, red) the LoRA tags of a prompt edit that the engine would refuse, and shows
// why in the tag's tool tip: a name in none of the LoRA folders, a LoRA for another family, a
// multiplier that is not a number.
#include <QSyntaxHighlighter>

#include "ui/adapter_catalog.h"

class QPlainTextEdit;

namespace reverie::ui {

class PromptHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
  public:
    // Highlights `edit`'s document and answers tool-tip events over its viewport.
    explicit PromptHighlighter(QPlainTextEdit* edit);

    void setCatalog(const AdapterCatalog& catalog);
    void setModelFamily(const QString& family);
    // The problem of the tag covering document position `position`; "" when none.
    QString problemAt(int position) const;

  protected:
    void highlightBlock(const QString& text) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    QPlainTextEdit* edit_;
    AdapterCatalog catalog_;
    QString family_;
};

}  // namespace reverie::ui
