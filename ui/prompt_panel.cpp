#include "ui/prompt_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/sampling/sampler_registry.h"  // plain data: no engine types
#include "ui/mask_options_box.h"

namespace reverie::ui {

namespace {

constexpr QSize kPresets[] = {{512, 512}, {768, 768}, {512, 768}, {768, 512}, {128, 128}};
// SDXL's training buckets (about a megapixel each), landscape then portrait.
constexpr QSize kSdxlPresets[] = {{1024, 1024}, {1152, 896}, {896, 1152}, {1216, 832}, {832, 1216},
                                  {1344, 768},  {768, 1344}, {1536, 640}, {640, 1536}};
// Where setFoundModels keeps each entry's family.
constexpr int kFamilyRole = Qt::UserRole + 1;

bool is_sdxl_family(const QString& family) {
    return family.startsWith(QLatin1String("SDXL"));
}

QSpinBox* int_spin(int lo, int hi, int step = 1) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    return s;
}

QDoubleSpinBox* real_spin(double lo, double hi, double step, int decimals) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    return s;
}

// Image sizes must be multiples of 8 (the VAE's downscale factor).
QSpinBox* size_spin() {
    auto* s = int_spin(64, 4096, 8);
    s->setSuffix(QStringLiteral(" px"));
    QObject::connect(s, &QSpinBox::editingFinished, s,
                     [s] { s->setValue((s->value() + 4) / 8 * 8); });
    return s;
}

// Drawn rather than an emoji, which many Linux desktops lack a font for.
QIcon dice_icon(const QColor& ink) {
    QPixmap pm(QSize(40, 40));
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(ink, 3));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(3, 3, 34, 34), 7, 7);
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    for (const QPointF c :
         {QPointF(12, 12), QPointF(28, 12), QPointF(20, 20), QPointF(12, 28), QPointF(28, 28)})
        p.drawEllipse(c, 3.5, 3.5);
    return QIcon(pm);
}

int round_to_8(int v) {
    return (v + 4) / 8 * 8;
}

}  // namespace

PromptPanel::PromptPanel(QWidget* parent) : QDockWidget(tr("Prompt"), parent) {
    setObjectName(QStringLiteral("PromptPanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);

    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);

    mode_label_ = new QLabel;
    mode_label_->setObjectName(QStringLiteral("modeLabel"));
    mode_label_->setStyleSheet(QStringLiteral("font-weight: bold; padding: 2px;"));
    column->addWidget(mode_label_);

    column->addLayout(buildModelRow());

    prompt_ = new QPlainTextEdit;
    prompt_->setPlaceholderText(tr("Describe the image (Ctrl+Enter generates)"));
    prompt_->setTabChangesFocus(true);
    negative_ = new QPlainTextEdit;
    negative_->setPlaceholderText(tr("What to avoid"));
    negative_->setTabChangesFocus(true);
    negative_->setMaximumHeight(80);
    prompt_->installEventFilter(this);
    negative_->installEventFilter(this);
    column->addWidget(new QLabel(tr("Prompt")));
    column->addWidget(prompt_, 2);
    column->addWidget(new QLabel(tr("Negative prompt")));
    column->addWidget(negative_, 1);

    column->addWidget(buildSdxlSection());

    auto* form = new QFormLayout;
    form->addRow(tr("Sampler"), buildSamplerRow());

    steps_ = int_spin(1, 150);
    form->addRow(tr("Steps"), steps_);
    cfg_ = real_spin(0.0, 30.0, 0.5, 2);
    form->addRow(tr("CFG scale"), cfg_);
    form->addRow(tr("Seed"), buildSeedRow());
    form->addRow(tr("Size"), buildSizeRow());
    denoise_ = real_spin(0.0, 1.0, 0.05, 2);
    denoise_->setObjectName(QStringLiteral("strengthSpin"));
    denoise_->setToolTip(
        tr("1.00 makes a new picture (a new layer); less refines what the canvas shows"));
    connect(denoise_, &QDoubleSpinBox::valueChanged, this, [this] { updateMode(); });
    form->addRow(tr("Denoising strength"), denoise_);
    mask_blur_ = int_spin(0, 64);
    mask_blur_->setSuffix(QStringLiteral(" px"));
    form->addRow(tr("Mask blur"), mask_blur_);
    auto* maskedRow = new QHBoxLayout;
    only_masked_ = new QCheckBox(tr("Only masked"));
    only_masked_->setObjectName(QStringLiteral("onlyMasked"));
    only_masked_->setToolTip(tr("Inpaint a crop around the mask at full resolution"));
    padding_ = int_spin(0, 512);
    padding_->setSuffix(QStringLiteral(" px"));
    padding_->setToolTip(tr("Context kept around the mask"));
    maskedRow->addWidget(only_masked_);
    maskedRow->addWidget(new QLabel(tr("Padding")));
    maskedRow->addWidget(padding_, 1);
    form->addRow(tr("Inpaint area"), maskedRow);
    mask_options_ = new MaskOptionsBox;
    form->addRow(tr("Mask"), mask_options_);
    connect(only_masked_, &QCheckBox::toggled, this, [this] { updateMode(); });
    clip_skip_ = int_spin(1, 12);
    form->addRow(tr("CLIP skip"), clip_skip_);
    batch_ = int_spin(1, 100);
    form->addRow(tr("Batch count"), batch_);
    column->addLayout(form);

    auto* buttons = new QHBoxLayout;
    generate_ = new QPushButton(tr("Generate"));
    generate_->setObjectName(QStringLiteral("generateButton"));
    generate_->setToolTip(tr("Generate (Ctrl+Enter)"));
    generate_->setDefault(true);
    generate_->setMinimumHeight(34);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setToolTip(tr("Cancel (Esc)"));
    cancel_->setEnabled(false);
    cancel_->setMinimumHeight(34);
    connect(generate_, &QPushButton::clicked, this, &PromptPanel::generateRequested);
    connect(cancel_, &QPushButton::clicked, this, &PromptPanel::cancelRequested);
    buttons->addWidget(generate_, 2);
    buttons->addWidget(cancel_, 1);
    column->addLayout(buttons);

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(body);
    // Scroll vertically only; the dock is never narrower than its fields.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(body->minimumSizeHint().width() +
                            scroll->verticalScrollBar()->sizeHint().width());
    setWidget(scroll);

    setSettings(GenerationSettings{});
    updateMode();
    watchEdits(body);
}

