#include "app/gui/scene_hooks.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QMouseEvent>
#include <QTimer>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "app/worker/atomic_files.h"
#include "app/worker/session_dump.h"
#include "app/worker/studio_session.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/control_panel.h"
#include "ui/live_painting.h"
#include "ui/main_window.h"
#include "ui/mask_layer.h"
#include "ui/prompt_panel.h"
#include "ui/region_selection.h"

namespace reverie::gui {
namespace {

QCommandLineOption hidden(const QString& name, const QString& valueName = QString()) {
    QCommandLineOption o(name, QString(), valueName);
    o.setFlags(QCommandLineOption::HiddenFromHelp);
    return o;
}

// One brush stroke through `path` (fractions of the document's size), made with mouse events as
// a user makes it, so the canvas reacts as it does to a user.
void drag(ui::CanvasView* canvas, const std::vector<QPointF>& path) {
    const QSize s = canvas->document()->size();
    if (s.isEmpty() || path.empty()) return;
    auto send = [canvas, s](QEvent::Type type, QPointF f, Qt::MouseButtons buttons) {
        const QPointF at = canvas->imageToWidget(QPointF(f.x() * s.width(), f.y() * s.height()));
        QMouseEvent e(type, at, canvas->mapToGlobal(at), Qt::LeftButton, buttons, Qt::NoModifier);
        QApplication::sendEvent(canvas, &e);
    };
    send(QEvent::MouseButtonPress, path.front(), Qt::LeftButton);
    for (const QPointF& f : path) send(QEvent::MouseMove, f, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, path.back(), Qt::NoButton);
}

// A mask stroke over the upper right of the image (the sun of the README's picture).
void paint_demo_mask(ui::CanvasView* canvas) {
    const QSize s = canvas->image().size();
    if (s.isEmpty()) return;
    canvas->mask()->setBrushSize(std::max(8, s.width() / 5));
    drag(canvas, {{0.66, 0.2}, {0.72, 0.24}, {0.8, 0.26}, {0.74, 0.3}});
}

// A sketch on a layer of its own, painted with the colour brush by mouse events: a green stroke
// across the lower part of the picture.
void paint_demo_sketch(ui::CanvasView* canvas) {
    const QSize s = canvas->image().size();
    if (s.isEmpty()) return;
    QImage blank(s, QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::transparent);
    canvas->addLayer(blank, QStringLiteral("Sketch"));
    canvas->setTool(ui::CanvasTool::ColorBrush);
    canvas->colorBrush()->setColor(QColor(40, 170, 60));
    canvas->colorBrush()->setBrushSize(std::max(4, s.width() / 10));
    drag(canvas, {{0.1, 0.8}, {0.5, 0.775}, {0.9, 0.75}});
    canvas->setTool(ui::CanvasTool::MaskBrush);
}

// A ControlNet unit (the first ControlNet found that fits the model) with a scribble on its
// control layer, drawn as a user does: "Draw", then strokes: a house with a roof and a sun.
void paint_demo_scribble(ui::MainWindow& window) {
    ui::CanvasView* canvas = window.canvas();
    if (canvas->document()->isNull()) window.newCanvas(QSize(512, 512));
    ui::ControlPanel* panel = window.controlPanel();
    panel->button(QStringLiteral("addUnit"))->click();
    panel->button(QStringLiteral("drawUnit"))->click();
    canvas->colorBrush()->setBrushSize(std::max(3, canvas->document()->size().width() / 40));
    drag(canvas, {{0.2, 0.85}, {0.2, 0.5}, {0.8, 0.5}, {0.8, 0.85}, {0.2, 0.85}});
    drag(canvas, {{0.14, 0.54}, {0.5, 0.2}, {0.86, 0.54}});
    drag(canvas, {{0.42, 0.85}, {0.42, 0.65}, {0.58, 0.65}, {0.58, 0.85}});
    std::vector<QPointF> sun;
    for (int i = 0; i <= 24; ++i)
        sun.emplace_back(0.84 + 0.07 * std::cos(i * M_PI / 12),
                         0.16 + 0.07 * std::sin(i * M_PI / 12));
    drag(canvas, sun);
}

// Jobs put in the queue without running (the studio is idle): the autosave must keep them.
void queue_demo_jobs(ui::MainWindow& window, int n) {
    for (int i = 0; i < n; ++i) {
        ui::QueuedJob job;
        job.settings = window.promptPanel()->settings();
        job.settings.prompt += QStringLiteral(" (queued %1)").arg(i + 1);
        job.image = window.canvas()->image();
        job.mode = ui::GenerationMode::ImageToImage;
        window.queue()->enqueue(job);
    }
}

// "a,b,c,d" as four integers; empty when it is not.
QList<int> four_ints(const QString& text) {
    QList<int> v;
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        v << part.trimmed().toInt(&ok);
        if (!ok) return {};
    }
    return v.size() == 4 ? v : QList<int>{};
}

// Expands the canvas (left, top, right, bottom pixels) and draws a region (x, y, width,
// height) with the region tool, as the Edit menu's dialog and a drag do.
void set_canvas_scene(ui::MainWindow& window, const QList<int>& expand, const QList<int>& region) {
    if (!expand.isEmpty())
        window.expandCanvas(QMargins(expand[0], expand[1], expand[2], expand[3]));
    if (!region.isEmpty()) {
        window.canvas()->setTool(ui::CanvasTool::Region);
        window.canvas()->region()->setRect(QRect(region[0], region[1], region[2], region[3]));
    }
}

// Grabs the window mid-run: at the n-th live preview, or when the job ends (failed, or too fast
// to show that many). The count is shared by both connections and owned by them: whichever signal
// comes last (a preview after the end, a second job) never touches freed memory.
void grab_during_generation(ui::MainWindow& window, app::StudioSession& session, int at,
                            const std::function<void()>& grab) {
    auto previews = std::make_shared<int>(0);
    auto grabbed = std::make_shared<bool>(false);
    auto once = [grabbed, grab] {
        if (*grabbed) return;
        *grabbed = true;
        grab();
    };
    QObject::connect(session.controller(), &app::GenerationController::preview, &window,
                     [previews, at, once] {
                         if (++*previews == at) once();
                     });
    QObject::connect(session.controller(), &app::GenerationController::jobEnded, &window,
                     [previews, at, once] {
                         if (*previews < at) QTimer::singleShot(300, once);
                     });
}

}  // namespace

