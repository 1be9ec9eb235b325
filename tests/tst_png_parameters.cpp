// labels: unit
// PNG text chunks and AUTOMATIC1111's infotext: exact round trips, and hostile files survived.
#include <zlib.h>
#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "core/common/error.h"
#include "core/image/generation_parameters.h"
#include "core/image/image_io.h"
#include "core/image/png_parameters.h"
#include "core/image/sampler_names.h"
#include "tests/support/test_support.h"

using namespace reverie::image;

namespace {

std::vector<uint8_t> opencv_png() {
    cv::Mat m(16, 24, CV_8UC3, cv::Scalar(10, 200, 30));
    std::vector<uint8_t> bytes;
    cv::imencode(".png", m, bytes);
    return bytes;
}

std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Offset of the first chunk of that type, or 0.
size_t find_chunk(const std::vector<uint8_t>& png, const char* type) {
    for (size_t i = 8; i + 8 <= png.size(); ++i)
        if (std::memcmp(png.data() + i + 4, type, 4) == 0) return i;
    return 0;
}

const char* kRealInfotext =
    "masterpiece, best quality, (portrait:1.2) of a woman, red hair, <lora:detail:0.6>\n"
    "Negative prompt: lowres, bad anatomy, (worst quality:1.4)\n"
    "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 3527807357, Size: 512x768, "
    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.45, Clip skip: 2, "
    "Hires upscale: 2, Hires upscaler: Latent, Lora hashes: \"detail: 62f4d26d1d4c\", "
    "Version: v1.6.0";

}  // namespace

class TestPngParameters : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void textChunkRoundTripThroughOpenCvPng() {
        const std::vector<uint8_t> png = opencv_png();
        const std::string params =
            "a cat, oil painting\nNegative prompt: blurry\nSteps: 20, "
            "Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 24x16";
        const std::string unicode = "café – 猫 🐈";
        auto patched = insert_png_text(png, {{"parameters", params}, {"comment", unicode}});
        QVERIFY(patched.size() > png.size());
        // Inserted before the first IDAT.
        QVERIFY(find_chunk(patched, "tEXt") < find_chunk(patched, "IDAT"));
        QVERIFY(find_chunk(patched, "iTXt") < find_chunk(patched, "IDAT"));

        const std::string path = reverie::test::scratch_dir() + "/params.png";
        write_bytes(path, patched);
        auto chunks = read_png_text_file(path);
        QCOMPARE(chunks.size(), size_t(2));
        QCOMPARE(chunks[0].first, std::string("parameters"));
        QCOMPARE(chunks[0].second, params);
        QCOMPARE(chunks[1].second, unicode);
        QCOMPARE(read_png_parameters(path).value_or(""), params);

        // OpenCV still decodes the patched file (CRCs right), pixels intact.
        cv::Mat back = cv::imread(path, cv::IMREAD_COLOR);
        QCOMPARE(back.cols, 24);
        QCOMPARE(back.at<cv::Vec3b>(3, 3), cv::Vec3b(10, 200, 30));

