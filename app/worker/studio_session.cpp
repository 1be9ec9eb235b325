#include "app/worker/studio_session.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QStatusBar>

#include "app/remote/comfy_backend.h"
#include "app/worker/adapter_scan.h"
#include "app/worker/control_pictures.h"
#include "app/worker/controlnet_scan.h"
#include "app/worker/model_defaults.h"
#include "app/worker/settings_json.h"
#include "ui/adapter_browser.h"
#include "ui/control_panel.h"
#include "ui/main_window.h"
#include "ui/model_scan.h"
#include "ui/prompt_panel.h"
#include "ui/settings_dialog.h"

namespace reverie::app {

namespace {

constexpr int kMessageMs = 8000;
const QString kLastSettingsKey = QStringLiteral("session/settings");

ComfyConnection comfy_connection(const ui::Preferences& p) {
    ComfyConnection c;
    c.url = p.comfy_url;
    c.token = p.comfy_token;
    c.user = p.comfy_user;
    c.password = p.comfy_password;
    c.loader = p.comfy_loader;
    return c;
}

}  // namespace

StudioSession::StudioSession(ui::MainWindow* window, QSettings* settings,
                             const SessionOptions& options, QObject* parent)
    : QObject(parent), window_(window), settings_(settings) {
    writer_.setMaxThreadCount(1);
    scanner_.setMaxThreadCount(1);
    window_->controlPanel()->setPreprocessor(&preprocess_control_picture);
    controller_ = std::make_unique<GenerationController>();
    // The window's history model, filled from disk.
    history_ = std::make_unique<HistoryStore>(
        options.history_dir.isEmpty() ? HistoryStore::default_dir() : options.history_dir,
        window_->history());

    // The prompt the user left last time, before the autosaver takes its reference point.
    const QByteArray last = settings_->value(kLastSettingsKey).toByteArray();
    ui::PromptPanel* panel = window_->promptPanel();
    if (!last.isEmpty())
        panel->setSettings(settings_from_json(QJsonDocument::fromJson(last).object()));
    else if (auto s = with_model_defaults(panel->settings().model_path, panel->settings()))
        panel->setSettings(*s);  // a first start: the built-in model's own size and steps
    applyPreferences(ui::load_preferences(*settings_));
    showModelFamily();
    autosaver_ = std::make_unique<Autosaver>(
        window_,
        options.autosave_dir.isEmpty() ? AutosaveStore::default_dir() : options.autosave_dir,
        options.autosave_interval_ms);

    GenerationController* c = controller_.get();
    connect(window_, &ui::MainWindow::generateRequested, c, &GenerationController::submit);
    connect(window_, &ui::MainWindow::cancelRequested, c, &GenerationController::cancel);
    connect(c, &GenerationController::status, window_, &ui::MainWindow::onStatus);
    connect(c, &GenerationController::progress, window_, &ui::MainWindow::onProgress);
    connect(c, &GenerationController::preview, window_, &ui::MainWindow::onPreview);
    connect(c, &GenerationController::failed, window_, &ui::MainWindow::onFailed);
    connect(c, &GenerationController::cancelled, window_, &ui::MainWindow::onCancelled);
    connect(c, &GenerationController::finished, this, &StudioSession::onFinished);
    connect(c, &GenerationController::warning, window_,
            [this](const QString& m) { window_->statusBar()->showMessage(m, kMessageMs); });
    // The window's queue starts its next job from here: one queue, the window's.
    connect(c, &GenerationController::jobEnded, window_, [this] { window_->setBusy(false); });
    connect(autosaver_.get(), &Autosaver::saveFailed, window_,
            [this](const QString& m) { window_->statusBar()->showMessage(m, kMessageMs); });
    connect(window_, &ui::MainWindow::historyImageChosen, this, [this](int row) {
        if (const HistoryEntry* e = historyEntryAt(row)) {
            window_->promptPanel()->setSettings(e->settings);
            showModelFamily();
        }
    });
    connect(window_, &ui::MainWindow::settingsRequested, this, &StudioSession::showSettingsDialog);
    connect(panel, &ui::PromptPanel::modelChosen, this, [this, panel](const QString& path) {
        if (controller_->usesRemote()) return;  // a server's checkpoint: no file here to read
        panel->setModelFamily(model_family(path));
        scanAdapters();
        QString problem;
        if (auto s = with_model_defaults(path, panel->settings(), &problem))
            panel->setSettings(*s);
        else if (!problem.isEmpty())
            window_->statusBar()->showMessage(problem, kMessageMs);
    });
}

StudioSession::~StudioSession() {
    finish();
}

void StudioSession::showModelFamily() {
    // The family decides the SDXL section and the size presets; a server's checkpoint has no
    // file here to read.
    if (controller_->usesRemote()) return;
    ui::PromptPanel* panel = window_->promptPanel();
    panel->setModelFamily(model_family(panel->settings().model_path));
    scanAdapters();
}

void StudioSession::scanAdapters() {
    const int scan = ++adapter_scan_;
    ui::AdapterBrowser* browser = window_->adapterBrowser();
    if (controller_->usesRemote()) {
        ui::AdapterCatalog none;
        none.note = tr("The LoRAs of a ComfyUI server are not listed here.");
        browser->setCatalog(none);
        return;
    }
    const AdapterFolders folders =
        adapter_folders(preferences_.model_folders, window_->promptPanel()->settings().model_path);
    scanner_.start([this, scan, folders] {
        const ui::AdapterCatalog found = scan_adapters(folders);
        QMetaObject::invokeMethod(
            this,
            [this, scan, found] {
                if (scan == adapter_scan_) window_->adapterBrowser()->setCatalog(found);
            },
            Qt::QueuedConnection);
    });
}

const HistoryEntry* StudioSession::historyEntryAt(int row) const {
    const ui::HistoryModel* model = history_->model();
    return row >= 0 && row < model->count() ? &model->at(row) : nullptr;
}

void StudioSession::onFinished(const QImage& image, const QString& parameters,
                               const ui::GenerationSettings& settings) {
    if (image.isNull()) return;
    if (window_->runningLive()) {
        // Offered over the canvas until applied: no history row, no files.
        HistoryEntry offered;
        offered.parameters = parameters;
        offered.settings = settings;
        offered.image = image;
        window_->showResult(offered);
        return;
    }
    // The PNG encoding and the disk are the writer thread's; the row holds the picture until
    // its file exists, then only the thumbnail. Rows are found by id: the cap may drop older
    // rows meanwhile.
    HistoryEntry entry;
    entry.id = history_->reserveId();
    entry.parameters = parameters;
    entry.settings = settings;
    entry.image = image;
    entry.writing = true;
    window_->showResult(entry);
    history_->trim();
    const QString dir = history_->dir(), id = entry.id;
    writer_.start([this, dir, id, image, parameters, settings] {
        QString problem;
        const auto written = HistoryStore::write(dir, id, image, parameters, settings, &problem);
        QMetaObject::invokeMethod(
            this, [this, id, written, problem] { onWritten(id, written, problem); },
            Qt::QueuedConnection);
    });
}

void StudioSession::onWritten(const QString& id, const std::optional<HistoryEntry>& entry,
                              const QString& problem) {
    history_->written(id, entry);
    if (!entry)
        window_->statusBar()->showMessage(tr("Not kept in the history: %1").arg(problem),
                                          kMessageMs);
}

void StudioSession::applyPreferences(const ui::Preferences& p) {
    preferences_ = p;
    controller_->setEngineOptions(engine_options(p));
    controller_->useRemote(p.backend == QLatin1String("comfyui"), comfy_connection(p));
    controller_->setModelFolders(p.model_folders);
    scanAdapters();
    const int scan = ++model_scan_;
    if (!controller_->usesRemote()) {
        // Folders may be large or on a slow disk: checkpoints and ControlNets are found, and
        // their headers read for the family, on the scanner's thread; the newest scan wins.
        scanner_.start([this, scan, folders = p.model_folders] {
            QList<ui::FoundModel> found = ui::scan_model_folders(folders);
            add_model_families(found);
            const QList<ui::FoundModel> nets = find_controlnets(folders);
            QMetaObject::invokeMethod(
                this,
                [this, scan, found, nets] {
                    if (scan != model_scan_) return;
                    window_->promptPanel()->setFoundModels(found);
                    window_->controlPanel()->setControlNetModels(nets);
                },
                Qt::QueuedConnection);
        });
        return;
    }
    window_->controlPanel()->setControlNetModels({});
    // The ControlNet panel lists the server's ControlNets (their family is the server's business).
    controller_->remoteBackend()->listChoices(
        QStringLiteral("ControlNetLoader"), QStringLiteral("control_net_name"),
        [this, scan](const QStringList& names, const QString&) {
            if (scan != model_scan_) return;
            QList<ui::FoundModel> nets;
            for (const QString& n : names) nets.append({n, n});
            window_->controlPanel()->setControlNetModels(nets);
        });
    // The model picker lists the server's checkpoints.
    controller_->remoteBackend()->listCheckpoints(
        [this](const QStringList& names, const QString& error) {
            if (!error.isEmpty()) window_->statusBar()->showMessage(error, kMessageMs);
            QList<ui::FoundModel> models;
            for (const QString& n : names) models.append({n, n});
            window_->promptPanel()->setFoundModels(models);
        });
}

void StudioSession::showSettingsDialog() {
    auto* dialog = new ui::SettingsDialog(preferences_, window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ui::Preferences p = dialog->preferences();
        ui::save_preferences(*settings_, p);
        applyPreferences(p);
    });
    // "Test connection" asks the server in the dialog's fields, not the saved one.
    connect(
        dialog, &ui::SettingsDialog::testConnectionRequested, dialog,
        [dialog](const ui::Preferences& p) {
            auto* probe = new ComfyBackend(dialog);
            probe->setConnection(comfy_connection(p));
            probe->testConnection([dialog, probe](const QString& summary, const QString& error) {
                dialog->showConnectionResult(error.isEmpty() ? summary : error, error.isEmpty());
                probe->deleteLater();
            });
        });
    dialog->open();
}

void StudioSession::finish() {
    if (finished_) return;
    finished_ = true;
    controller_->cancel();
    writer_.waitForDone();
    QCoreApplication::sendPostedEvents(this);  // the written entries, listed
    autosaver_->finish();
    settings_->setValue(kLastSettingsKey,
                        QJsonDocument(settings_to_json(window_->promptPanel()->settings()))
                            .toJson(QJsonDocument::Compact));
    settings_->sync();
}

}  // namespace reverie::app
