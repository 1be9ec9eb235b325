#pragma once
// The LoRA and embedding browser beside the prompt (A1111's extra networks, Krita AI's LoRA
// list): what the model folders' Lora/, LyCORIS/, loras/ and embeddings/ hold for the chosen
// model's family, searchable by name or trigger word, with the NAME.preview.png thumbnails
// Civitai downloads bring. A click inserts `<lora:NAME:1>` (a LoRA) or NAME (an embedding) at the
// cursor of the prompt field last used, the negative prompt included; below, the LoRAs of the
// prompt with their multipliers, editable in place; the prompt's unknown LoRAs are underlined.
#include <QDockWidget>

#include "ui/adapter_catalog.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;
class QPlainTextEdit;
class QStandardItemModel;

namespace reverie::ui {

class AdapterFilter;
class PromptHighlighter;
class PromptWeights;

class AdapterBrowser : public QDockWidget {
    Q_OBJECT
  public:
    explicit AdapterBrowser(QWidget* parent = nullptr);

    // The prompt fields a click inserts into (the last focused one; the prompt at first). The
    // prompt's LoRA tags are checked and listed with their weights.
    void attach(QPlainTextEdit* prompt, QPlainTextEdit* negative);
    void setCatalog(const reverie::ui::AdapterCatalog& catalog);
    const AdapterCatalog& catalog() const { return catalog_; }

    QLineEdit* searchEdit() const { return search_; }
    QComboBox* kindCombo() const { return kind_; }
    QCheckBox* otherFamiliesBox() const { return other_families_; }
    QListView* list() const { return list_; }
    QLabel* statusLabel() const { return status_; }
    PromptWeights* weights() const { return weights_; }
    PromptHighlighter* highlighter() const { return highlighter_; }
    // The names the list shows now, top to bottom.
    QStringList shownNames() const;

  public Q_SLOTS:
    // The chosen model's family ("" unknown): the list shows the adapters that fit it.
    void setModelFamily(const QString& family);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void fillList();
    void updateStatus();
    void insertAt(const QModelIndex& index);

    AdapterCatalog catalog_;
    QString family_;
    QPlainTextEdit* prompt_ = nullptr;
    QPlainTextEdit* negative_ = nullptr;
    QPlainTextEdit* target_ = nullptr;  // the prompt field last focused
    QLineEdit* search_;
    QComboBox* kind_;
    QCheckBox* other_families_;
    QListView* list_;
    QStandardItemModel* model_;
    AdapterFilter* filter_;
    QLabel* status_;
    PromptWeights* weights_;
    PromptHighlighter* highlighter_ = nullptr;
};

}  // namespace reverie::ui
