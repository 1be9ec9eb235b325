#pragma once
// What the studio holds, as JSON, for the kill-and-restore test (reverie --dump-session): the
// prompt settings, the canvas and the mask as digests of their pixels, and the history entries.
// Comparing two dumps tells whether a restart brought the same work back.
#include <QImage>
#include <QJsonObject>

namespace reverie::ui {
class MainWindow;
}

namespace reverie::app {

class StudioSession;

QJsonObject session_state(const ui::MainWindow& window, const StudioSession& session);

// SHA-256 of the pixels in `format` (empty for a null image): equal for equal pictures whatever
// format they were read in.
QString pixel_digest(const QImage& image, QImage::Format format);

}  // namespace reverie::app
