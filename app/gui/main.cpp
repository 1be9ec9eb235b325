#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <cstring>
#include <memory>

#include "app/gui/scene_hooks.h"
#include "app/worker/app_info.h"
#include "app/worker/studio_session.h"
#include "core/common/allocator_tuning.h"
#include "ui/main_window.h"
#include "ui/preferences.h"
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
    // For documentation and visual checks: set the scene, generate, grab the window, exit.
    const reverie::gui::SceneHooks hooks;
    hooks.addTo(parser);
    parser.process(app);

    QSettings settings;
    const reverie::ui::Preferences preferences = reverie::ui::load_preferences(settings);
    reverie::ui::install_translator(
        app, parser.isSet(language) ? parser.value(language) : preferences.language);

    reverie::ui::MainWindow window;
    reverie::app::SessionOptions options;
    if (parser.isSet(hooks.autosaveInterval))
        options.autosave_interval_ms = std::max(100, parser.value(hooks.autosaveInterval).toInt());
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

    hooks.install(parser, window, *session);
    const int code = app.exec();
    session->finish();
    return code;
}