SceneHooks::SceneHooks()
    : screenshot(hidden(QStringLiteral("screenshot"), QStringLiteral("file"))),
      prompt(hidden(QStringLiteral("prompt"), QStringLiteral("text"))),
      model(hidden(QStringLiteral("model"), QStringLiteral("path"))),
      steps(hidden(QStringLiteral("steps"), QStringLiteral("n"))),
      size(hidden(QStringLiteral("size"), QStringLiteral("pixels"))),
      strength(hidden(QStringLiteral("strength"), QStringLiteral("0..1"))),
      generate(hidden(QStringLiteral("generate"))),
      grabAtPreview(hidden(QStringLiteral("grab-at-preview"), QStringLiteral("n"))),
      paintMask(hidden(QStringLiteral("paint-mask"))),
      paintSketch(hidden(QStringLiteral("paint-sketch"))),
      paintScribble(hidden(QStringLiteral("paint-scribble"))),
      queueJobs(hidden(QStringLiteral("queue-jobs"), QStringLiteral("n"))),
      expandCanvas(hidden(QStringLiteral("expand-canvas"), QStringLiteral("l,t,r,b"))),
      region(hidden(QStringLiteral("region"), QStringLiteral("x,y,w,h"))),
      live(hidden(QStringLiteral("live"))),
      // For the kill-and-restore test: autosave more often, and write what the studio holds once
      // started (after the restore offer and --paint-mask), then quit.
      autosaveInterval(hidden(QStringLiteral("autosave-interval"), QStringLiteral("ms"))),
      dumpSession(hidden(QStringLiteral("dump-session"), QStringLiteral("file"))) {}

void SceneHooks::addTo(QCommandLineParser& parser) const {
    for (const auto& o : {screenshot, prompt, model, steps, size, strength, generate, grabAtPreview,
                          paintMask, paintSketch, paintScribble, queueJobs, expandCanvas, region,
                          live, autosaveInterval, dumpSession})
        parser.addOption(o);
}

