#pragma once
// The studio's queue: jobs waiting for the engine, first runs first. The one list of waiting
// jobs: the window enqueues and takes the next, the queue panel shows and reorders it, the
// autosave reads it.
#include <QAbstractListModel>
#include <QImage>
#include <QRect>
#include <vector>

#include "ui/generation_settings.h"

namespace reverie::ui {

struct QueuedJob {
    GenerationSettings settings;
    QImage image;  // null for text to image
    QImage mask;   // null unless inpainting
    GenerationMode mode = GenerationMode::TextToImage;
    // The canvas rectangle the job renders (the region tool); empty: the whole canvas. The image
    // and mask are then the region's, scaled to the settings' width × height.
    QRect region;
    // A live-painting job: it replaces any live job waiting, and its result is offered as a
    // preview layer instead of landing in the history.
    bool live = false;
    // Why it failed last time; such a job waits for the user (Generate with the same settings
    // retries it) and the queue runs past it.
    QString failure;

    // The same request (what a retry of it would send).
    bool sameRequest(const QueuedJob& other) const;
};

class QueueModel : public QAbstractListModel {
    Q_OBJECT
  public:
    explicit QueueModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    // Display: a one-line summary; tool tip: the prompt.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    // Rows are dragged to reorder (a view in InternalMove mode moves them with moveRows).
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    bool moveRows(const QModelIndex& source, int row, int count, const QModelIndex& destination,
                  int child) override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

    bool isEmpty() const { return jobs_.empty(); }
    int count() const { return int(jobs_.size()); }
    const std::vector<QueuedJob>& jobs() const { return jobs_; }
    const QueuedJob& at(int row) const { return jobs_.at(size_t(row)); }

    // At the end, or at the top (a failed job waiting for its retry).
    void enqueue(const QueuedJob& job, bool front = false);
    // The job at `row`, removed.
    QueuedJob take(int row);
    // The job at the top, removed (an empty job when there is none).
    QueuedJob takeNext();
    // The first job that has not failed, or -1.
    int nextRunnable() const;
    void clear();

  Q_SIGNALS:
    void countChanged(int count);

  private:
    std::vector<QueuedJob> jobs_;
};

}  // namespace reverie::ui
