#include "ui/main_window.h"

#include <QLabel>

namespace reverie::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Reverie"));
    auto* label = new QLabel(tr("Reverie — the studio is being built."), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1280, 800);
}

}  // namespace reverie::ui
