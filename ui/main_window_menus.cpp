// The studio window's menus and tool bar: what each command is called, its shortcut and what it
// runs (main_window.cpp holds what the commands do).
#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>
#include <QUndoStack>

#include "ui/adapter_browser.h"
#include "ui/canvas_document.h"
#include "ui/canvas_tool_bar.h"
#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/control_panel.h"
#include "ui/history_strip.h"
#include "ui/image_files.h"
#include "ui/layers_panel.h"
#include "ui/live_painting.h"
#include "ui/mask_layer.h"
#include "ui/new_canvas_dialog.h"
#include "ui/openraster.h"
#include "ui/progress_text.h"
#include "ui/prompt_panel.h"
#include "ui/queue_panel.h"
#include "ui/region_selection.h"

namespace reverie::ui {

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Canvas…"), QKeySequence::New, this, [this] {
        const GenerationSettings s = panel_->settings();
        if (!confirmDiscard(tr("starting a new canvas"))) return;
        const QSize size = ask_new_canvas_size(this, QSize(s.width, s.height));
        if (size.isValid()) newCanvas(size);
    });
    file->addAction(tr("&Open…"), QKeySequence::Open, this, [this] {
        if (!confirmDiscard(tr("opening another picture"))) return;
        const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), document_path_,
                                                          open_image_filter());
        if (!path.isEmpty()) openImageFile(path);
    });
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::saveDocument);
    file->addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveDocumentAs);
    file->addSeparator();
    file->addAction(tr("&Copy Image"), QKeySequence(QStringLiteral("Ctrl+Shift+C")), this,
                    &MainWindow::copyImage);
    file->addAction(tr("&Paste Image"), QKeySequence::Paste, this, &MainWindow::pasteImage);
    file->addSeparator();
    QAction* settings = file->addAction(tr("Se&ttings…"), QKeySequence::Preferences, this,
                                        &MainWindow::settingsRequested);
    settings->setMenuRole(QAction::PreferencesRole);
    settings->setObjectName(QStringLiteral("settingsAction"));
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    buildEditMenu();
    MaskLayer* mask = canvas_->mask();
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, canvas_, &CanvasView::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, canvas_, &CanvasView::zoomOut);
    view->addAction(tr("&Fit to Window"), QKeySequence(QStringLiteral("Ctrl+0")), canvas_,
                    &CanvasView::fitToWindow);
    view->addAction(tr("&Actual Pixels (100%)"), QKeySequence(QStringLiteral("Ctrl+1")), canvas_,
                    &CanvasView::zoomTo100);
    view->addSeparator();
    QAction* showMask = view->addAction(tr("Show &Mask"));
    showMask->setObjectName(QStringLiteral("showMaskAction"));
    showMask->setCheckable(true);
    showMask->setChecked(mask->isVisible());
    showMask->setShortcut(QKeySequence(QStringLiteral("Ctrl+M")));
    connect(showMask, &QAction::toggled, mask, &MaskLayer::setVisible);
    connect(mask, &MaskLayer::visibilityChanged, showMask, &QAction::setChecked);
    view->addSeparator();
    view->addAction(panel_->toggleViewAction());
    view->addAction(adapters_->toggleViewAction());
    view->addAction(history_->toggleViewAction());
    view->addAction(layers_->toggleViewAction());
    view->addAction(control_->toggleViewAction());
    view->addAction(queue_->toggleViewAction());

    QMenu* generate = menuBar()->addMenu(tr("&Generate"));
    generate_action_ =
        generate->addAction(tr("&Generate"), QKeySequence(QStringLiteral("Ctrl+Return")), this,
                            &MainWindow::requestGeneration);
    cancel_action_ = generate->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this,
                                         &MainWindow::requestCancel);
    cancel_action_->setEnabled(false);
    generate->addSeparator();
    generate->addAction(live_->toggleAction());
    generate->addAction(live_->applyAction());
    generate->addSeparator();
    generate->addAction(tr("Clear &Queue"), queue_, &QueuePanel::clear);
}

