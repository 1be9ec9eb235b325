#pragma once
// The dock where the user writes the prompt and sets every generation parameter.
#include <QDockWidget>

#include "ui/generation_settings.h"
#include "ui/model_scan.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace reverie::ui {

class MaskOptionsBox;

class PromptPanel : public QDockWidget {
    Q_OBJECT
  public:
    explicit PromptPanel(QWidget* parent = nullptr);

    GenerationSettings settings() const;
    void setSettings(const GenerationSettings& settings);
    GenerationMode mode() const { return mode_; }

    QPlainTextEdit* promptEdit() const { return prompt_; }
    QPlainTextEdit* negativeEdit() const { return negative_; }
    QPushButton* generateButton() const { return generate_; }
    QPushButton* cancelButton() const { return cancel_; }
    QComboBox* modelCombo() const { return model_; }
    QString modelFamily() const { return family_; }

    // The model picker lists the built-in model first, then these; the selection is kept.
    void setFoundModels(const QList<reverie::ui::FoundModel>& models);

  public Q_SLOTS:
    // The chosen model's family ("SDXL", "SD 1.x"…; "" unknown): size presets and the SDXL
    // section follow it.
    void setModelFamily(const QString& family);
    // The canvas and the strength decide the mode: on a canvas with content, 100% makes a new
    // picture and less refines it (the masked part when there is a mask). The panel shows the
    // mode and enables the fields that apply.
    void setCanvasState(bool hasContent, bool hasMask);
    // A region drawn on the canvas (empty: none): the generation renders only there, at about
    // the width × height chosen here, so those fields stay enabled.
    void setRegion(QSize region);
    // The seed the last generation actually used, for the "reuse" button.
    void setLastSeed(qint64 seed);
    void setBusy(bool busy);

  Q_SIGNALS:
    void generateRequested();
    void cancelRequested();
    // The user picked a model (empty: the built-in one), so its recommended settings can apply.
    void modelChosen(const QString& path);
    void modeChanged(reverie::ui::GenerationMode mode);
    // The chosen model's family changed (the ControlNet list follows it).
    void modelFamilyChanged(const QString& family);
    // Any field changed, by the user or by setSettings (live painting regenerates).
    void edited();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    QLayout* buildModelRow();
    QLayout* buildSamplerRow();
    QWidget* buildSizeRow();
    QWidget* buildSeedRow();
    QWidget* buildSdxlSection();
    void fillPresets(bool sdxl);
    void applyPreset(int index);
    // The picker's index for `path`, adding an entry for a path it does not list yet.
    int modelIndex(const QString& path);

    void updateMode();
    void watchEdits(QWidget* body);

    GenerationMode mode_ = GenerationMode::TextToImage;
    bool canvas_has_content_ = false;
    bool canvas_has_mask_ = false;
    QSize region_;
    qint64 last_seed_ = -1;
    QLabel* mode_label_;
    QComboBox* model_;
    QPlainTextEdit* prompt_;
    QPlainTextEdit* negative_;
    QComboBox* sampler_;
    QCheckBox* karras_;
    QSpinBox* steps_;
    QDoubleSpinBox* cfg_;
    QLineEdit* seed_;
    QPushButton* reuse_seed_;
    QSpinBox* width_;
    QSpinBox* height_;
    QComboBox* presets_;
    // SDXL: the second prompt and the refiner, shown for SDXL-family models only.
    QWidget* sdxl_section_ = nullptr;
    QPlainTextEdit* prompt_2_ = nullptr;
    QComboBox* refiner_ = nullptr;
    QDoubleSpinBox* refiner_switch_ = nullptr;
    QString family_;
    QDoubleSpinBox* denoise_;
    QSpinBox* mask_blur_;
    QCheckBox* only_masked_;
    QSpinBox* padding_;
    MaskOptionsBox* mask_options_;
    QSpinBox* clip_skip_;
    QSpinBox* batch_;
    QPushButton* generate_;
    QPushButton* cancel_;
};

}  // namespace reverie::ui
