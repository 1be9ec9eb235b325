// labels: unit
// Loading every supported format (orientation, alpha, bombs, corrupt files), saving, tensor
// conversion and A1111's resize modes. All pictures are made here with OpenCV.
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/image_io.h"
#include "core/image/image_resize.h"
#include "core/image/image_tensor.h"
#include "tests/support/test_support.h"

using namespace reverie::image;

namespace {

std::string scratch(const std::string& name) {
    return reverie::test::scratch_dir() + "/" + name;
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// 40x20 BGR: left half red, right half blue, one green pixel at (1, 1).
cv::Mat two_halves() {
    cv::Mat m(20, 40, CV_8UC3, cv::Scalar(0, 0, 255));
    m(cv::Rect(20, 0, 20, 20)).setTo(cv::Scalar(255, 0, 0));
    m.at<cv::Vec3b>(1, 1) = cv::Vec3b(0, 255, 0);
    return m;
}

// An APP1 Exif segment holding only IFD0 Orientation (little-endian TIFF).
std::vector<uint8_t> exif_orientation_segment(uint16_t orientation) {
    std::vector<uint8_t> tiff = {'I',
                                 'I',
                                 42,
                                 0,
                                 8,
                                 0,
                                 0,
                                 0,  // header, IFD0 at 8
                                 1,
                                 0,  // one entry
                                 0x12,
                                 0x01,
                                 3,
                                 0,
                                 1,
                                 0,
                                 0,
                                 0,  // tag 0x0112, SHORT, count 1
                                 uint8_t(orientation),
                                 0,
                                 0,
                                 0,
                                 0,
                                 0,
                                 0,
                                 0};  // value, next IFD
    std::vector<uint8_t> body = {'E', 'x', 'i', 'f', 0, 0};
    body.insert(body.end(), tiff.begin(), tiff.end());
    const size_t len = body.size() + 2;
    std::vector<uint8_t> seg = {0xFF, 0xE1, uint8_t(len >> 8), uint8_t(len & 0xFF)};
    seg.insert(seg.end(), body.begin(), body.end());
    return seg;
}

void expect_error(const std::string& path, const char* needle) {
    try {
        load_image(path);
    } catch (const reverie::Error& e) {
        qInfo("error as expected: %s", e.what());
        QVERIFY2(std::string(e.what()).find(path) != std::string::npos, "must name the file");
        QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
        return;
    }
    QFAIL(qPrintable(QString("no error for %1").arg(path.c_str())));
}

}  // namespace

class TestImageIo : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void losslessFormatsLoadExactly_data() {
        QTest::addColumn<QString>("ext");
        QTest::newRow("png") << ".png";
        QTest::newRow("bmp") << ".bmp";
        QTest::newRow("tiff") << ".tiff";
        QTest::newRow("webp lossless") << ".webp";
    }
    void losslessFormatsLoadExactly() {
        QFETCH(QString, ext);
        const cv::Mat bgr = two_halves();
        const std::string path = scratch("halves" + ext.toStdString());
        std::vector<int> params;
        if (ext == ".webp") params = {cv::IMWRITE_WEBP_QUALITY, 101};  // >100 means lossless
        QVERIFY(cv::imwrite(path, bgr, params));
        const LoadedImage img = load_image(path);
        QCOMPARE(img.rgb.width, 40);
        QCOMPARE(img.rgb.height, 20);
        QCOMPARE(img.rgb.channels, 3);
        QVERIFY(!img.transparent);
        QCOMPARE(img.rgb.at(5, 5, 0), uint8_t(255));  // red, in RGB order
        QCOMPARE(img.rgb.at(5, 5, 2), uint8_t(0));
        QCOMPARE(img.rgb.at(30, 5, 2), uint8_t(255));  // blue
        QCOMPARE(img.rgb.at(1, 1, 1), uint8_t(255));   // green dot
    }

    void jpegExifOrientationIsHonoured() {
        std::vector<uint8_t> jpeg;
        QVERIFY(cv::imencode(".jpg", two_halves(), jpeg, {cv::IMWRITE_JPEG_QUALITY, 98}));
        const auto seg = exif_orientation_segment(6);
        jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
        const std::string path = scratch("rotated.jpg");
        write_bytes(path, jpeg);
        const LoadedImage img = load_image(path);
        QCOMPARE(img.format, std::string("jpeg"));
        // Orientation 6: stored 40x20, shown rotated 90 degrees clockwise -> 20x40, the stored
        // left (red) half on top.
        QCOMPARE(img.rgb.width, 20);
        QCOMPARE(img.rgb.height, 40);
        QVERIFY(img.rgb.at(10, 5, 0) > 200 && img.rgb.at(10, 5, 2) < 60);
        QVERIFY(img.rgb.at(10, 35, 2) > 200 && img.rgb.at(10, 35, 0) < 60);

        // Orientation 1 leaves it alone; 3 turns it upside down.
        std::vector<uint8_t> plain;
        cv::imencode(".jpg", two_halves(), plain);
        const auto seg3 = exif_orientation_segment(3);
        plain.insert(plain.begin() + 2, seg3.begin(), seg3.end());
        write_bytes(scratch("upside.jpg"), plain);
        const LoadedImage up = load_image(scratch("upside.jpg"));
        QCOMPARE(up.rgb.width, 40);
        QVERIFY(up.rgb.at(5, 5, 2) > 200);  // blue now on the left
    }