void PromptPanel::watchEdits(QWidget* body) {
    auto edited = [this] { Q_EMIT this->edited(); };
    for (auto* w : body->findChildren<QPlainTextEdit*>())
        connect(w, &QPlainTextEdit::textChanged, this, edited);
    for (auto* w : body->findChildren<QSpinBox*>())
        connect(w, &QSpinBox::valueChanged, this, edited);
    for (auto* w : body->findChildren<QDoubleSpinBox*>())
        connect(w, &QDoubleSpinBox::valueChanged, this, edited);
    for (auto* w : body->findChildren<QComboBox*>())
        connect(w, &QComboBox::currentIndexChanged, this, edited);
    for (auto* w : body->findChildren<QCheckBox*>()) connect(w, &QCheckBox::toggled, this, edited);
    for (auto* w : body->findChildren<QLineEdit*>())
        connect(w, &QLineEdit::textEdited, this, edited);
}

QLayout* PromptPanel::buildModelRow() {
    auto* modelRow = new QHBoxLayout;
    model_ = new QComboBox;
    model_->setObjectName(QStringLiteral("modelCombo"));
    model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    model_->setMinimumContentsLength(12);
    model_->addItem(tr("Built-in: reverie-shapes"), QString());
    model_->setItemData(0, tr("The small model that ships with Reverie (128 × 128)"),
                        Qt::ToolTipRole);
    auto* browse = new QToolButton;
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose a model file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Choose a model"), model_->currentData().toString(),
            tr("Models (*.safetensors *.ckpt model_index.json)"));
        if (path.isEmpty()) return;
        // A diffusers model is its folder; its model_index.json is how a file dialog names it.
        const QFileInfo file(path);
        const QString model =
            file.fileName() == QLatin1String("model_index.json") ? file.absolutePath() : path;
        model_->setCurrentIndex(modelIndex(model));
        Q_EMIT modelChosen(model);
    });
    connect(model_, &QComboBox::activated, this,
            [this](int index) { Q_EMIT modelChosen(model_->itemData(index).toString()); });
    modelRow->addWidget(new QLabel(tr("Model")));
    modelRow->addWidget(model_, 1);
    modelRow->addWidget(browse);
    return modelRow;
}

