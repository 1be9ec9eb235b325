#include "ui/mask_options_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>

namespace reverie::ui {

const QStringList& masked_content_names() {
    static const QStringList names = {QStringLiteral("original"), QStringLiteral("fill"),
                                      QStringLiteral("latent noise"),
                                      QStringLiteral("latent nothing")};
    return names;
}

MaskOptionsBox::MaskOptionsBox(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grow_ = new QSpinBox;
    grow_->setObjectName(QStringLiteral("maskGrow"));
    grow_->setRange(-128, 128);
    grow_->setSuffix(QStringLiteral(" px"));
    grow_->setToolTip(tr("Grow the mask (negative: shrink) before blurring"));
    invert_ = new QCheckBox(tr("Invert"));
    invert_->setObjectName(QStringLiteral("maskInvert"));
    invert_->setToolTip(tr("Regenerate everything but the painted area"));
    content_ = new QComboBox;
    content_->setObjectName(QStringLiteral("maskedContent"));
    content_->addItems({tr("original"), tr("fill"), tr("latent noise"), tr("latent nothing")});
    content_->setToolTip(tr("What the masked area starts from"));
    soft_ = new QCheckBox(tr("Soft"));
    soft_->setObjectName(QStringLiteral("softInpaint"));
    soft_->setToolTip(
        tr("Soft inpainting: grey mask levels change the picture partly (a feathered mask blends "
           "instead of leaving a seam)"));
    grid->addWidget(new QLabel(tr("Grow")), 0, 0);
    grid->addWidget(grow_, 0, 1);
    grid->addWidget(invert_, 0, 2);
    grid->addWidget(content_, 1, 0, 1, 2);
    grid->addWidget(soft_, 1, 2);
}

void MaskOptionsBox::readInto(GenerationSettings& s) const {
    s.mask_grow = grow_->value();
    s.mask_invert = invert_->isChecked();
    s.masked_content = masked_content_names().value(content_->currentIndex());
    s.soft_inpaint = soft_->isChecked();
}

void MaskOptionsBox::show(const GenerationSettings& s) {
    grow_->setValue(s.mask_grow);
    invert_->setChecked(s.mask_invert);
    content_->setCurrentIndex(std::max(0, int(masked_content_names().indexOf(s.masked_content))));
    soft_->setChecked(s.soft_inpaint);
}

}  // namespace reverie::ui
