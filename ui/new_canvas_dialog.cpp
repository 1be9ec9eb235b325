#include "ui/new_canvas_dialog.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace reverie::ui {

namespace {

struct NewCanvasDialog {
    Q_DECLARE_TR_FUNCTIONS(NewCanvasDialog)
};
}  // namespace

QSize ask_new_canvas_size(QWidget* parent, QSize initial) {
    QDialog dialog(parent);
    dialog.setWindowTitle(NewCanvasDialog::tr("New canvas"));
    auto* form = new QFormLayout(&dialog);
    auto makeSpin = [](int value) {
        auto* s = new QSpinBox;
        s->setRange(64, 4096);
        s->setSingleStep(8);
        s->setSuffix(QStringLiteral(" px"));
        s->setValue(value);
        return s;
    };
    QSpinBox* w = makeSpin(initial.width());
    QSpinBox* h = makeSpin(initial.height());
    form->addRow(NewCanvasDialog::tr("Width"), w);
    form->addRow(NewCanvasDialog::tr("Height"), h);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return {};
    return QSize((w->value() + 4) / 8 * 8, (h->value() + 4) / 8 * 8);
}

}  // namespace reverie::ui