// The sampler registry's samplers, and the Karras box where it applies.
QLayout* PromptPanel::buildSamplerRow() {
    auto* samplerRow = new QHBoxLayout;
    sampler_ = new QComboBox;
    sampler_->setObjectName(QStringLiteral("samplerCombo"));
    // Proper names from the sampler registry, shown untranslated as every other studio shows them.
    for (const auto& s : sampling::kSamplers)
        sampler_->addItem(
            QString::fromLatin1(s.display_name.data(), qsizetype(s.display_name.size())),
            QString::fromLatin1(s.name.data(), qsizetype(s.name.size())));
    karras_ = new QCheckBox(tr("Karras"));
    karras_->setObjectName(QStringLiteral("karrasBox"));
    karras_->setToolTip(tr("Karras noise schedule"));
    // The box applies only to samplers that take Karras sigmas; its tick is kept while disabled.
    const auto karrasFollowsSampler = [this] {
        const auto* s = sampling::find_sampler(sampler_->currentData().toString().toStdString());
        karras_->setEnabled(s && s->karras);
    };
    connect(sampler_, &QComboBox::currentIndexChanged, this, karrasFollowsSampler);
    karrasFollowsSampler();
    samplerRow->addWidget(sampler_, 1);
    samplerRow->addWidget(karras_);
    return samplerRow;
}

QWidget* PromptPanel::buildSeedRow() {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    seed_ = new QLineEdit;
    seed_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("-1|[0-9]{1,18}")), seed_));
    seed_->setToolTip(tr("-1 picks a random seed"));
    auto* dice = new QToolButton;
    dice->setIcon(dice_icon(palette().color(QPalette::ButtonText)));
    dice->setToolTip(tr("Random seed"));
    connect(dice, &QToolButton::clicked, this, [this] { seed_->setText(QStringLiteral("-1")); });
    reuse_seed_ = new QPushButton(tr("Reuse"));
    reuse_seed_->setToolTip(tr("Reuse the seed of the last image"));
    reuse_seed_->setEnabled(false);
    connect(reuse_seed_, &QPushButton::clicked, this,
            [this] { seed_->setText(QString::number(last_seed_)); });
    layout->addWidget(seed_, 1);
    layout->addWidget(dice);
    layout->addWidget(reuse_seed_);
    return row;
}

QWidget* PromptPanel::buildSizeRow() {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    width_ = size_spin();
    width_->setObjectName(QStringLiteral("widthSpin"));
    height_ = size_spin();
    presets_ = new QComboBox;
    presets_->setObjectName(QStringLiteral("sizePresets"));
    fillPresets(false);
    connect(presets_, &QComboBox::activated, this, &PromptPanel::applyPreset);
    layout->addWidget(width_, 1);
    layout->addWidget(new QLabel(QStringLiteral("×")));
    layout->addWidget(height_, 1);
    layout->addWidget(presets_);
    return row;
}

void PromptPanel::fillPresets(bool sdxl) {
    presets_->clear();
    presets_->addItem(tr("Presets"));
    if (sdxl) {
        for (const QSize& s : kSdxlPresets)
            presets_->addItem(QStringLiteral("%1 × %2").arg(s.width()).arg(s.height()), s);
        return;
    }
    for (const QSize& s : kPresets) {
        QString label = QStringLiteral("%1 × %2").arg(s.width()).arg(s.height());
        if (s == QSize(128, 128)) label += QLatin1Char(' ') + tr("(built-in model)");
        presets_->addItem(label, s);
    }
}

QWidget* PromptPanel::buildSdxlSection() {
    sdxl_section_ = new QWidget;
    sdxl_section_->setObjectName(QStringLiteral("sdxlSection"));
    auto* form = new QFormLayout(sdxl_section_);
    form->setContentsMargins(0, 0, 0, 0);
    prompt_2_ = new QPlainTextEdit;
    prompt_2_->setObjectName(QStringLiteral("prompt2Edit"));
    prompt_2_->setPlaceholderText(tr("Second prompt (OpenCLIP bigG); empty: the prompt"));
    prompt_2_->setTabChangesFocus(true);
    prompt_2_->setMaximumHeight(60);
    form->addRow(tr("Prompt 2"), prompt_2_);
    auto* refinerRow = new QHBoxLayout;
    refiner_ = new QComboBox;
    refiner_->setObjectName(QStringLiteral("refinerCombo"));
    refiner_->addItem(tr("None"), QString());
    refiner_switch_ = real_spin(0.05, 0.95, 0.05, 2);
    refiner_switch_->setValue(0.8);
    refiner_switch_->setToolTip(tr("The fraction of the steps before the refiner takes over"));
    refinerRow->addWidget(refiner_, 1);
    refinerRow->addWidget(new QLabel(tr("switch at")));
    refinerRow->addWidget(refiner_switch_);
    form->addRow(tr("Refiner"), refinerRow);
    sdxl_section_->setVisible(false);
    return sdxl_section_;
}

