#pragma once
// The LoRAs a prompt names, one row each with its multiplier in a spin box (and the UNet's when
// the tag gives it apart): changing a box rewrites that number in the prompt's text, as one undo
// step of the prompt edit; the ✕ takes the tag out. The rows follow the text as the user types.
#include <QGroupBox>
#include <QStringList>
#include <functional>

#include "ui/prompt_tags.h"

class QDoubleSpinBox;
class QFormLayout;
class QPlainTextEdit;

namespace reverie::ui {

class PromptWeights : public QGroupBox {
    Q_OBJECT
  public:
    explicit PromptWeights(QWidget* parent = nullptr);

    // Why the engine would refuse a tag ("" when it would not): such rows show their name in
    // red, the reason in its tool tip.
    using ProblemCheck = std::function<QString(const PromptTag&)>;

    // The prompt edit whose tags are listed; null lists none.
    void setPrompt(QPlainTextEdit* prompt);
    void setProblemCheck(ProblemCheck check);
    // The rows again, after what the check knows changed.
    void recheck() { rebuild(); }
    // The spin box of the `index`-th tag's text-encoder (or UNet) multiplier; null when absent.
    QDoubleSpinBox* weightBox(int index, bool unet = false) const;
    int rowCount() const { return int(shown_.size()); }

  private:
    void refresh();
    void rebuild();
    void rewrite(int index, bool unet, double value);
    void removeTag(int index);

    QPlainTextEdit* prompt_ = nullptr;
    ProblemCheck check_;
    QFormLayout* rows_;
    QStringList shown_;  // the rows' tags (name, and whether the UNet has its own number)
    bool rewriting_ = false;
};

}  // namespace reverie::ui
