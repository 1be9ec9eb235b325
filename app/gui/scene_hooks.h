#pragma once
// The studio's hidden command-line options for documentation, visual checks and tests: set the
// scene (prompt, steps, size, a painted mask), generate, grab the window to a PNG, or write what
// the studio holds and quit (tests/gui/kill_restore.py). Hidden from --help.
#include <QCommandLineOption>
#include <QCommandLineParser>

namespace reverie::ui {
class MainWindow;
}
namespace reverie::app {
class StudioSession;
}

namespace reverie::gui {

struct SceneHooks {
    SceneHooks();
    void addTo(QCommandLineParser& parser) const;
    // Applies the parsed options to a shown window and its session (timers on the event loop).
    void install(const QCommandLineParser& parser, ui::MainWindow& window,
                 app::StudioSession& session) const;

    QCommandLineOption screenshot, prompt, model, steps, size, strength, generate, grabAtPreview;
    QCommandLineOption paintMask;
    QCommandLineOption paintSketch, paintScribble, queueJobs, expandCanvas, region, live;
    QCommandLineOption autosaveInterval, dumpSession;
};

}  // namespace reverie::gui
