#pragma once
// Live painting (Krita AI Diffusion's live mode): while it is on, every finished stroke, layer
// change, prompt edit or setting change asks for a quick regeneration of the canvas (or of its
// region) at a low step count; a newer request cancels the one in flight. The result is offered
// as a half-transparent preview over the canvas, never as a layer of its own, until the user
// applies it. The window runs the jobs; this holds the state: the toggle, the pause that gathers
// a burst of edits into one request, the latest result and the stroke-to-picture latency.
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QString>

class QAction;
class QLabel;
class QSpinBox;
class QTimer;
class QToolBar;

namespace reverie::ui {

class LivePainting : public QObject {
    Q_OBJECT
  public:
    // The pause after the last edit before a regeneration is asked for.
    static constexpr int kPauseMs = 150;

    explicit LivePainting(QObject* parent = nullptr);

    // Live on/off, apply the result, the step count and the last latency, for a tool bar.
    void addTo(QToolBar* bar);
    QAction* toggleAction() const { return toggle_; }
    QAction* applyAction() const { return apply_; }
    QSpinBox* stepsSpin() const { return steps_; }
    bool isOn() const;
    int steps() const;

    // The latest result, as a layer of the canvas's size; null when there is none.
    const QImage& result() const { return result_; }
    const QString& resultParameters() const { return parameters_; }
    // Milliseconds from the edit that asked for the shown result to its arrival; -1 before one.
    qint64 lastLatencyMs() const { return latency_ms_; }

  public Q_SLOTS:
    // Something the picture depends on changed: a regeneration follows after kPauseMs without
    // further edits (nothing happens while live is off).
    void touch();
    // The result of the last requested regeneration arrived.
    void setResult(const QImage& layer, const QString& parameters);
    void clearResult();

  Q_SIGNALS:
    // Run a live regeneration now (the window cancels a live job in flight).
    void regenerate();
    // Live was switched off: live jobs waiting or running should stop.
    void stopped();
    // The shown result changed (null: none).
    void resultChanged(const QImage& layer);
    // The user applies `layer` to the canvas (the result is then cleared).
    void applied(const QImage& layer, const QString& parameters);

  private:
    QAction* toggle_;
    QAction* apply_;
    QSpinBox* steps_;
    QLabel* latency_label_ = nullptr;
    QTimer* pause_;
    QElapsedTimer clock_;
    qint64 first_edit_ms_ = -1;  // the oldest edit not yet asked for
    qint64 asked_edit_ms_ = -1;  // the edit the running request answers
    qint64 latency_ms_ = -1;
    QImage result_;
    QString parameters_;
};

}  // namespace reverie::ui
