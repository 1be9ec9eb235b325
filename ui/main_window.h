#pragma once
#include <QMainWindow>

namespace reverie::ui {

// The studio window. Placeholder shell until the studio issue lands: canvas in the centre.
class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace reverie::ui
