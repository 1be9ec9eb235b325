#include "ui/expand_canvas_dialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

#include "ui/canvas_document.h"

namespace reverie::ui {

namespace {

struct ExpandCanvasDialog {
    Q_DECLARE_TR_FUNCTIONS(ExpandCanvasDialog)
};

constexpr int kMaxSide = CanvasDocument::kMaxSide;

int round8(int v) {
    return (v + 4) / 8 * 8;
}

}  // namespace

CanvasExpansion ask_canvas_expansion(QWidget* parent, QSize canvas) {
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("expandCanvasDialog"));
    dialog.setWindowTitle(ExpandCanvasDialog::tr("Expand canvas"));
    auto* form = new QFormLayout(&dialog);
    auto side = [&](const QString& label, const char* name, int maxGrow) {
        auto* s = new QSpinBox;
        s->setObjectName(QLatin1String(name));
        s->setRange(0, std::max(0, maxGrow));
        s->setSingleStep(8);
        s->setSuffix(QStringLiteral(" px"));
        form->addRow(label, s);
        return s;
    };
    const int growX = kMaxSide - canvas.width(), growY = kMaxSide - canvas.height();
    QSpinBox* left = side(ExpandCanvasDialog::tr("Left"), "expandLeft", growX);
    QSpinBox* top = side(ExpandCanvasDialog::tr("Top"), "expandTop", growY);
    QSpinBox* right = side(ExpandCanvasDialog::tr("Right"), "expandRight", growX);
    QSpinBox* bottom = side(ExpandCanvasDialog::tr("Bottom"), "expandBottom", growY);
    right->setValue(std::min(growX, round8(canvas.width() / 4)));
    auto* overlap = new QSpinBox;
    overlap->setObjectName(QStringLiteral("expandOverlap"));
    overlap->setRange(0, 256);
    overlap->setValue(8);
    overlap->setSuffix(QStringLiteral(" px"));
    overlap->setToolTip(ExpandCanvasDialog::tr("How far the mask reaches into the picture"));
    form->addRow(ExpandCanvasDialog::tr("Overlap"), overlap);
    auto* result = new QLabel;
    auto update = [&] {
        const int w = canvas.width() + round8(left->value()) + round8(right->value());
        const int h = canvas.height() + round8(top->value()) + round8(bottom->value());
        result->setText(ExpandCanvasDialog::tr("%1×%2 → %3×%4")
                            .arg(canvas.width())
                            .arg(canvas.height())
                            .arg(std::min(w, kMaxSide))
                            .arg(std::min(h, kMaxSide)));
    };
    for (QSpinBox* s : {left, top, right, bottom})
        QObject::connect(s, &QSpinBox::valueChanged, &dialog, update);
    update();
    form->addRow(ExpandCanvasDialog::tr("Size"), result);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return {};
    // Rounded down when rounding up would pass the limit.
    auto fit = [](int v, int limit) { return std::min(round8(v), limit / 8 * 8); };
    CanvasExpansion e;
    e.margins = QMargins(fit(left->value(), growX), fit(top->value(), growY),
                         fit(right->value(), growX - fit(left->value(), growX)),
                         fit(bottom->value(), growY - fit(top->value(), growY)));
    e.overlap = overlap->value();
    return e;
}

}  // namespace reverie::ui
