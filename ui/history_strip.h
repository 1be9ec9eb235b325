#pragma once
// A strip of thumbnails of this session's results; activating one brings it back.
#include <QDockWidget>
#include <QImage>
#include <vector>

class QListWidget;

namespace reverie::ui {

class HistoryStrip : public QDockWidget {
    Q_OBJECT
  public:
    explicit HistoryStrip(QWidget* parent = nullptr);

    void addImage(const QImage& image, const QString& parameters);
    int count() const { return int(entries_.size()); }
    QImage image(int index) const { return entries_.at(size_t(index)).image; }
    QString parameters(int index) const { return entries_.at(size_t(index)).parameters; }
    QListWidget* list() const { return list_; }

  Q_SIGNALS:
    void imageActivated(int index);

  private:
    struct Entry {
        QImage image;
        QString parameters;
    };
    std::vector<Entry> entries_;
    QListWidget* list_;
};

}  // namespace reverie::ui
