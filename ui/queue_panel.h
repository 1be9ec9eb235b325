#pragma once
// Jobs waiting for the engine, in order. The user can reorder (drag), remove, or take a job back
// into the prompt panel to edit it.
#include <QDockWidget>
#include <QImage>
#include <map>

#include "ui/generation_settings.h"

class QListWidget;
class QListWidgetItem;

namespace reverie::ui {

struct QueuedJob {
    GenerationSettings settings;
    QImage image;  // null for text to image
    QImage mask;   // null unless inpainting
    GenerationMode mode = GenerationMode::TextToImage;
};

class QueuePanel : public QDockWidget {
    Q_OBJECT
  public:
    explicit QueuePanel(QWidget* parent = nullptr);

    // At the end, or at the top (a failed job waiting for its retry).
    void enqueue(const QueuedJob& job, bool front = false);
    bool isEmpty() const { return jobs_.empty(); }
    int count() const { return int(jobs_.size()); }
    // The job at the top of the list, removed from it.
    QueuedJob takeNext();
    QListWidget* list() const { return list_; }

  public Q_SLOTS:
    void removeSelected();
    void clear();

  Q_SIGNALS:
    // The user wants to edit a queued job: it has left the queue.
    void jobTakenBack(const reverie::ui::QueuedJob& job);
    void countChanged(int count);

  private:
    QueuedJob take(QListWidgetItem* item);

    std::map<int, QueuedJob> jobs_;  // by the id stored in each list item
    int next_id_ = 0;
    QListWidget* list_;
};

}  // namespace reverie::ui