        // Writing again replaces rather than duplicates.
        auto twice = insert_png_text(patched, {{"parameters", "new"}});
        auto again = read_png_text(twice.data(), twice.size());
        QCOMPARE(again.size(), size_t(2));
        QCOMPARE(again[1].first, std::string("parameters"));
        QCOMPARE(again[1].second, std::string("new"));
    }

    void savePngWritesTextAtomically() {
        Image img(8, 4, 3, 77);
        const std::string path = reverie::test::scratch_dir() + "/saved.png";
        save_png(path, img, {{"parameters", kRealInfotext}});
        QCOMPARE(read_png_parameters(path).value_or(""), std::string(kRealInfotext));
        QVERIFY(!std::ifstream(path + ".part").good());
        const LoadedImage back = load_image(path);
        QCOMPARE(back.rgb.data, img.data);
    }

    void readsLatin1TextAndCompressedChunks() {
        // A hand-built zTXt and a Latin-1 tEXt (as PIL writes "café" when it fits Latin-1).
        std::vector<uint8_t> png = opencv_png();
        auto add = [&](const char* type, const std::string& body) {
            const size_t at = find_chunk(png, "IDAT");
            std::vector<uint8_t> chunk;
            for (int s = 24; s >= 0; s -= 8) chunk.push_back(uint8_t(body.size() >> s));
            chunk.insert(chunk.end(), type, type + 4);
            chunk.insert(chunk.end(), body.begin(), body.end());
            const uint32_t crc = uint32_t(crc32(0, chunk.data() + 4, uInt(body.size() + 4)));
            for (int s = 24; s >= 0; s -= 8) chunk.push_back(uint8_t(crc >> s));
            png.insert(png.begin() + long(at), chunk.begin(), chunk.end());
        };
        add("tEXt", std::string("Title\0caf\xe9", 10));
        const std::string text = "compressed parameters, Steps: 5";
        std::vector<uint8_t> z(compressBound(uLong(text.size())));
        uLongf zlen = uLongf(z.size());
        compress(z.data(), &zlen, reinterpret_cast<const Bytef*>(text.data()), uLong(text.size()));
        add("zTXt",
            std::string("parameters\0\0", 12) + std::string(z.begin(), z.begin() + long(zlen)));
        add("iTXt",
            std::string("Note\0\x01\0en\0\0", 11) + std::string(z.begin(), z.begin() + long(zlen)));
        // Compressed text that is not zlib, and a zlib bomb beyond the 16 MiB cap: both skipped.
        add("zTXt", std::string("broken\0\0", 8) + "not zlib at all");
        const std::string zeros(size_t(20) << 20, '\0');
        std::vector<uint8_t> bomb(compressBound(uLong(zeros.size())));
        uLongf blen = uLongf(bomb.size());
        compress(bomb.data(), &blen, reinterpret_cast<const Bytef*>(zeros.data()),
                 uLong(zeros.size()));
        add("zTXt",
            std::string("bomb\0\0", 6) + std::string(bomb.begin(), bomb.begin() + long(blen)));
        auto chunks = read_png_text(png.data(), png.size());
        QCOMPARE(chunks.size(), size_t(3));
        QCOMPARE(chunks[0].second, std::string("caf\xc3\xa9"));
        QCOMPARE(chunks[1].second, text);
        QCOMPARE(chunks[2].first, std::string("Note"));
        QCOMPARE(chunks[2].second, text);
    }

    void hostileChunksNeitherCrashNorOverRead() {
        auto good = insert_png_text(opencv_png(), {{"parameters", "hello, world"}});
        const size_t at = find_chunk(good, "tEXt");
        QVERIFY(at > 0);

        // A length running far past the end of the file.
        auto huge = good;
        huge[at] = 0x7f;
        QVERIFY(read_png_text(huge.data(), huge.size()).empty());
        QVERIFY_THROWS_EXCEPTION(reverie::Error, insert_png_text(huge, {{"parameters", "x"}}));
        // Above the spec's 2^31-1.
        auto over = good;
        over[at] = 0xff;
        QVERIFY(read_png_text(over.data(), over.size()).empty());
        // A length off by a few bytes: the CRC no longer matches, the chunk is skipped.
        auto shifted = good;
        shifted[at + 3] = uint8_t(shifted[at + 3] - 3);
        QVERIFY(read_png_text(shifted.data(), shifted.size()).empty());
        // Bad CRC.
        auto bad_crc = good;
        bad_crc[at + 8 + 3] ^= 0x55;
        QVERIFY(read_png_text(bad_crc.data(), bad_crc.size()).empty());
        // Every truncation of the file.
        for (size_t n = 0; n < good.size(); ++n) {
            std::vector<uint8_t> cut(good.begin(), good.begin() + long(n));
            auto chunks = read_png_text(cut.data(), cut.size());
            QVERIFY(chunks.size() <= 1);
        }
        // Raw chunk bytes without a PNG signature are not parsed at all.
        std::string body = std::string("parameters\0\0", 12) + "not zlib at all";
        QVERIFY(read_png_text(reinterpret_cast<const uint8_t*>(body.data()), body.size()).empty());
        // Not a PNG at all.
        QVERIFY_THROWS_EXCEPTION(reverie::Error, insert_png_text({1, 2, 3}, {{"parameters", "x"}}));
        const std::string path = reverie::test::scratch_dir() + "/not.png";
        write_bytes(path, {'G', 'I', 'F', '8'});
        QVERIFY_THROWS_EXCEPTION(reverie::Error, read_png_text_file(path));
        QVERIFY_THROWS_EXCEPTION(reverie::Error, insert_png_text(good, {{"", "empty key"}}));
    }

    void infotextRoundTrip_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("negative");
        QTest::addColumn<QString>("model");
        QTest::newRow("plain") << "a cat"
                               << "blurry"
                               << "sd15";
        QTest::newRow("multi-line prompt") << "a cat\non a mat\n(best quality)"
                                           << "ugly\nbad hands"
                                           << "m";
        QTest::newRow("no negative") << "a lone prompt, with commas"
                                     << ""
                                     << "";
        QTest::newRow("model with comma and colon") << "x"
                                                    << "y"
                                                    << "my, model: v2 \"final\"";
        QTest::newRow("unicode") << "猫, café"
                                 << "ゴミ"
                                 << "모델";
    }
    void infotextRoundTrip() {
        QFETCH(QString, prompt);
        QFETCH(QString, negative);
        QFETCH(QString, model);
        GenerationParameters p;
        p.prompt = prompt.toStdString();
        p.negative_prompt = negative.toStdString();
        p.model = model.toStdString();
        p.steps = 33;
        p.sampler = "dpmpp_2m_sde";
        p.karras = true;
        p.cfg_scale = 7.5;
        p.seed = 18446744073709551615ull;
        p.width = 640;
        p.height = 384;
        p.model_hash = "abcdef1234";
        p.clip_skip = 2;
        p.denoising_strength = 0.75;
        p.extra = {{"Hires upscaler", "R-ESRGAN 4x+"}, {"Note", "a, b: c\nd"}, {"Version", "1"}};
        const std::string text = to_a1111_text(p);
        qInfo("%s", text.c_str());
        const GenerationParameters q = parse_a1111_text(text);
        QCOMPARE(q.prompt, p.prompt);
        QCOMPARE(q.negative_prompt, p.negative_prompt);
        QCOMPARE(q.model, p.model);
        QCOMPARE(q.steps, p.steps);
        QCOMPARE(q.sampler, p.sampler);
        QCOMPARE(q.karras, p.karras);
        QCOMPARE(q.cfg_scale, p.cfg_scale);
        QCOMPARE(q.seed, p.seed);
        QCOMPARE(q.width, p.width);
        QCOMPARE(q.height, p.height);
        QCOMPARE(q.model_hash, p.model_hash);
        QCOMPARE(q.clip_skip, p.clip_skip);
        QVERIFY(q.denoising_strength && *q.denoising_strength == 0.75);
        QVERIFY(q.extra == p.extra);
        QCOMPARE(to_a1111_text(q), text);
    }

    void writesA1111FormatExactly() {
        GenerationParameters p;
        p.prompt = "a photo of a cat";
        p.negative_prompt = "blurry";
        p.seed = 123;
        p.model_hash = "6ce0161689";
        p.model = "v1-5";
        p.denoising_strength = 0.75;
        p.clip_skip = 2;
        QCOMPARE(to_a1111_text(p),
                 std::string("a photo of a cat\nNegative prompt: blurry\nSteps: 20, Sampler: "
                             "Euler a, CFG scale: 7, Seed: 123, Size: 512x512, Model hash: "
                             "6ce0161689, Model: v1-5, Denoising strength: 0.75, Clip skip: 2"));
        p.negative_prompt.clear();
        p.denoising_strength.reset();
        p.clip_skip = 1;
        p.model = "a, b";
        QCOMPARE(to_a1111_text(p),
                 std::string("a photo of a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: "
                             "123, Size: 512x512, Model hash: 6ce0161689, Model: \"a, b\""));
        QCOMPARE(a1111_quote("plain"), std::string("plain"));
        QCOMPARE(a1111_quote("say \"hi\", ok"), std::string("\"say \\\"hi\\\", ok\""));
    }

    void parsesRealLookingInfotext() {
        const GenerationParameters p = parse_a1111_text(kRealInfotext);
        QCOMPARE(p.prompt, std::string("masterpiece, best quality, (portrait:1.2) of a woman, red "
                                       "hair, <lora:detail:0.6>"));
        QCOMPARE(p.negative_prompt, std::string("lowres, bad anatomy, (worst quality:1.4)"));
        QCOMPARE(p.steps, 28);
        QCOMPARE(p.sampler, std::string("dpmpp_2m"));
        QVERIFY(p.karras);
        QCOMPARE(p.cfg_scale, 6.5);
        QCOMPARE(p.seed, uint64_t(3527807357ull));
        QCOMPARE(p.width, 512);
        QCOMPARE(p.height, 768);
        QCOMPARE(p.model_hash, std::string("6ce0161689"));
        QCOMPARE(p.model, std::string("v1-5-pruned-emaonly"));
        QCOMPARE(p.clip_skip, 2);
        QVERIFY(p.denoising_strength && *p.denoising_strength == 0.45);
        QCOMPARE(p.extra.size(), size_t(4));
        QCOMPARE(p.extra[0].first, std::string("Hires upscale"));
        QCOMPARE(p.extra[2].first, std::string("Lora hashes"));
        QCOMPARE(p.extra[2].second, std::string("detail: 62f4d26d1d4c"));
        QCOMPARE(p.extra[3].second, std::string("v1.6.0"));
        QCOMPARE(to_a1111_text(p), std::string(kRealInfotext));

        // Newer A1111: the scheduler on its own key.
        const auto q = parse_a1111_text(
            "cat\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, "
            "CFG scale: 7, Seed: 5, Size: 512x512");
        QCOMPARE(q.sampler, std::string("dpmpp_2m"));
        QVERIFY(q.karras);
        // Fewer than 3 settings: the last line belongs to the prompt.
        const auto r = parse_a1111_text("a cat\nstyle: baroque, mood: dark");
        QCOMPARE(r.prompt, std::string("a cat\nstyle: baroque, mood: dark"));
        QVERIFY(r.extra.empty());
        // An unknown sampler survives verbatim; a bad number lands in extra.
        const auto s = parse_a1111_text("x\nSteps: lots, Sampler: Restart, CFG scale: 7, Seed: 1");
        QCOMPARE(s.sampler, std::string("Restart"));
        QCOMPARE(s.extra.size(), size_t(1));
        QCOMPARE(s.extra[0].first, std::string("Steps"));
        // Garbage never throws.
        parse_a1111_text("");
        parse_a1111_text(std::string(100000, ','));
        parse_a1111_text("Key: \"unterminated, A: 1, B: 2, C: \"\\u12");
    }

    void samplerNamesMap() {
        const std::pair<const char*, SamplerChoice> cases[] = {
            {"Euler a", {"euler_a", false}},
            {"Euler", {"euler", false}},
            {"DPM++ 2M Karras", {"dpmpp_2m", true}},
            {"DPM++ 2M", {"dpmpp_2m", false}},
            {"DDIM", {"ddim", false}},
            {"PLMS", {"pndm", false}},
            {"Heun", {"heun", false}},
            {"LMS", {"lms", false}},
            {"UniPC", {"unipc", false}},
            {"LCM", {"lcm", false}},
            {"DPM++ 2M SDE Karras", {"dpmpp_2m_sde", true}},
        };
        for (const auto& [label, choice] : cases) {
            const auto got = sampler_from_a1111(label);
            QVERIFY2(got && *got == choice, label);
            QCOMPARE(sampler_to_a1111(choice).value_or(""), std::string(label));
        }
        QVERIFY(!sampler_from_a1111("Karras"));
        QVERIFY(!sampler_from_a1111("Restart"));
        QVERIFY(!sampler_to_a1111({"nope", false}));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestPngParameters)
#include "tst_png_parameters.moc"
