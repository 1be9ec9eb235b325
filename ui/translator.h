#pragma once
#include <QString>

class QApplication;

namespace reverie::ui {

// Loads the studio's translation for `language` ("zh_CN"; empty = the system locale) from the
// embedded :/i18n/reverie_<language>.qm, plus Qt's own strings when installed. Returns whether a
// studio translation was installed (English needs none).
bool install_translator(QApplication& app, const QString& language = QString());

}  // namespace reverie::ui