void MainWindow::buildEditMenu() {
    MaskLayer* mask = canvas_->mask();
    CanvasView* canvas = canvas_;
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = canvas_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = canvas_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(
        {QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence(QStringLiteral("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QMenu* brushMenu = edit->addMenu(tr("&Brush"));
    QMenu* maskMenu = edit->addMenu(tr("&Mask"));
    // Single-key brush shortcuts act only while the canvas has focus, never while typing.
    auto canvasAction = [this](QMenu* menu, const QString& text, const QString& key) {
        QAction* a = menu->addAction(text);
        a->setShortcut(QKeySequence(key));
        a->setShortcutContext(Qt::WidgetShortcut);
        canvas_->addAction(a);
        return a;
    };
    // The brush actions act on the current tool's brush.
    QAction* eraser = canvasAction(brushMenu, tr("&Eraser"), QStringLiteral("E"));
    eraser->setCheckable(true);
    eraser->setObjectName(QStringLiteral("eraserAction"));
    connect(eraser, &QAction::toggled, canvas,
            [canvas](bool on) { canvas->brush()->setEraser(on); });
    auto syncEraser = [eraser, canvas] { eraser->setChecked(canvas->brush()->eraser()); };
    connect(mask, &MaskLayer::brushChanged, eraser, syncEraser);
    connect(canvas->colorBrush(), &ColorBrush::brushChanged, eraser, syncEraser);
    connect(canvas, &CanvasView::toolChanged, eraser, syncEraser);
    connect(canvasAction(brushMenu, tr("&Bigger Brush"), QStringLiteral("]")), &QAction::triggered,
            canvas, [canvas] { canvas->brush()->growBrush(); });
    connect(canvasAction(brushMenu, tr("&Smaller Brush"), QStringLiteral("[")), &QAction::triggered,
            canvas, [canvas] { canvas->brush()->shrinkBrush(); });
    brushMenu->addSeparator();
    const struct {
        CanvasTool tool;
        QString text, key, name;
    } tools[] = {
        {CanvasTool::MaskBrush, tr("&Mask Brush"), QStringLiteral("M"), QStringLiteral("maskTool")},
        {CanvasTool::ColorBrush, tr("&Colour Brush"), QStringLiteral("B"),
         QStringLiteral("paintTool")},
        {CanvasTool::ColorPicker, tr("Colour &Picker"), QStringLiteral("I"),
         QStringLiteral("pickerTool")},
        {CanvasTool::Region, tr("&Region"), QStringLiteral("R"), QStringLiteral("regionTool")},
    };
    auto* toolGroup = new QActionGroup(this);
    for (const auto& t : tools) {
        QAction* a = canvasAction(brushMenu, t.text, t.key);
        a->setObjectName(t.name);
        a->setCheckable(true);
        a->setChecked(canvas->tool() == t.tool);
        a->setActionGroup(toolGroup);
        const CanvasTool tool = t.tool;
        connect(a, &QAction::triggered, canvas, [canvas, tool] { canvas->setTool(tool); });
        connect(canvas, &CanvasView::toolChanged, a,
                [a, tool](CanvasTool now) { a->setChecked(now == tool); });
    }
    RegionSelection* region = canvas->region();
    QAction* clearRegion = edit->addAction(tr("Clear Re&gion"), region, &RegionSelection::clear);
    clearRegion->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+D")));
    clearRegion->setObjectName(QStringLiteral("clearRegionAction"));
    QAction* expand = edit->addAction(tr("E&xpand Canvas…"), this, &MainWindow::askExpandCanvas);
    expand->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+E")));
    expand->setObjectName(QStringLiteral("expandCanvasAction"));
    maskMenu->addAction(tr("&Fill Mask"), mask, &MaskLayer::fill);
    maskMenu->addAction(tr("&Clear Mask"), QKeySequence(QStringLiteral("Ctrl+Shift+A")), mask,
                        &MaskLayer::clear);
    maskMenu->addAction(tr("&Invert Mask"), QKeySequence(QStringLiteral("Ctrl+I")), mask,
                        &MaskLayer::invert);
}

void MainWindow::buildToolBar() {
    QList<QAction*> tools;
    for (const char* name : {"maskTool", "paintTool", "pickerTool", "regionTool"})
        tools << findChild<QAction*>(QLatin1String(name));
    addToolBar(new CanvasToolBar(canvas_, tools,
                                 findChild<QAction*>(QStringLiteral("eraserAction")),
                                 findChild<QAction*>(QStringLiteral("showMaskAction")), this));
}

}  // namespace reverie::ui