    void pngAlphaIsKeptAndFlattened() {
        cv::Mat bgra(8, 8, CV_8UC4, cv::Scalar(0, 0, 255, 255));
        bgra(cv::Rect(0, 0, 4, 8)).setTo(cv::Scalar(0, 0, 255, 0));  // left half fully transparent
        bgra.at<cv::Vec4b>(7, 7) = cv::Vec4b(0, 0, 255, 128);
        const std::string path = scratch("alpha.png");
        QVERIFY(cv::imwrite(path, bgra));
        LoadOptions opts;
        opts.background = {0, 128, 0};
        const LoadedImage img = load_image(path, opts);
        QVERIFY(img.transparent);
        QCOMPARE(img.alpha.channels, 1);
        QCOMPARE(img.alpha.width, 8);
        QCOMPARE(img.alpha.at(0, 0), uint8_t(0));
        QCOMPARE(img.alpha.at(6, 0), uint8_t(255));
        QCOMPARE(img.rgb.at(0, 0, 0), uint8_t(0));  // background shows through
        QCOMPARE(img.rgb.at(0, 0, 1), uint8_t(128));
        QCOMPARE(img.rgb.at(6, 0, 0), uint8_t(255));  // opaque red untouched
        QCOMPARE(img.rgb.at(7, 7, 0), uint8_t(128));  // half over black
        QCOMPARE(img.rgb.at(7, 7, 1), uint8_t(64));   // half over 128
    }

    void grey16BitLoadsAsRgb8() {
        cv::Mat g(4, 4, CV_16UC1, cv::Scalar(65535));
        g.at<uint16_t>(0, 0) = 0;
        QVERIFY(cv::imwrite(scratch("g16.png"), g));
        const LoadedImage img = load_image(scratch("g16.png"));
        QCOMPARE(img.rgb.channels, 3);
        QCOMPARE(img.rgb.at(1, 1, 2), uint8_t(255));
        QCOMPARE(img.rgb.at(0, 0, 0), uint8_t(0));
    }

