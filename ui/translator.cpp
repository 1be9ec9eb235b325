#include "ui/translator.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace reverie::ui {

bool install_translator(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    else
        delete qt;
    auto* studio = new QTranslator(&app);
    // QTranslator tries reverie_zh_CN, then reverie_zh, for the locale's UI languages.
    if (studio->load(locale, QStringLiteral("reverie"), QStringLiteral("_"),
                     QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(studio);
        return true;
    }
    delete studio;
    return false;
}

}  // namespace reverie::ui
