#include "ui/settings_dialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QThreadPool>
#include <QVBoxLayout>

#include "ui/model_scan.h"

namespace reverie::ui {

namespace {

void select_data(QComboBox* combo, const QString& value) {
    const int i = combo->findData(value);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

}  // namespace

SettingsDialog::SettingsDialog(const Preferences& p, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("SettingsDialog"));
    setWindowTitle(tr("Settings"));
    auto* column = new QVBoxLayout(this);

    auto* modelsBox = new QGroupBox(tr("Model folders"));
    auto* models = new QVBoxLayout(modelsBox);
    auto* hint = new QLabel(
        tr("Folders holding .safetensors checkpoints or diffusers folders. An AUTOMATIC1111 or "
           "ComfyUI folder works as it is."));
    hint->setWordWrap(true);
    models->addWidget(hint);
    folders_ = new QListWidget;
    folders_->addItems(p.model_folders);
    models->addWidget(folders_);
    auto* folderButtons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add…"));
    auto* remove = new QPushButton(tr("Remove"));
    found_ = new QLabel;
    folderButtons->addWidget(add);
    folderButtons->addWidget(remove);
    folderButtons->addStretch(1);
    folderButtons->addWidget(found_);
    models->addLayout(folderButtons);
    column->addWidget(modelsBox);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a model folder"));
        if (!dir.isEmpty()) addModelFolder(dir);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        delete folders_->currentItem();
        updateFoundCount();
    });

    auto* form = new QFormLayout;
    device_ = new QComboBox;
    device_->addItem(tr("Automatic (GPU when available)"), QStringLiteral("auto"));
    device_->addItem(tr("GPU (CUDA)"), QStringLiteral("cuda"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    select_data(device_, p.device);
    form->addRow(tr("Device"), device_);
    precision_ = new QComboBox;
    precision_->addItem(tr("fp32 (full precision)"), QStringLiteral("fp32"));
    precision_->addItem(tr("fp16 (half, GPU only)"), QStringLiteral("fp16"));
    precision_->addItem(tr("bf16"), QStringLiteral("bf16"));
    select_data(precision_, p.precision);
    form->addRow(tr("Precision"), precision_);
    offload_ = new QCheckBox(tr("Save GPU memory (for cards of 4 GB; a little slower)"));
    offload_->setToolTip(
        tr("Keeps the model in system memory and moves each part onto the GPU "
           "only while it runs."));
    offload_->setChecked(p.offload);
    form->addRow(QString(), offload_);
    // Nothing to offload on the CPU.
    auto offloadApplies = [this] {
        offload_->setEnabled(device_->currentData().toString() != QLatin1String("cpu"));
    };
    connect(device_, &QComboBox::currentIndexChanged, this, offloadApplies);
    offloadApplies();
    preview_ = new QComboBox;
    preview_->addItem(tr("Automatic (TAESD when installed)"), QStringLiteral("auto"));
    preview_->addItem(tr("TAESD"), QStringLiteral("taesd"));
    preview_->addItem(tr("Fast approximation"), QStringLiteral("linear"));
    preview_->addItem(tr("Off"), QStringLiteral("off"));
    select_data(preview_, p.preview);
    form->addRow(tr("Live preview"), preview_);
    interval_ = new QSpinBox;
    interval_->setRange(1, 100);
    interval_->setPrefix(tr("every "));
    // "every step", "every 2 steps": the number is the spin box's, the words around it follow it.
    auto interval_words = [this](int n) {
        interval_->setSuffix(n == 1 ? tr(" step") : tr(" steps"));
    };
    connect(interval_, &QSpinBox::valueChanged, this, interval_words);
    interval_->setValue(p.preview_interval);
    interval_words(interval_->value());
    form->addRow(tr("Preview interval"), interval_);
    connect(preview_, &QComboBox::currentIndexChanged, this, [this] {
        interval_->setEnabled(preview_->currentData().toString() != QLatin1String("off"));
    });
    interval_->setEnabled(p.preview != QLatin1String("off"));
    language_ = new QComboBox;
    language_->addItem(tr("System language"), QString());
    // Language names in their own language, as every program lists them.
    language_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    language_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    select_data(language_, p.language);
    form->addRow(tr("Language"), language_);
    column->addLayout(form);
    auto* restart = new QLabel(tr("A new language applies at the next start."));
    restart->setEnabled(false);
    column->addWidget(restart);
    column->addWidget(remoteBox(p));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    column->addWidget(buttons);
    updateFoundCount();
    resize(560, sizeHint().height());
}

QWidget* SettingsDialog::remoteBox(const Preferences& p) {
    auto* box = new QGroupBox(tr("Where pictures are made"));
    auto* form = new QFormLayout(box);
    backend_ = new QComboBox;
    backend_->addItem(tr("This computer"), QStringLiteral("local"));
    backend_->addItem(tr("A ComfyUI server"), QStringLiteral("comfyui"));
    select_data(backend_, p.backend);
    form->addRow(tr("Generate on"), backend_);
    url_ = new QLineEdit(p.comfy_url);
    url_->setPlaceholderText(QStringLiteral("http://127.0.0.1:8188"));
    url_->setToolTip(
        tr("http:// or https://. Over an SSH tunnel: ssh -L 8188:127.0.0.1:8188 "
           "gpu-box, then http://127.0.0.1:8188."));
    form->addRow(tr("Server"), url_);
    token_ = new QLineEdit(p.comfy_token);
    token_->setEchoMode(QLineEdit::Password);
    token_->setPlaceholderText(tr("optional bearer token"));
    form->addRow(tr("Token"), token_);
    user_ = new QLineEdit(p.comfy_user);
    user_->setPlaceholderText(tr("optional, for basic auth"));
    form->addRow(tr("User"), user_);
    password_ = new QLineEdit(p.comfy_password);
    password_->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password"), password_);
    loader_ = new QLineEdit(p.comfy_loader);
    loader_->setToolTip(
        tr("The node that loads checkpoints: CheckpointLoaderSimple, or the "
           "loader a GGUF/NF4 setup needs."));
    form->addRow(tr("Loader node"), loader_);
    auto* test = new QPushButton(tr("Test connection"));
    test->setObjectName(QStringLiteral("testConnection"));
    connection_ = new QLabel;
    connection_->setObjectName(QStringLiteral("connectionResult"));
    connection_->setWordWrap(true);
    connection_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(test, connection_);
    connect(test, &QPushButton::clicked, this, [this] {
        connection_->setText(tr("Connecting…"));
        Q_EMIT testConnectionRequested(preferences());
    });
    auto remoteApplies = [=] {
        const bool remote = backend_->currentData().toString() == QLatin1String("comfyui");
        for (QWidget* w : {static_cast<QWidget*>(url_), static_cast<QWidget*>(token_),
                           static_cast<QWidget*>(user_), static_cast<QWidget*>(password_),
                           static_cast<QWidget*>(loader_)})
            w->setEnabled(remote);
    };
    connect(backend_, &QComboBox::currentIndexChanged, this, remoteApplies);
    remoteApplies();
    return box;
}

void SettingsDialog::showConnectionResult(const QString& text, bool ok) {
    connection_->setText(ok ? text : tr("Not connected: %1").arg(text));
}

void SettingsDialog::addModelFolder(const QString& folder) {
    if (folders_->findItems(folder, Qt::MatchExactly).isEmpty()) folders_->addItem(folder);
    updateFoundCount();
}

void SettingsDialog::updateFoundCount() {
    QStringList dirs;
    for (int i = 0; i < folders_->count(); ++i) dirs << folders_->item(i)->text();
    // A big or slow folder never stalls the dialog: counted on a pool thread, the newest count
    // wins.
    const int scan = ++found_scan_;
    found_->setText(tr("Looking for models…"));
    QPointer<SettingsDialog> self(this);
    QThreadPool::globalInstance()->start([self, scan, dirs] {
        const int n = int(scan_model_folders(dirs).size());
        QMetaObject::invokeMethod(
            qApp,
            [self, scan, n] {
                if (self && scan == self->found_scan_)
                    self->found_->setText(tr("%n model(s) found", nullptr, n));
            },
            Qt::QueuedConnection);
    });
}

Preferences SettingsDialog::preferences() const {
    Preferences p;
    for (int i = 0; i < folders_->count(); ++i) p.model_folders << folders_->item(i)->text();
    p.device = device_->currentData().toString();
    p.precision = precision_->currentData().toString();
    p.offload = offload_->isChecked();
    p.preview = preview_->currentData().toString();
    p.preview_interval = interval_->value();
    p.language = language_->currentData().toString();
    p.backend = backend_->currentData().toString();
    p.comfy_url = url_->text().trimmed();
    p.comfy_token = token_->text();
    p.comfy_user = user_->text();
    p.comfy_password = password_->text();
    p.comfy_loader = loader_->text().trimmed();
    if (p.comfy_loader.isEmpty()) p.comfy_loader = QStringLiteral("CheckpointLoaderSimple");
    return p;
}

}  // namespace reverie::ui