void PromptPanel::setModelFamily(const QString& family) {
    // Kept with the entry: a model restored from the last session or a history entry may not be
    // among the scanned ones, and a later scan must not forget what it is.
    if (!family.isEmpty()) model_->setItemData(model_->currentIndex(), family, kFamilyRole);
    if (family == family_) return;
    family_ = family;
    fillPresets(is_sdxl_family(family));
    sdxl_section_->setVisible(family == QLatin1String("SDXL"));
    Q_EMIT modelFamilyChanged(family);
}

void PromptPanel::applyPreset(int index) {
    const QSize size = presets_->itemData(index).toSize();
    if (size.isValid()) {
        width_->setValue(size.width());
        height_->setValue(size.height());
    }
    presets_->setCurrentIndex(0);
}

GenerationSettings PromptPanel::settings() const {
    GenerationSettings s;
    s.prompt = prompt_->toPlainText();
    s.negative_prompt = negative_->toPlainText();
    s.model_path = model_->currentData().toString();
    s.sampler = sampler_->currentData().toString();
    s.karras = karras_->isEnabled() && karras_->isChecked();
    s.steps = steps_->value();
    s.cfg_scale = cfg_->value();
    bool ok = false;
    s.seed = seed_->text().toLongLong(&ok);
    if (!ok) s.seed = -1;
    s.width = round_to_8(width_->value());
    s.height = round_to_8(height_->value());
    s.denoising_strength = denoise_->value();
    s.mask_blur = mask_blur_->value();
    s.inpaint_only_masked = only_masked_->isChecked();
    s.inpaint_padding = padding_->value();
    mask_options_->readInto(s);
    s.clip_skip = clip_skip_->value();
    s.prompt_2 = prompt_2_->toPlainText();
    s.refiner_path =
        sdxl_section_->isVisibleTo(this) ? refiner_->currentData().toString() : QString();
    s.refiner_switch = refiner_switch_->value();
    s.batch_count = batch_->value();
    return s;
}

void PromptPanel::setSettings(const GenerationSettings& s) {
    prompt_->setPlainText(s.prompt);
    negative_->setPlainText(s.negative_prompt);
    model_->setCurrentIndex(modelIndex(s.model_path));
    const int samplerIndex = sampler_->findData(s.sampler);
    if (samplerIndex >= 0) sampler_->setCurrentIndex(samplerIndex);
    karras_->setChecked(s.karras);
    steps_->setValue(s.steps);
    cfg_->setValue(s.cfg_scale);
    seed_->setText(QString::number(s.seed));
    width_->setValue(round_to_8(s.width));
    height_->setValue(round_to_8(s.height));
    denoise_->setValue(s.denoising_strength);
    mask_blur_->setValue(s.mask_blur);
    only_masked_->setChecked(s.inpaint_only_masked);
    padding_->setValue(s.inpaint_padding);
    mask_options_->show(s);
    clip_skip_->setValue(s.clip_skip);
    prompt_2_->setPlainText(s.prompt_2);
    if (!s.refiner_path.isEmpty() && refiner_->findData(s.refiner_path) < 0)
        refiner_->addItem(QFileInfo(s.refiner_path).fileName(), s.refiner_path);
    refiner_->setCurrentIndex(std::max(0, refiner_->findData(s.refiner_path)));
    refiner_switch_->setValue(s.refiner_switch);
    batch_->setValue(s.batch_count);
}

int PromptPanel::modelIndex(const QString& path) {
    const int i = model_->findData(path);
    if (i >= 0) return i;
    model_->addItem(QFileInfo(path).fileName(), path);
    model_->setItemData(model_->count() - 1, path, Qt::ToolTipRole);
    return model_->count() - 1;
}

