#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <cstring>

#include "app/worker/app_info.h"
#include "ui/main_window.h"
#include "ui/translator.h"

int main(int argc, char** argv) {
    // Answered before QApplication, which needs a display: `reverie --version` works over ssh too.
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("reverie %s\n", qPrintable(reverie::app::engine_version()));
            return 0;
        }
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
    parser.addPositionalArgument(QStringLiteral("image"),
                                 QApplication::translate("main", "An image to open"),
                                 QStringLiteral("[image]"));
    // For documentation and visual checks: grab the window once shown, save it, exit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"), QString(), QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    parser.process(app);
    reverie::ui::install_translator(app, parser.value(language));

    reverie::ui::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openImageFile(parser.positionalArguments().constFirst());
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        QTimer::singleShot(800, &window, [&window, path] {
            const bool ok = window.grab().save(path);
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
