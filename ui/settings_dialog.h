#pragma once
// Edits the studio's Preferences: model folders, device, precision, previews, language.
#include <QDialog>

#include "ui/preferences.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace reverie::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
  public:
    explicit SettingsDialog(const Preferences& preferences, QWidget* parent = nullptr);

    Preferences preferences() const;
    // Adds a model folder as the "Add…" button does after its folder dialog.
    void addModelFolder(const QString& folder);

    QListWidget* folderList() const { return folders_; }

  private:
    void updateFoundCount();

    QListWidget* folders_;
    QLabel* found_;
    QComboBox* device_;
    QComboBox* precision_;
    QCheckBox* offload_;
    QComboBox* preview_;
    QSpinBox* interval_;
    QComboBox* language_;
};

}  // namespace reverie::ui
