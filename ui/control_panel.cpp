#include "ui/control_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/canvas_document.h"
#include "ui/control_settings.h"
#include "ui/image_files.h"

namespace reverie::ui {

namespace {

QDoubleSpinBox* fraction_spin(double lo, double hi, double step) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setSingleStep(step);
    s->setDecimals(2);
    return s;
}

// What the panel shows for the engine's names (A1111's wording for the modes).
QString control_mode_label(const QString& name) {
    if (name == QLatin1String("prompt")) return ControlPanel::tr("My prompt is more important");
    if (name == QLatin1String("control")) return ControlPanel::tr("ControlNet is more important");
    return ControlPanel::tr("Balanced");
}

QString control_preprocess_label(const QString& name) {
    if (name == QLatin1String("scribble")) return ControlPanel::tr("Scribble");
    if (name == QLatin1String("canny")) return ControlPanel::tr("Canny edges");
    if (name == QLatin1String("tile")) return ControlPanel::tr("Tile");
    if (name == QLatin1String("inpaint")) return ControlPanel::tr("Inpaint");
    return ControlPanel::tr("None (picture as is)");
}

QString model_name(const QString& path) {
    const QFileInfo f(path);
    return f.isDir() ? f.fileName() : f.completeBaseName();
}

// "Control 1 · Scribble · tiny-sd1-controlnet": the unit at a glance.
QString unit_label(const Layer& l) {
    QString text =
        l.name + QStringLiteral("  ·  ") + control_preprocess_label(l.control.preprocess);
    text += QStringLiteral("  ·  ") + (l.control.model.isEmpty() ? ControlPanel::tr("no model")
                                                                 : model_name(l.control.model));
    return text;
}

}  // namespace

bool controlnet_fits(const QString& controlFamily, const QString& baseFamily) {
    QString base = baseFamily;
    base.remove(QStringLiteral(" inpainting"));
    const bool known = base == QLatin1String("SD 1.x") || base == QLatin1String("SD 2.x") ||
                       base.startsWith(QLatin1String("SDXL"));
    return !known || controlFamily == base;
}

namespace {

// A push button in `row` named `name` (tests find it by name) that runs `slot` on `panel`.
template <typename Slot>
QPushButton* add_button(ControlPanel* panel, QBoxLayout* row, const QString& name,
                        const QString& text, const QString& tip, Slot slot) {
    auto* b = new QPushButton(text);
    b->setObjectName(name);
    b->setToolTip(tip);
    QObject::connect(b, &QPushButton::clicked, panel, slot);
    row->addWidget(b);
    return b;
}

}  // namespace

