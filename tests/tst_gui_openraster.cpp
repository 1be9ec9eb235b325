// labels: gui
// OpenRaster (.ora): a layered document saved and opened again keeps its layers (pixels, names,
// order, visibility, opacity, parameters); the file is a zip other programs read (mimetype
// first, stack.xml, PNG layers, mergedimage.png); broken or hostile files give a message.
#include <QFile>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest/QtTest>

#include "core/io/zip_archive.h"
#include "tests/support/solid_image.h"
#include "ui/canvas_document.h"
#include "ui/canvas_view.h"
#include "ui/main_window.h"
#include "ui/openraster.h"

using namespace reverie;
using namespace reverie::ui;

namespace {

QByteArray zip_of(const std::vector<io::ZipEntry>& entries) {
    const auto bytes = io::write_zip(entries);
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

std::vector<uint8_t> text(const char* s) {
    return std::vector<uint8_t>(s, s + std::strlen(s));
}

}  // namespace

class TestOpenRaster : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void layersRoundTrip() {
        QTemporaryDir dir;
        CanvasDocument doc;
        doc.reset(solid(24, 16, Qt::white), QStringLiteral("bg params"));
        QImage half(24, 16, QImage::Format_ARGB32_Premultiplied);
        half.fill(Qt::transparent);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 12; ++x) half.setPixel(x, y, qRgba(0, 0, 255, 255));
        doc.addLayer(half, QStringLiteral("blue “half”"), {}, QStringLiteral("a fox\nSeed: 7"));
        doc.addLayer(solid(24, 16, Qt::red), QStringLiteral("hidden red"));
        doc.setLayerVisible(2, false);
        doc.setLayerOpacity(1, 0.5);
        const QString path = dir.filePath(QStringLiteral("work.ora"));
        QCOMPARE(save_openraster(path, doc), QString());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        // mimetype is the first entry, stored, so `file` recognises the format.
        QCOMPARE(bytes.mid(30, 8), QByteArray("mimetype"));
        QCOMPARE(bytes.mid(38, 16), QByteArray("image/openraster"));

        QString error;
        const auto back = load_openraster(path, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size, QSize(24, 16));
        QCOMPARE(int(back->layers.size()), 3);
        QCOMPARE(back->layers[1].name, QStringLiteral("blue “half”"));
        QCOMPARE(back->layers[1].parameters, QStringLiteral("a fox\nSeed: 7"));
        QCOMPARE(back->layers[1].opacity, 0.5);
        QVERIFY(!back->layers[2].visible);
        QVERIFY(back->layers[0].visible);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(back->layers[size_t(i)].image.convertToFormat(QImage::Format_ARGB32),
                     doc.layer(i).image.convertToFormat(QImage::Format_ARGB32));

        // The studio opens it with its layers, and the flattened picture is the same.
        MainWindow w;
        QVERIFY(w.openImageFile(path));
        QCOMPARE(w.canvas()->document()->layerCount(), 3);
        QCOMPARE(w.canvas()->image().convertToFormat(QImage::Format_ARGB32),
                 doc.flattened().convertToFormat(QImage::Format_ARGB32));
        QVERIFY(w.canvas()->undoStack()->isClean());
        // And saves it again as .ora through the same path as PNG.
        QVERIFY(w.saveImageFile(dir.filePath(QStringLiteral("again.ora"))));
        QVERIFY(load_openraster(dir.filePath(QStringLiteral("again.ora")), &error));
    }

    void brokenFilesAreReported_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a zip") << QByteArray("hello, not a zip at all") << "not a zip";
        QTest::newRow("no stack") << zip_of({{"mimetype", text("image/openraster")}})
                                  << "no stack.xml";
        QTest::newRow("bad xml") << zip_of({{"stack.xml", text("<image w='4' h='4'><stack>")}})
                                 << "not valid";
        QTest::newRow("absurd size")
            << zip_of({{"stack.xml", text("<image w='900000' h='4'><stack/></image>")}})
            << "not usable";
        QTest::newRow("missing layer")
            << zip_of({{"stack.xml",
                        text("<image w='4' h='4'><stack><layer name='x' src='data/x.png'/>"
                             "</stack></image>")}})
            << "has no picture";
        QTest::newRow("layer not png")
            << zip_of({{"stack.xml", text("<image w='4' h='4'><stack><layer name='x' "
                                          "src='data/x.png'/></stack></image>")},
                       {"data/x.png", text("garbage")}})
            << "not a readable PNG";
        QByteArray truncated = zip_of({{"stack.xml", text("<image w='4' h='4'/>")}});
        truncated.chop(30);
        QTest::newRow("truncated") << truncated << "zip";
    }

    void brokenFilesAreReported() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!read_openraster(bytes, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }
};

QTEST_MAIN(TestOpenRaster)
#include "tst_gui_openraster.moc"