void PromptPanel::setFoundModels(const QList<FoundModel>& models) {
    const QString current = model_->currentData().toString();
    const QString currentFamily = model_->currentData(kFamilyRole).toString();
    const QString refiner = refiner_->currentData().toString();
    while (model_->count() > 1) model_->removeItem(model_->count() - 1);
    while (refiner_->count() > 1) refiner_->removeItem(refiner_->count() - 1);
    for (const FoundModel& m : models) {
        // The family beside the name: SDXL files and SD 1.5 files look alike otherwise.
        const QString label =
            m.family.isEmpty() ? m.name : QStringLiteral("%1  ·  %2").arg(m.name, m.family);
        model_->addItem(label, m.path);
        model_->setItemData(model_->count() - 1, m.path, Qt::ToolTipRole);
        model_->setItemData(model_->count() - 1, m.family, kFamilyRole);
        if (m.family == QLatin1String("SDXL refiner")) refiner_->addItem(m.name, m.path);
    }
    model_->setCurrentIndex(modelIndex(current));
    const int r = refiner_->findData(refiner);
    refiner_->setCurrentIndex(r >= 0 ? r : 0);
    const QString family = model_->currentData(kFamilyRole).toString();
    setModelFamily(family.isEmpty() ? currentFamily : family);
}

void PromptPanel::setCanvasState(bool hasContent, bool hasMask) {
    canvas_has_content_ = hasContent;
    canvas_has_mask_ = hasMask;
    updateMode();
}

void PromptPanel::setRegion(QSize region) {
    region_ = region;
    updateMode();
}

void PromptPanel::updateMode() {
    const GenerationMode old = mode_;
    const int percent = int(denoise_->value() * 100 + 0.5);
    if (!canvas_has_content_) {
        mode_ = GenerationMode::TextToImage;
        mode_label_->setText(tr("Mode: text to image"));
    } else if (canvas_has_mask_) {
        mode_ = GenerationMode::Inpaint;
        mode_label_->setText(tr("Mode: inpaint the mask (%1%)").arg(percent));
    } else if (percent >= 100) {
        mode_ = GenerationMode::TextToImage;
        mode_label_->setText(tr("Mode: new picture, text to image (a new layer)"));
    } else {
        mode_ = GenerationMode::ImageToImage;
        mode_label_->setText(tr("Mode: refine, image to image (%1%)").arg(percent));
    }
    if (!region_.isEmpty())
        mode_label_->setText(
            mode_label_->text() +
            tr(" — in the region %1×%2").arg(region_.width()).arg(region_.height()));
    const bool inpaint = mode_ == GenerationMode::Inpaint;
    denoise_->setEnabled(canvas_has_content_);
    // Working on the canvas keeps its size, so the result lines up with it and its mask;
    // "only masked" renders its crop at the size chosen here.
    // A region renders at the size chosen here too.
    const bool sized =
        !canvas_has_content_ || !region_.isEmpty() || (inpaint && only_masked_->isChecked());
    for (QWidget* w : {static_cast<QWidget*>(width_), static_cast<QWidget*>(height_),
                       static_cast<QWidget*>(presets_)}) {
        w->setEnabled(sized);
        w->setToolTip(sized ? QString() : tr("Generating on the canvas keeps its size"));
    }
    mask_blur_->setEnabled(inpaint);
    only_masked_->setEnabled(inpaint && region_.isEmpty());
    padding_->setEnabled(inpaint);
    mask_options_->setEnabled(inpaint);
    if (mode_ != old) Q_EMIT modeChanged(mode_);
}

void PromptPanel::setLastSeed(qint64 seed) {
    last_seed_ = seed;
    reuse_seed_->setEnabled(seed >= 0);
    reuse_seed_->setToolTip(tr("Reuse the seed of the last image (%1)").arg(seed));
}

// While busy Generate still works: it queues another job.
void PromptPanel::setBusy(bool busy) {
    cancel_->setEnabled(busy);
    generate_->setText(busy ? tr("Queue") : tr("Generate"));
}

bool PromptPanel::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (key->modifiers() & Qt::ControlModifier)) {
            Q_EMIT generateRequested();
            return true;
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

}  // namespace reverie::ui