void SceneHooks::install(const QCommandLineParser& parser, ui::MainWindow& window,
                         app::StudioSession& session) const {
    ui::PromptPanel* panel = window.promptPanel();
    if (parser.isSet(model)) {
        // As if picked in the model combo: the family and the model's own defaults follow.
        ui::GenerationSettings s = panel->settings();
        s.model_path = parser.value(model);
        panel->setSettings(s);
        Q_EMIT panel->modelChosen(s.model_path);
    }
    if (parser.isSet(prompt) || parser.isSet(steps) || parser.isSet(size) ||
        parser.isSet(strength)) {
        ui::GenerationSettings s = panel->settings();
        if (parser.isSet(prompt)) s.prompt = parser.value(prompt);
        if (parser.isSet(steps)) s.steps = parser.value(steps).toInt();
        if (parser.isSet(size)) s.width = s.height = parser.value(size).toInt();
        if (parser.isSet(strength)) s.denoising_strength = parser.value(strength).toDouble();
        panel->setSettings(s);
    }
    if (parser.isSet(paintSketch))
        QTimer::singleShot(350, &window, [&window] { paint_demo_sketch(window.canvas()); });
    // Once the ControlNet scan (a pool thread) has listed what the model folders hold, or after
    // two seconds without any.
    if (parser.isSet(paintScribble)) {
        auto attempt = std::make_shared<std::function<void(int)>>();
        // The pending timer owns the attempt; the attempt only knows itself weakly.
        *attempt = [&window, self = std::weak_ptr(attempt)](int left) {
            if (window.controlPanel()->controlNetModels().isEmpty() && left > 0) {
                QTimer::singleShot(100, &window,
                                   [again = self.lock(), left] { (*again)(left - 1); });
                return;
            }
            paint_demo_scribble(window);
        };
        QTimer::singleShot(380, &window, [attempt] { (*attempt)(20); });
    }
    if (parser.isSet(paintMask))
        QTimer::singleShot(400, &window, [&window] { paint_demo_mask(window.canvas()); });
    if (parser.isSet(queueJobs))
        QTimer::singleShot(450, &window, [&window, n = parser.value(queueJobs).toInt()] {
            queue_demo_jobs(window, n);
        });
    if (parser.isSet(expandCanvas) || parser.isSet(region))
        QTimer::singleShot(
            420, &window,
            [&window, e = four_ints(parser.value(expandCanvas)),
             r = four_ints(parser.value(region))] { set_canvas_scene(window, e, r); });
    if (parser.isSet(live))
        QTimer::singleShot(460, &window,
                           [&window] { window.livePainting()->toggleAction()->setChecked(true); });
    if (parser.isSet(generate))
        QTimer::singleShot(800, &window, &ui::MainWindow::requestGeneration);
    if (parser.isSet(dumpSession)) {
        // Timers fire in the order they fall due: this one after the offer and the mask.
        const QString path = parser.value(dumpSession);
        QTimer::singleShot(600, &window, [&window, &session, path] {
            const QString problem = app::write_json(path, app::session_state(window, session));
            if (!problem.isEmpty()) std::fprintf(stderr, "%s\n", qPrintable(problem));
            QApplication::exit(problem.isEmpty() ? 0 : 1);
        });
    }
    if (!parser.isSet(screenshot)) return;
    const QString path = parser.value(screenshot);
    auto grab = [&window, path] { QApplication::exit(window.grab().save(path) ? 0 : 1); };
    if (parser.isSet(live) && !parser.isSet(generate))
        // When the first live result is shown over the canvas.
        QObject::connect(window.livePainting(), &ui::LivePainting::resultChanged, &window,
                         [&window, grab](const QImage& r) {
                             if (!r.isNull()) QTimer::singleShot(200, &window, grab);
                         });
    else if (parser.isSet(generate))
        grab_during_generation(window, session, std::max(1, parser.value(grabAtPreview).toInt()),
                               grab);
    else
        QTimer::singleShot(800, &window, grab);
}

}  // namespace reverie::gui
