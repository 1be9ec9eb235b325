#pragma once
// Edits the studio's Preferences: model folders, device, precision, previews, language, and the
// ComfyUI server the studio may generate on ("Test connection" is answered by the app layer).
#include <QDialog>

#include "ui/preferences.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
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

  public Q_SLOTS:
    // The answer to testConnectionRequested: the server's summary, or what went wrong.
    void showConnectionResult(const QString& text, bool ok);

  Q_SIGNALS:
    // "Test connection" with the server fields as they stand (not yet accepted).
    void testConnectionRequested(const reverie::ui::Preferences& preferences);

  private:
    void updateFoundCount();
    QWidget* remoteBox(const Preferences& p);

    QListWidget* folders_;
    QLabel* found_;
    int found_scan_ = 0;  // the latest folder count asked for
    QComboBox* device_;
    QComboBox* precision_;
    QCheckBox* offload_;
    QComboBox* preview_;
    QSpinBox* interval_;
    QComboBox* language_;
    QComboBox* backend_;
    QLineEdit* url_;
    QLineEdit* loader_;
    QLineEdit* token_;
    QLineEdit* user_;
    QLineEdit* password_;
    QLabel* connection_;
};

}  // namespace reverie::ui
