#!/bin/sh
# Refreshes the .ts files from ui/ and app/ sources. Qt 6.4's lupdate does not understand C++17
# nested namespace declarations (`namespace reverie::ui {`), so it names contexts after the bare
# class; at run time tr() uses the QMetaObject name, so the Q_OBJECT contexts are qualified
# afterwards.
set -e
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
UI_CLASSES='AdapterBrowser|CanvasDocument|CanvasToolBar|CanvasView|ColorBrush|ControlPanel|HistoryModel|HistoryStrip|LayersPanel|LivePainting|MainWindow|MaskLayer|MaskOptionsBox|PromptPanel|PromptWeights|QueueModel|QueuePanel|SettingsDialog'
APP_CLASSES='Autosaver|GenerationWorker|StudioSession'
# Unqualify first so lupdate matches the existing translations instead of dropping them.
for ts in translations/reverie_*.ts; do
    [ -f "$ts" ] && sed -i -E -e "s#<name>reverie::ui::($UI_CLASSES)</name>#<name>\\1</name>#" \
        -e "s#<name>reverie::app::($APP_CLASSES)</name>#<name>\\1</name>#" "$ts"
done
"$LUPDATE" -no-obsolete -locations none ui app/worker app/gui \
    -ts translations/reverie_en.ts translations/reverie_zh_CN.ts
for ts in translations/reverie_*.ts; do
    sed -i -E -e "s#<name>($UI_CLASSES)</name>#<name>reverie::ui::\\1</name>#" \
        -e "s#<name>($APP_CLASSES)</name>#<name>reverie::app::\\1</name>#" "$ts"
done