ControlPanel::ControlPanel(CanvasDocument* document, QWidget* parent)
    : QDockWidget(tr("ControlNet"), parent), doc_(document) {
    setObjectName(QStringLiteral("ControlPanel"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    auto* body = new QWidget;
    auto* column = new QVBoxLayout(body);
    column->setContentsMargins(4, 4, 4, 4);

    units_ = new QListWidget;
    units_->setObjectName(QStringLiteral("controlUnits"));
    units_->setToolTip(tr("One unit per control layer; tick to use it"));
    units_->setMaximumHeight(96);
    column->addWidget(units_);

    auto* unitButtons = new QHBoxLayout;
    add_button(this, unitButtons, QStringLiteral("addUnit"), tr("Add unit"),
               tr("A new control layer: draw a scribble on it or fill it from the picture"),
               &ControlPanel::addUnit);
    add_button(this, unitButtons, QStringLiteral("removeUnit"), tr("Remove"),
               tr("Delete the unit and its control layer"), &ControlPanel::removeUnit);
    unitButtons->addStretch();
    column->addLayout(unitButtons);

    column->addWidget(buildEditor());
    message_ = new QLabel;
    message_->setObjectName(QStringLiteral("controlMessage"));
    message_->setWordWrap(true);
    column->addWidget(message_);
    column->addStretch();
    setWidget(body);

    connectEditor();
    connectUnitList();
    connect(doc_, &CanvasDocument::layersChanged, this, &ControlPanel::rebuild);
    connect(doc_, &CanvasDocument::activeLayerChanged, this, &ControlPanel::rebuild);
    rebuild();
}

// The selected unit's settings and its layer's buttons.
QWidget* ControlPanel::buildEditor() {
    editor_ = new QWidget;
    auto* form = new QFormLayout(editor_);
    form->setContentsMargins(0, 0, 0, 0);
    model_ = new QComboBox;
    model_->setObjectName(QStringLiteral("controlModel"));
    model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    model_->setMinimumContentsLength(12);
    form->addRow(tr("Model"), model_);
    preprocess_ = new QComboBox;
    preprocess_->setObjectName(QStringLiteral("controlPreprocess"));
    for (const QString& p : control_preprocess_names())
        preprocess_->addItem(control_preprocess_label(p), p);
    preprocess_->setToolTip(
        tr("How “From picture” makes the control picture; with an empty layer, the engine applies "
           "it to the canvas picture"));
    form->addRow(tr("Preprocessor"), preprocess_);
    scale_ = fraction_spin(0.0, 2.0, 0.05);
    scale_->setObjectName(QStringLiteral("controlScale"));
    scale_->setToolTip(tr("How strongly the unit steers (A1111's Control Weight)"));
    form->addRow(tr("Weight"), scale_);
    auto* window = new QHBoxLayout;
    start_ = fraction_spin(0.0, 1.0, 0.05);
    start_->setObjectName(QStringLiteral("controlStart"));
    end_ = fraction_spin(0.0, 1.0, 0.05);
    end_->setObjectName(QStringLiteral("controlEnd"));
    window->addWidget(start_);
    window->addWidget(new QLabel(tr("to")));
    window->addWidget(end_);
    form->addRow(tr("Steps"), window);
    mode_ = new QComboBox;
    mode_->setObjectName(QStringLiteral("controlMode"));
    for (const QString& m : control_mode_names()) mode_->addItem(control_mode_label(m), m);
    form->addRow(tr("Control mode"), mode_);
    auto* layerButtons = new QHBoxLayout;
    add_button(this, layerButtons, QStringLiteral("drawUnit"), tr("Draw"),
               tr("Paint white strokes on the unit's layer with the brush"),
               [this] { Q_EMIT drawRequested(); });
    add_button(this, layerButtons, QStringLiteral("fillUnit"), tr("From picture"),
               tr("Fill the layer from the canvas picture through the preprocessor"),
               [this] { fillFromCanvas(); });
    add_button(this, layerButtons, QStringLiteral("loadUnit"), tr("Load…"),
               tr("Load a control picture (a depth map, a pose, lineart…) into the layer"), [this] {
                   const QString path = QFileDialog::getOpenFileName(
                       this, tr("Load a control picture"), QString(), open_image_filter());
                   if (!path.isEmpty()) loadPicture(path);
               });
    add_button(this, layerButtons, QStringLiteral("clearUnit"), tr("Clear"), tr("Empty the layer"),
               [this] {
                   QImage blank(doc_->size(), QImage::Format_ARGB32_Premultiplied);
                   blank.fill(Qt::transparent);
                   doc_->setLayerPixels(current_, blank, tr("Clear control layer"));
               });
    form->addRow(layerButtons);
    return editor_;
}

// Each edit of the form is one undoable change of the unit's settings.
void ControlPanel::connectEditor() {
    connect(model_, &QComboBox::activated, this, [this] {
        const QString path = model_->currentData().toString();
        edit([path](ControlSettings& c) { c.model = path; });
    });
    connect(preprocess_, &QComboBox::activated, this, [this] {
        const QString p = preprocess_->currentData().toString();
        edit([p](ControlSettings& c) { c.preprocess = p; });
    });
    connect(mode_, &QComboBox::activated, this, [this] {
        const QString m = mode_->currentData().toString();
        edit([m](ControlSettings& c) { c.mode = m; });
    });
    connect(scale_, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { edit([v](ControlSettings& c) { c.scale = v; }); });
    // Each bounds the other (showUnit sets the ranges), so start <= end whatever is typed.
    connect(start_, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { edit([v](ControlSettings& c) { c.start = v; }); });
    connect(end_, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { edit([v](ControlSettings& c) { c.end = v; }); });
}

void ControlPanel::connectUnitList() {
    // Edits reach the document after the list's own signal has returned (it is rebuilt then).
    connect(units_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (syncing_ || row < 0) return;
        const std::vector<int> layers = doc_->controlLayers();
        if (row >= int(layers.size())) return;
        const int index = layers[size_t(row)];
        QMetaObject::invokeMethod(
            doc_, [this, index] { doc_->setActiveIndex(index); }, Qt::QueuedConnection);
    });
    connect(units_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (syncing_) return;
        const std::vector<int> layers = doc_->controlLayers();
        const int row = units_->row(item);
        if (row < 0 || row >= int(layers.size())) return;
        const int index = layers[size_t(row)];
        const bool on = item->checkState() == Qt::Checked;
        QMetaObject::invokeMethod(
            doc_,
            [this, index, on] {
                if (index >= doc_->layerCount() || !doc_->layer(index).isControl()) return;
                ControlSettings c = doc_->layer(index).control;
                c.enabled = on;
                doc_->setControlSettings(index, c);
            },
            Qt::QueuedConnection);
    });
}

QAbstractButton* ControlPanel::button(const QString& name) const {
    return findChild<QAbstractButton*>(name);
}

void ControlPanel::setPreprocessor(Preprocessor preprocessor) {
    preprocessor_ = std::move(preprocessor);
}

void ControlPanel::setControlNetModels(const QList<FoundModel>& models) {
    models_ = models;
    fillModelCombo();
}

void ControlPanel::setModelFamily(const QString& family) {
    if (family == family_) return;
    family_ = family;
    fillModelCombo();
}

void ControlPanel::say(const QString& message) {
    message_->setText(message);
}

