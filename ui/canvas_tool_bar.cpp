#include "ui/canvas_tool_bar.h"

#include <QColorDialog>
#include <QLabel>
#include <QPainter>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>

#include "ui/canvas_view.h"
#include "ui/color_brush.h"
#include "ui/mask_layer.h"

namespace reverie::ui {

namespace {

QIcon swatch(const QColor& c) {
    QPixmap p(20, 20);
    p.fill(Qt::transparent);
    QPainter painter(&p);
    painter.setPen(QColor(0, 0, 0, 160));
    painter.setBrush(c);
    painter.drawRect(1, 1, 17, 17);
    return QIcon(p);
}

QLabel* spaced(const QString& text) {
    return new QLabel(QStringLiteral("  ") + text + QStringLiteral(" "));
}

}  // namespace

CanvasToolBar::CanvasToolBar(CanvasView* canvas, const QList<QAction*>& toolActions,
                             QAction* eraser, QAction* showMask, QWidget* parent)
    : QToolBar(tr("Tools"), parent), canvas_(canvas) {
    setObjectName(QStringLiteral("MaskToolBar"));
    setMovable(false);
    addActions(toolActions);
    addSeparator();
    addWidget(new QLabel(tr("Brush") + QStringLiteral(" ")));
    size_ = new QSpinBox;
    size_->setObjectName(QStringLiteral("brushSize"));
    size_->setRange(1, 2048);
    size_->setSuffix(QStringLiteral(" px"));
    size_->setToolTip(tr("Brush size ([ and ])"));
    connect(size_, &QSpinBox::valueChanged, this, [this](int v) {
        if (!syncing_) canvas_->brush()->setBrushSize(v);
    });
    addWidget(size_);
    addWidget(spaced(tr("Hardness")));
    hardness_ = new QSlider(Qt::Horizontal);
    hardness_->setRange(0, 100);
    hardness_->setFixedWidth(100);
    connect(hardness_, &QSlider::valueChanged, this, [this](int v) {
        if (!syncing_) canvas_->brush()->setHardness(v / 100.0);
    });
    addWidget(hardness_);
    addAction(eraser);
    addSeparator();

    ColorBrush* paint = canvas_->colorBrush();
    color_ = new QToolButton;
    color_->setObjectName(QStringLiteral("brushColor"));
    color_->setToolTip(tr("Brush colour (Ctrl-click or I on the canvas to pick one)"));
    connect(color_, &QToolButton::clicked, this, [this, paint] {
        const QColor c = QColorDialog::getColor(paint->color(), this, tr("Brush colour"));
        if (c.isValid()) {
            paint->setColor(c);
            canvas_->setTool(CanvasTool::ColorBrush);
        }
    });
    addWidget(color_);
    addWidget(spaced(tr("Opacity")));
    opacity_ = new QSpinBox;
    opacity_->setObjectName(QStringLiteral("brushOpacity"));
    opacity_->setRange(1, 100);
    opacity_->setSuffix(QStringLiteral("%"));
    connect(opacity_, &QSpinBox::valueChanged, paint,
            [paint](int v) { paint->setOpacity(v / 100.0); });
    addWidget(opacity_);
    addSeparator();

    MaskLayer* mask = canvas_->mask();
    addWidget(new QLabel(tr("Mask") + QStringLiteral(" ")));
    addAction(tr("Fill"), mask, &MaskLayer::fill);
    addAction(tr("Clear"), mask, &MaskLayer::clear);
    addAction(tr("Invert"), mask, &MaskLayer::invert);
    addAction(showMask);

    connect(mask, &MaskLayer::brushChanged, this, &CanvasToolBar::syncFromBrush);
    connect(paint, &ColorBrush::brushChanged, this, &CanvasToolBar::syncFromBrush);
    connect(canvas_, &CanvasView::toolChanged, this, &CanvasToolBar::syncFromBrush);
    syncFromBrush();
}

void CanvasToolBar::syncFromBrush() {
    syncing_ = true;
    const BrushTool* b = canvas_->brush();
    size_->setValue(b->brushSize());
    hardness_->setValue(int(b->hardness() * 100 + 0.5));
    const ColorBrush* paint = canvas_->colorBrush();
    color_->setIcon(swatch(paint->color()));
    opacity_->setValue(int(paint->opacity() * 100 + 0.5));
    // The region tool paints nothing: the brush fields wait for a brush.
    const bool brush = canvas_->tool() != CanvasTool::Region;
    size_->setEnabled(brush);
    hardness_->setEnabled(brush);
    syncing_ = false;
}

}  // namespace reverie::ui