    void badFilesGiveErrorsNamingTheFile() {
        expect_error(scratch("does-not-exist.png"), "does not exist");
        write_bytes(scratch("empty.png"), {});
        expect_error(scratch("empty.png"), "empty");
        write_bytes(scratch("garbage.png"),
                    {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
        expect_error(scratch("garbage.png"), "supported format");

        std::vector<uint8_t> png;
        cv::imencode(".png", two_halves(), png);
        write_bytes(scratch("cut.png"), std::vector<uint8_t>(png.begin(), png.end() - 30));
        expect_error(scratch("cut.png"), "truncated");
        auto corrupt = png;  // IDAT payload scrambled, structure intact
        for (size_t i = 45; i < corrupt.size() - 20; ++i) corrupt[i] ^= 0x5A;
        write_bytes(scratch("corrupt.png"), corrupt);
        expect_error(scratch("corrupt.png"), "corrupt");

        std::vector<uint8_t> jpeg;
        cv::imencode(".jpg", two_halves(), jpeg);
        write_bytes(scratch("cut.jpg"),
                    std::vector<uint8_t>(jpeg.begin(), jpeg.begin() + long(jpeg.size() * 2 / 3)));
        expect_error(scratch("cut.jpg"), "truncated");
        write_bytes(scratch("head.jpg"), std::vector<uint8_t>(jpeg.begin(), jpeg.begin() + 4));
        expect_error(scratch("head.jpg"), "truncated");
    }

    void decompressionBombsAreRefusedFromTheHeader() {
        // A PNG whose IHDR claims 100000 x 100000; the rest does not even exist.
        std::vector<uint8_t> png;
        cv::imencode(".png", two_halves(), png);
        auto set_be32 = [&](size_t at, uint32_t v) {
            for (int i = 0; i < 4; ++i) png[at + i] = uint8_t(v >> (24 - 8 * i));
        };
        set_be32(16, 100000);
        set_be32(20, 100000);
        write_bytes(scratch("bomb.png"), png);
        expect_error(scratch("bomb.png"), "too large");
        set_be32(16, 16384);  // sides allowed, but 16384 x 16385 > 2^28 pixels
        set_be32(20, 16385);
        write_bytes(scratch("bomb2.png"), png);
        expect_error(scratch("bomb2.png"), "too large");

        std::vector<uint8_t> jpeg;
        cv::imencode(".jpg", two_halves(), jpeg);
        for (size_t i = 2; i + 9 < jpeg.size(); ++i)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
                jpeg[i + 5] = 0xFF;  // height 65535+
                jpeg[i + 7] = 0xFF;  // width
                break;
            }
        write_bytes(scratch("bomb.jpg"), jpeg);
        expect_error(scratch("bomb.jpg"), "too large");
    }

    void savesAreReadableAndAtomic() {
        Image img(12, 6, 3);
        for (size_t i = 0; i < img.data.size(); ++i) img.data[i] = uint8_t(i * 7);
        save_png(scratch("out.png"), img);
        QCOMPARE(load_image(scratch("out.png")).rgb.data, img.data);
        save_jpeg(scratch("out.jpg"), img, 90);
        QCOMPARE(load_image(scratch("out.jpg")).rgb.width, 12);
        save_webp(scratch("out.webp"), img, 101);
        QCOMPARE(load_image(scratch("out.webp")).rgb.data, img.data);
        Image rgba(3, 2, 4, 200);
        save_png(scratch("rgba.png"), rgba);
        QVERIFY(!load_image(scratch("rgba.png")).alpha.empty());
        QVERIFY(!QFile::exists(QString::fromStdString(scratch("out.png.part"))));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, save_png(scratch("no-such-dir/x.png"), img));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, save_png(scratch("empty-img.png"), Image()));
    }

    void tensorRoundTripIsExact() {
        Image img(16, 16, 3);
        for (size_t i = 0; i < img.data.size(); ++i) img.data[i] = uint8_t(i % 256);
        const torch::Tensor t = image_to_tensor(img);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 3, 16, 16}));
        QCOMPARE(t.min().item<float>(), -1.0f);
        QCOMPARE(t.max().item<float>(), 1.0f);
        // Channel-first: pixel (0, 0) red is byte 0, green byte 1.
        QCOMPARE(t[0][1][0][0].item<float>(), 1.0f / 255.0f * 2.0f - 1.0f);
        const Image back = tensor_to_image(t);
        QCOMPARE(back.data, img.data);
        int mismatches = 0;
        for (size_t i = 0; i < img.data.size(); ++i) mismatches += back.data[i] != img.data[i];
        qInfo("8-bit round trip: %d of %zu values differ", mismatches, img.data.size());

        // Out-of-range, NaN and half-way values: clamp, then round as torch/numpy do.
        // [3, 1, 2]: pixel 0 = (-3, 3, 0), pixel 1 = (NaN, 0, 1/255).
        const auto odd =
            torch::tensor({-3.0f, std::nanf(""), 3.0f, 0.0f, 0.0f, 1.0f / 255.0f}).view({3, 1, 2});
        const Image o = tensor_to_image(odd);
        QCOMPARE(o.at(0, 0, 0), uint8_t(0));
        QCOMPARE(o.at(0, 0, 1), uint8_t(255));
        QCOMPARE(o.at(1, 0, 0), uint8_t(128));  // NaN counts as 0: mid-grey
        QCOMPARE(o.at(0, 0, 2), uint8_t(128));  // 127.5 rounds half to even
        QCOMPARE(o.at(1, 0, 2), uint8_t(128));  // 127.5 + 0.5 = 128
        const auto batch = tensor_to_images(torch::zeros({2, 3, 4, 5}));
        QCOMPARE(batch.size(), size_t(2));
        QCOMPARE(batch[1].width, 5);
    }

    void resizeModesFollowA1111() {
        // 200x100 picture: left half black, right half white, red top row.
        Image img(200, 100, 3, 0);
        for (int y = 0; y < 100; ++y)
            for (int x = 100; x < 200; ++x)
                for (int c = 0; c < 3; ++c) img.at(x, y, c) = 255;
        for (int x = 0; x < 200; ++x)
            img.at(x, 0, 0) = 255, img.at(x, 0, 1) = 0, img.at(x, 0, 2) = 0;

        const Image just = resize_to(img, 64, 64, ResizeMode::JustResize);
        QCOMPARE(just.width, 64);
        QCOMPARE(just.height, 64);

        // Cover: scaled to 200x100 (already), centre 100x100 cut: 50 black columns then white.
        const Image crop = resize_to(img, 100, 100, ResizeMode::CropAndResize);
        QCOMPARE(crop.width, 100);
        QCOMPARE(crop.height, 100);
        QCOMPARE(crop.at(49, 50, 0), uint8_t(0));
        QCOMPARE(crop.at(50, 50, 0), uint8_t(255));
        QCOMPARE(crop.at(10, 0, 1), uint8_t(0));  // red row kept at the top

        // Fill: scaled to 100x50 pasted at y = 25; bars repeat the edge rows.
        const Image fill = resize_to(img, 100, 100, ResizeMode::ResizeAndFill);
        QCOMPARE(fill.width, 100);
        QCOMPARE(fill.height, 100);
        QCOMPARE(fill.at(10, 0, 0), fill.at(10, 25, 0));
        QCOMPARE(fill.at(10, 0, 1), fill.at(10, 25, 1));
        QCOMPARE(fill.at(90, 99, 0), fill.at(90, 74, 0));
        QCOMPARE(fill.at(10, 60, 0), uint8_t(0));
        QCOMPARE(fill.at(90, 60, 0), uint8_t(255));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestImageIo)
#include "tst_image_io.moc"
