#pragma once
// A strip of thumbnails of results; activating one brings it back. Results of earlier sessions
// are listed by file and read only when chosen, so a long history costs thumbnails, not images.
#include <QDockWidget>
#include <QImage>
#include <vector>

class QListWidget;

namespace reverie::ui {

class HistoryStrip : public QDockWidget {
    Q_OBJECT
  public:
    explicit HistoryStrip(QWidget* parent = nullptr);

    // `kind` says what the job did ("new", "refine", "inpaint"); shown beside the number.
    void addImage(const QImage& image, const QString& parameters, const QString& kind = {});
    // An image kept on disk: `thumbnail` is shown, the file is read when the entry is chosen.
    void addFile(const QString& path, const QImage& thumbnail, const QString& parameters);
    int count() const { return int(entries_.size()); }
    // The entry's image (read from its file when needed; null when the file has gone).
    QImage image(int index) const;
    QString parameters(int index) const { return entries_.at(size_t(index)).parameters; }
    QListWidget* list() const { return list_; }

  Q_SIGNALS:
    void imageActivated(int index);

  private:
    struct Entry {
        QImage image;  // null for entries kept on disk
        QString path;
        QString parameters;
    };
    void addItem(const QImage& thumbnail, const QString& parameters, const QString& kind);

    std::vector<Entry> entries_;
    QListWidget* list_;
};

}  // namespace reverie::ui