void ControlPanel::addUnit() {
    if (doc_->isNull()) {
        say(tr("Open or create a canvas first: a control layer has the canvas's size."));
        return;
    }
    ControlSettings c;
    // The first ControlNet that fits the model, so a new unit is ready to use.
    for (const FoundModel& m : models_)
        if (controlnet_fits(m.family, family_)) {
            c.model = m.path;
            break;
        }
    doc_->addControlLayer(c);
    say(QString());
}

void ControlPanel::removeUnit() {
    if (current_ >= 0) doc_->removeLayer(current_);
}

void ControlPanel::edit(const std::function<void(ControlSettings&)>& change) {
    if (syncing_ || current_ < 0 || current_ >= doc_->layerCount()) return;
    ControlSettings c = doc_->layer(current_).control;
    change(c);
    doc_->setControlSettings(current_, c);
}

bool ControlPanel::fillFromCanvas() {
    if (current_ < 0) return false;
    const QImage picture = doc_->flattened();
    if (picture.isNull()) {
        say(tr("The canvas shows no picture to make a control picture from."));
        return false;
    }
    if (!preprocessor_) {
        say(tr("Preprocessors are not available."));
        return false;
    }
    const QString name = doc_->layer(current_).control.preprocess;
    QString error;
    const QImage control = preprocessor_(picture, name, &error);
    if (control.isNull()) {
        say(error);
        return false;
    }
    doc_->setLayerPixels(current_, control,
                         tr("Control picture (%1)").arg(control_preprocess_label(name)));
    say(QString());
    return true;
}

bool ControlPanel::loadPicture(const QString& path) {
    if (current_ < 0) return false;
    QString error;
    const QImage picture = load_image(path, &error);
    if (picture.isNull()) {
        say(error);
        return false;
    }
    doc_->setLayerPixels(current_, picture, tr("Load control picture"));
    say(QString());
    return true;
}

// The list follows the document's control layers (unit 0 the lowest); the editor shows the
// active layer's unit, or the last one that was.
void ControlPanel::rebuild() {
    syncing_ = true;
    const std::vector<int> layers = doc_->controlLayers();
    while (units_->count() > int(layers.size())) delete units_->takeItem(units_->count() - 1);
    while (units_->count() < int(layers.size())) {
        auto* item = new QListWidgetItem;
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        units_->addItem(item);
    }
    int row = -1;
    for (int r = 0; r < int(layers.size()); ++r) {
        const Layer& l = doc_->layer(layers[size_t(r)]);
        QListWidgetItem* item = units_->item(r);
        item->setText(unit_label(l));
        item->setToolTip(l.control.model);
        item->setCheckState(l.control.enabled ? Qt::Checked : Qt::Unchecked);
        if (layers[size_t(r)] == doc_->activeIndex()) row = r;
    }
    // Another layer is active: keep the unit shown before, if it still exists.
    if (row < 0 && current_ >= 0) {
        const auto it = std::find(layers.begin(), layers.end(), current_);
        if (it != layers.end()) row = int(it - layers.begin());
    }
    if (row < 0 && !layers.empty()) row = int(layers.size()) - 1;
    units_->setCurrentRow(row);
    syncing_ = false;
    showUnit(row >= 0 ? layers[size_t(row)] : -1);
}

void ControlPanel::showUnit(int layerIndex) {
    current_ = layerIndex;
    editor_->setEnabled(layerIndex >= 0);
    button(QStringLiteral("removeUnit"))->setEnabled(layerIndex >= 0);
    syncing_ = true;
    if (layerIndex >= 0) {
        const ControlSettings& c = doc_->layer(layerIndex).control;
        // Only what differs: setting a spin box rewrites its text under the typing cursor.
        auto show = [](QDoubleSpinBox* spin, double v) {
            if (spin->value() != v) spin->setValue(v);
        };
        start_->setMaximum(c.end);
        end_->setMinimum(c.start);
        show(scale_, c.scale);
        show(start_, c.start);
        show(end_, c.end);
        preprocess_->setCurrentIndex(std::max(0, preprocess_->findData(c.preprocess)));
        mode_->setCurrentIndex(std::max(0, mode_->findData(c.mode)));
    }
    syncing_ = false;
    fillModelCombo();
}

// The ControlNets that fit the current model, plus the unit's own when it does not (a document
// made with another model keeps its choice visible).
void ControlPanel::fillModelCombo() {
    syncing_ = true;
    model_->clear();
    model_->addItem(
        models_.isEmpty() ? tr("(none found in the model folders)") : tr("(choose a ControlNet)"),
        QString());
    for (const FoundModel& m : models_) {
        if (!controlnet_fits(m.family, family_)) continue;
        model_->addItem(QStringLiteral("%1  ·  %2").arg(m.name, m.family), m.path);
        model_->setItemData(model_->count() - 1, m.path, Qt::ToolTipRole);
    }
    const QString chosen = current_ >= 0 && current_ < doc_->layerCount()
                               ? doc_->layer(current_).control.model
                               : QString();
    int at = model_->findData(chosen);
    if (at < 0) {
        model_->addItem(tr("%1 (not for this model)").arg(model_name(chosen)), chosen);
        at = model_->count() - 1;
    }
    model_->setCurrentIndex(at);
    syncing_ = false;
}

}  // namespace reverie::ui
