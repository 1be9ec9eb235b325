#pragma once
// A view of the studio's queue (QueueModel): jobs waiting for the engine, in order. The user can
// reorder (drag), remove, or take a job back into the prompt panel to edit it.
#include <QDockWidget>

#include "ui/queue_model.h"

class QListView;

namespace reverie::ui {

class QueuePanel : public QDockWidget {
    Q_OBJECT
  public:
    // `model` outlives the panel.
    explicit QueuePanel(QueueModel* model, QWidget* parent = nullptr);

    QueueModel* model() const { return model_; }
    QListView* list() const { return list_; }

  public Q_SLOTS:
    void removeSelected();
    void clear();

  Q_SIGNALS:
    // The user wants to edit a queued job: it has left the queue.
    void jobTakenBack(const reverie::ui::QueuedJob& job);

  private:
    QueueModel* model_;
    QListView* list_;
};

}  // namespace reverie::ui
