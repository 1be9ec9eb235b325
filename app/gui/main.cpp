#include <QApplication>
#include <QCommandLineParser>
#include <QMouseEvent>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>

#include "app/worker/app_info.h"
#include "app/worker/atomic_files.h"
#include "app/worker/session_dump.h"
#include "app/worker/studio_session.h"
#include "core/common/allocator_tuning.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/preferences.h"
#include "ui/prompt_panel.h"
#include "ui/queue_panel.h"
#include "ui/translator.h"

namespace {

using reverie::app::RestoreAnswer;

// --restore-autosave, else $REVERIE_RESTORE_AUTOSAVE: yes / no answer the question unasked.
RestoreAnswer restore_answer(const QString& value) {
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("yes")) return RestoreAnswer::Yes;
    if (v == QLatin1String("no")) return RestoreAnswer::No;
    return RestoreAnswer::Ask;
}

QCommandLineOption hidden(const QString& name, const QString& valueName = QString()) {
    QCommandLineOption o(name, QString(), valueName);
    o.setFlags(QCommandLineOption::HiddenFromHelp);
    return o;
}

// A brush stroke over the upper right of the image (the sun of the README's picture), made with
// mouse events as a user makes it, so the canvas reacts as it does to a user.
void paint_demo_mask(reverie::ui::CanvasView* canvas) {
    const QSize s = canvas->image().size();
    if (s.isEmpty()) return;
    canvas->mask()->setBrushSize(std::max(8, s.width() / 5));
    auto send = [canvas](QEvent::Type type, QPointF imagePoint, Qt::MouseButtons buttons) {
        const QPointF at = canvas->imageToWidget(imagePoint);
        QMouseEvent e(type, at, canvas->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(canvas, &e);
    };
    const QPointF path[] = {{0.66, 0.2}, {0.72, 0.24}, {0.8, 0.26}, {0.74, 0.3}};
    auto point = [s](QPointF f) { return QPointF(f.x() * s.width(), f.y() * s.height()); };
    send(QEvent::MouseButtonPress, point(path[0]), Qt::LeftButton);
    for (const QPointF& f : path) send(QEvent::MouseMove, point(f), Qt::LeftButton);
    send(QEvent::MouseButtonRelease, point(path[3]), Qt::NoButton);
}

// A sketch on a layer of its own, painted with the colour brush by mouse events: a green stroke
// across the lower part of the picture.
void paint_demo_sketch(reverie::ui::CanvasView* canvas) {
    const QSize s = canvas->image().size();
    if (s.isEmpty()) return;
    QImage blank(s, QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::transparent);
    canvas->addLayer(blank, QStringLiteral("Sketch"));
    canvas->setTool(reverie::ui::CanvasTool::ColorBrush);
    canvas->colorBrush()->setColor(QColor(40, 170, 60));
    canvas->colorBrush()->setBrushSize(std::max(4, s.width() / 10));
    auto send = [canvas](QEvent::Type type, QPointF imagePoint, Qt::MouseButtons buttons) {
        const QPointF at = canvas->imageToWidget(imagePoint);
        QMouseEvent e(type, at, canvas->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(canvas, &e);
    };
    const QPointF from(0.1 * s.width(), 0.8 * s.height()), to(0.9 * s.width(), 0.75 * s.height());
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    send(QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
    send(QEvent::MouseMove, to, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
    canvas->setTool(reverie::ui::CanvasTool::MaskBrush);
}

}  // namespace

int main(int argc, char** argv) {
    // Answered before QApplication, which needs a display: `reverie --version` works over ssh too.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("reverie %s\n", qPrintable(reverie::app::engine_version()));
            return 0;
        }
    reverie::tune_allocator();
    QApplication app(argc, argv);
    QApplication::setApplicationName("reverie");
    QApplication::setOrganizationName("Reverie");
    QApplication::setApplicationVersion(reverie::app::engine_version());
    // Ties the windows to io.github.reverie.Reverie.desktop (Wayland app id, icon, taskbar
    // grouping).
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.reverie.Reverie"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Reverie — latent diffusion studio"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption language(
        QStringLiteral("language"),
        QApplication::translate("main", "Interface language, e.g. zh_CN (default: system)"),
        QStringLiteral("code"));
    parser.addOption(language);
    const QCommandLineOption restore(
        QStringLiteral("restore-autosave"),
        QApplication::translate("main",
                                "Restore unsaved work from the last session without asking "
                                "(yes), discard it (no), or ask (ask, the default)"),
        QStringLiteral("answer"));
    parser.addOption(restore);
    parser.addPositionalArgument(QStringLiteral("image"),
                                 QApplication::translate("main", "An image to open"),
                                 QStringLiteral("[image]"));
    // For documentation and visual checks: set the scene, grab the window, save it, exit.
    const QCommandLineOption screenshot = hidden(QStringLiteral("screenshot"), "file");
    const QCommandLineOption prompt = hidden(QStringLiteral("prompt"), "text");
    const QCommandLineOption steps = hidden(QStringLiteral("steps"), "n");
    const QCommandLineOption size = hidden(QStringLiteral("size"), "pixels");
    const QCommandLineOption generate = hidden(QStringLiteral("generate"));
    const QCommandLineOption grabAtPreview = hidden(QStringLiteral("grab-at-preview"), "n");
    const QCommandLineOption paintMask = hidden(QStringLiteral("paint-mask"));
    const QCommandLineOption paintSketch = hidden(QStringLiteral("paint-sketch"));
    // Jobs put in the queue without running (the studio is idle): the autosave must keep them.
    const QCommandLineOption queueJobs = hidden(QStringLiteral("queue-jobs"), "n");
    // For the kill-and-restore test (tests/gui/kill_restore.py): autosave more often, and write
    // what the studio holds once started (after the restore offer and --paint-mask), then quit.
    const QCommandLineOption autosaveInterval = hidden(QStringLiteral("autosave-interval"), "ms");
    const QCommandLineOption dumpSession = hidden(QStringLiteral("dump-session"), "file");
    for (const auto& o : {screenshot, prompt, steps, size, generate, grabAtPreview, paintMask,
                          paintSketch, queueJobs, autosaveInterval, dumpSession})
        parser.addOption(o);
    parser.process(app);

    QSettings settings;
    const reverie::ui::Preferences preferences = reverie::ui::load_preferences(settings);
    reverie::ui::install_translator(
        app, parser.isSet(language) ? parser.value(language) : preferences.language);

    reverie::ui::MainWindow window;
    reverie::app::SessionOptions options;
    if (parser.isSet(autosaveInterval))
        options.autosave_interval_ms = std::max(100, parser.value(autosaveInterval).toInt());
    auto session = std::make_unique<reverie::app::StudioSession>(&window, &settings, options);
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openImageFile(parser.positionalArguments().constFirst());
    const RestoreAnswer answer =
        restore_answer(parser.isSet(restore) ? parser.value(restore)
                                             : qEnvironmentVariable("REVERIE_RESTORE_AUTOSAVE"));
    // Asked once the window is on screen, so the question has its context behind it.
    QTimer::singleShot(0, session.get(),
                       [&session, answer] { session->autosaver()->offerRestore(answer); });

    reverie::ui::PromptPanel* panel = window.promptPanel();
    if (parser.isSet(prompt) || parser.isSet(steps) || parser.isSet(size)) {
        reverie::ui::GenerationSettings s = panel->settings();
        if (parser.isSet(prompt)) s.prompt = parser.value(prompt);
        if (parser.isSet(steps)) s.steps = parser.value(steps).toInt();
        if (parser.isSet(size)) s.width = s.height = parser.value(size).toInt();
        panel->setSettings(s);
    }
    if (parser.isSet(paintSketch))
        QTimer::singleShot(350, &window, [&window] { paint_demo_sketch(window.canvas()); });
    if (parser.isSet(paintMask))
        QTimer::singleShot(400, &window, [&window] { paint_demo_mask(window.canvas()); });
    if (parser.isSet(queueJobs))
        QTimer::singleShot(450, &window, [&window, n = parser.value(queueJobs).toInt()] {
            for (int i = 0; i < n; ++i) {
                reverie::ui::QueuedJob job;
                job.settings = window.promptPanel()->settings();
                job.settings.prompt += QStringLiteral(" (queued %1)").arg(i + 1);
                job.image = window.canvas()->image();
                job.mode = reverie::ui::GenerationMode::ImageToImage;
                window.queuePanel()->enqueue(job);
            }
        });
    if (parser.isSet(generate))
        QTimer::singleShot(800, &window, &reverie::ui::MainWindow::requestGeneration);
    if (parser.isSet(dumpSession)) {
        // Timers fire in the order they fall due: this one after the offer and the mask.
        const QString path = parser.value(dumpSession);
        QTimer::singleShot(600, &window, [&window, &session, path] {
            const QString problem =
                reverie::app::write_json(path, reverie::app::session_state(window, *session));
            if (!problem.isEmpty()) std::fprintf(stderr, "%s\n", qPrintable(problem));
            QApplication::exit(problem.isEmpty() ? 0 : 1);
        });
    }

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        auto grab = [&window, path] {
            const bool ok = window.grab().save(path);
            QApplication::exit(ok ? 0 : 1);
        };
        if (parser.isSet(generate)) {
            // Mid-run: at the n-th live preview, or when the job ends (failed, or too fast).
            const int at = std::max(1, parser.value(grabAtPreview).toInt());
            auto* previews = new int(0);
            QObject::connect(session->controller(), &reverie::app::GenerationController::preview,
                             &window, [previews, at, grab] {
                                 if (++*previews == at) grab();
                             });
            QObject::connect(session->controller(), &reverie::app::GenerationController::jobEnded,
                             &window, [previews, at, grab] {
                                 if (*previews < at) QTimer::singleShot(300, grab);
                                 delete previews;
                             });
        } else {
            QTimer::singleShot(800, &window, grab);
        }
    }
    const int code = app.exec();
    session->finish();
    return code;
}
