#pragma once
// The inpainting options beyond blur and area: grow or shrink the mask, invert it, what the masked
// area starts from (A1111's "masked content"), and soft inpainting (grey levels as strengths).
#include <QWidget>

#include "ui/generation_settings.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace reverie::ui {

class MaskOptionsBox : public QWidget {
    Q_OBJECT
  public:
    explicit MaskOptionsBox(QWidget* parent = nullptr);

    void readInto(GenerationSettings& s) const;
    void show(const GenerationSettings& s);

    QSpinBox* growSpin() const { return grow_; }
    QCheckBox* invertBox() const { return invert_; }
    QComboBox* contentCombo() const { return content_; }
    QCheckBox* softBox() const { return soft_; }

  private:
    QSpinBox* grow_;
    QCheckBox* invert_;
    QComboBox* content_;
    QCheckBox* soft_;
};

// The engine's names for the masked-content choices, in the combo box's order.
const QStringList& masked_content_names();

}  // namespace reverie::ui
