#pragma once
// A strip of thumbnails of results, a view of the studio's HistoryModel; activating one brings it
// back. Pictures live on disk and are read only when chosen, so a long history costs thumbnails,
// not images; a result is held in memory only until its file is written.
#include <QDockWidget>
#include <QImage>

#include "ui/history_model.h"

class QListView;

namespace reverie::ui {

class HistoryStrip : public QDockWidget {
    Q_OBJECT
  public:
    // `model` outlives the strip.
    explicit HistoryStrip(HistoryModel* model, QWidget* parent = nullptr);

    // A result held in memory (nothing writes it). `kind` says what the job did ("new",
    // "refine", "inpaint"); shown beside the number.
    void addImage(const QImage& image, const QString& parameters, const QString& kind = {});
    // An image kept on disk: `thumbnail` is shown, the file is read when the entry is chosen.
    void addFile(const QString& path, const QImage& thumbnail, const QString& parameters);
    // Bytes of full pictures held in memory (entries not on disk yet), for the memory test.
    qint64 heldImageBytes() const { return model_->heldImageBytes(); }
    int count() const { return model_->count(); }
    // The entry's image (read from its file when needed; null when the file has gone).
    QImage image(int index) const { return model_->image(index); }
    QString parameters(int index) const { return model_->at(index).parameters; }
    HistoryModel* model() const { return model_; }
    QListView* list() const { return list_; }

  Q_SIGNALS:
    void imageActivated(int index);

  private:
    HistoryModel* model_;
    QListView* list_;
};

}  // namespace reverie::ui
