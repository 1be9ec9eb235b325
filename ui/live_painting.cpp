#include "ui/live_painting.h"

#include <QAction>
#include <QLabel>
#include <QSpinBox>
#include <QTimer>
#include <QToolBar>

namespace reverie::ui {

LivePainting::LivePainting(QObject* parent)
    : QObject(parent),
      toggle_(new QAction(tr("Live"), this)),
      apply_(new QAction(tr("Apply Live Result"), this)),
      steps_(new QSpinBox),
      pause_(new QTimer(this)) {
    clock_.start();
    toggle_->setObjectName(QStringLiteral("liveAction"));
    toggle_->setCheckable(true);
    toggle_->setToolTip(
        tr("Live painting: every stroke or edit regenerates the picture quickly "
           "(shown over the canvas until applied)"));
    apply_->setObjectName(QStringLiteral("applyLiveAction"));
    apply_->setEnabled(false);
    apply_->setToolTip(tr("Keep the live result as a new layer"));
    steps_->setObjectName(QStringLiteral("liveSteps"));
    steps_->setRange(1, 50);
    // A few steps: what LCM / Lightning / Hyper models and the built-in model need.
    steps_->setValue(6);
    steps_->setPrefix(tr("Steps "));
    steps_->setToolTip(tr("Steps of a live regeneration"));
    pause_->setSingleShot(true);
    pause_->setInterval(kPauseMs);
    connect(pause_, &QTimer::timeout, this, [this] {
        asked_edit_ms_ = first_edit_ms_;
        first_edit_ms_ = -1;
        Q_EMIT regenerate();
    });
    connect(toggle_, &QAction::toggled, this, [this](bool on) {
        if (on) {
            touch();
            return;
        }
        pause_->stop();
        first_edit_ms_ = -1;
        clearResult();
        Q_EMIT stopped();
    });
    connect(steps_, &QSpinBox::valueChanged, this, &LivePainting::touch);
    connect(apply_, &QAction::triggered, this, [this] {
        if (result_.isNull()) return;
        const QImage layer = result_;
        const QString parameters = parameters_;
        clearResult();
        Q_EMIT applied(layer, parameters);
    });
}

void LivePainting::addTo(QToolBar* bar) {
    bar->setObjectName(QStringLiteral("liveToolBar"));
    bar->addAction(toggle_);
    bar->addWidget(steps_);
    bar->addAction(apply_);
    latency_label_ = new QLabel;
    latency_label_->setObjectName(QStringLiteral("liveLatency"));
    latency_label_->setMinimumWidth(60);
    bar->addWidget(latency_label_);
}

bool LivePainting::isOn() const {
    return toggle_->isChecked();
}

int LivePainting::steps() const {
    return steps_->value();
}

void LivePainting::touch() {
    if (!isOn()) return;
    if (first_edit_ms_ < 0) first_edit_ms_ = clock_.elapsed();
    pause_->start();
}

void LivePainting::setResult(const QImage& layer, const QString& parameters) {
    if (!isOn()) return;  // switched off while it ran
    result_ = layer;
    parameters_ = parameters;
    apply_->setEnabled(!layer.isNull());
    if (asked_edit_ms_ >= 0) {
        latency_ms_ = clock_.elapsed() - asked_edit_ms_;
        if (latency_label_)
            latency_label_->setText(tr("%1 s").arg(latency_ms_ / 1000.0, 0, 'f', 2));
    }
    Q_EMIT resultChanged(result_);
}

void LivePainting::clearResult() {
    const bool had = !result_.isNull();
    result_ = QImage();
    parameters_.clear();
    apply_->setEnabled(false);
    if (had) Q_EMIT resultChanged(result_);
}

}  // namespace reverie::ui
