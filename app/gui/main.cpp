#include <QApplication>
#include <QCommandLineParser>

#include "app/worker/app_info.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("reverie");
    QApplication::setOrganizationName("Reverie");
    QApplication::setApplicationVersion(reverie::app::engine_version());
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Reverie — latent diffusion studio"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    reverie::ui::MainWindow window;
    window.show();
    return app.exec();
}
