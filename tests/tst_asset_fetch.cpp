// labels: unit
// Asset downloads: SHA-256 against published vectors, the manifest against the real upstream CLIP
// files, and downloads from a local HTTP server (python3 -m http.server on 127.0.0.1) — a good
// file is stored, a corrupted, truncated or missing one is rejected and nothing is left behind.
#include <QProcess>
#include <QRegularExpression>
#include <filesystem>
#include <fstream>

#include "core/common/error.h"
#include "core/io/asset_download.h"
#include "core/io/asset_manifest.h"
#include "core/io/asset_resolver.h"
#include "core/io/sha256.h"
#include "tests/support/test_support.h"

namespace fs = std::filesystem;
using reverie::Error;
using namespace reverie::io;

namespace {

void write_file(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file below `dir`, relative, sorted; temporary downloads would show up here.
QStringList files_under(const fs::path& dir) {
    QStringList out;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out << QString::fromStdString(fs::relative(e.path(), dir).string());
    out.sort();
    return out;
}

fs::path fresh_dir(const std::string& name) {
    fs::path p = fs::path(reverie::test::scratch_dir()) / name;
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

// A deterministic payload larger than one libcurl write callback.
std::string payload(size_t n, char salt) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = char((i * 31 + size_t(salt)) & 0xff);
    return s;
}

AssetSpec spec_for(const std::string& relative, const std::string& bytes, bool with_size) {
    AssetSpec s;
    s.name = "test";
    s.relative_path = relative;
    s.url = "https://example.invalid/never-used";
    s.sha256 = sha256_hex(bytes);
    s.size = with_size ? int64_t(bytes.size()) : -1;
    s.purpose = "a test asset";
    return s;
}

// python3's http.server on 127.0.0.1 and a free port, serving `root`; stopped with the object.
class LocalHttpServer {
  public:
    explicit LocalHttpServer(const fs::path& root) {
        proc_.setProcessChannelMode(QProcess::MergedChannels);
        proc_.start("python3", {"-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                "--directory", QString::fromStdString(root.string())});
        if (!proc_.waitForStarted(10000)) return;
        QByteArray out;
        const QRegularExpression port_re("port (\\d+)");
        for (int i = 0; i < 100 && port_ == 0; ++i) {
            proc_.waitForReadyRead(100);
            out += proc_.readAll();
            const auto m = port_re.match(QString::fromUtf8(out));
            if (m.hasMatch()) port_ = m.captured(1).toInt();
        }
    }
    ~LocalHttpServer() {
        proc_.kill();
        proc_.waitForFinished(5000);
    }
    bool ok() const { return port_ != 0; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    QProcess proc_;
    int port_ = 0;
};

#define REQUIRE_SERVER(server)                                               \
    QVERIFY2((server).ok(),                                                  \
             "could not start python3 -m http.server on 127.0.0.1 (python3 " \
             "is in packaging/debian-build-deps.txt)")

DownloadOptions options_for(const fs::path& dest, const std::string& url_base) {
    DownloadOptions o;
    o.dest_dir = dest.string();
    o.url_base = url_base;
    return o;
}

// The error download_asset() throws, or "" when it succeeds.
QString download_error(const AssetSpec& spec, const DownloadOptions& options) {
    try {
        download_asset(spec, options);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestAssetFetch : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void sha256_vectors_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        // FIPS 180-2 / NIST examples.
        QTest::newRow("empty")
            << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc")
                             << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("448 bits")
            << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        QTest::newRow("million a")
            << QByteArray(1000000, 'a')
            << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    }
    void sha256_vectors() {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        // Streamed in uneven pieces: chunk boundaries must not matter.
        Sha256 h;
        for (int i = 0; i < input.size(); i += 4099)
            h.update(input.constData() + i, size_t(std::min(4099, int(input.size()) - i)));
        QCOMPARE(QString::fromStdString(h.hex_digest()), expected);
        QCOMPARE(QString::fromStdString(sha256_hex(input.toStdString())), expected);
    }

    void file_hash_matches_memory_hash() {
        const fs::path p = fresh_dir("hashfile") / "x.bin";
        const std::string bytes = payload(200000, 7);
        write_file(p, bytes);
        QCOMPARE(sha256_hex_of_file(p.string()), sha256_hex(bytes));
        QVERIFY_THROWS_EXCEPTION(Error, sha256_hex_of_file((p.parent_path() / "nope").string()));
    }

    // The pinned CLIP hashes and sizes are those of the real upstream files in shared/assets.
    void manifest_pins_the_upstream_clip_files() {
        REVERIE_REQUIRE_SHARED(vocab, "assets/clip/vocab.json");
        REVERIE_REQUIRE_SHARED(merges, "assets/clip/merges.txt");
        const auto clip = select_assets("clip");
        QCOMPARE(int(clip.size()), 2);
        for (const auto& spec : clip) {
            const std::string file = spec.relative_path == "clip/vocab.json" ? vocab : merges;
            QCOMPARE(QString::fromStdString(sha256_hex_of_file(file)),
                     QString::fromStdString(spec.sha256));
            QCOMPARE(int64_t(fs::file_size(file)), spec.size);
            qInfo("%s: %lld bytes, SHA-256 %s", spec.name.c_str(), (long long)spec.size,
                  spec.sha256.c_str());
        }
    }

    void manifest_is_consistent() {
        QSet<QString> names, paths;
        for (const auto& a : known_assets()) {
            QVERIFY2(QString::fromStdString(a.url).startsWith("https://"), a.url.c_str());
            QVERIFY(a.sha256.empty() || a.sha256.size() == 64);
            names << QString::fromStdString(a.name);
            paths << QString::fromStdString(a.relative_path);
        }
        QCOMPARE(names.size(), int(known_assets().size()));
        QCOMPARE(paths.size(), int(known_assets().size()));
        // The names the loaders ask the resolver for.
        QVERIFY(paths.contains("clip/vocab.json"));
        QVERIFY(paths.contains("clip/merges.txt"));
        QVERIFY(paths.contains("taesd/taesd_decoder.safetensors"));
        QCOMPARE(int(select_assets("taesd").size()), 2);
        QCOMPARE(int(select_assets("clip-merges").size()), 1);
        QCOMPARE(select_assets("").size(), known_assets().size());
        QVERIFY_THROWS_EXCEPTION(Error, select_assets("vae"));
        QCOMPARE(asset_url(known_assets()[0], "http://127.0.0.1:9/m/"),
                 std::string("http://127.0.0.1:9/m/clip/vocab.json"));
    }

    void user_assets_dir_follows_xdg() {
        const QByteArray old_data_home = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", "/tmp/xdg-data");
        QCOMPARE(user_assets_dir(), std::string("/tmp/xdg-data/reverie/assets"));
        const auto dirs = AssetResolver().search_dirs();
        QVERIFY(std::find(dirs.begin(), dirs.end(), user_assets_dir()) != dirs.end());
        qputenv("XDG_DATA_HOME", "relative/ignored");  // invalid per the XDG spec
        QCOMPARE(user_assets_dir(), qgetenv("HOME").toStdString() + "/.local/share/reverie/assets");
        if (old_data_home.isNull())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", old_data_home);
    }

    // A missing asset's error tells the user the command that fetches it.
    void missing_asset_error_names_the_fetch_command() {
        const fs::path empty = fresh_dir("empty-xdg");
        const QByteArray old_home = qgetenv("XDG_DATA_HOME"), old_dirs = qgetenv("XDG_DATA_DIRS");
        qputenv("XDG_DATA_HOME", QByteArray::fromStdString(empty.string()));
        qputenv("XDG_DATA_DIRS", QByteArray::fromStdString(empty.string()));
        QString error;
        try {
            AssetResolver(empty.string()).require("taesd/taesd_encoder.safetensors", "a test");
        } catch (const Error& e) {
            error = e.what();
        }
        qputenv("XDG_DATA_HOME", old_home);
        qputenv("XDG_DATA_DIRS", old_dirs);
        QVERIFY2(error.contains("reverie-cli assets fetch --only taesd-encoder"),
                 qPrintable(error));
    }

    void good_download_is_stored() {
        const fs::path root = fresh_dir("good-server"), dest = fresh_dir("good-dest");
        const std::string bytes = payload(300000, 1);
        write_file(root / "clip" / "vocab.json", bytes);
        LocalHttpServer server(root);
        REQUIRE_SERVER(server);
        const AssetSpec spec = spec_for("clip/vocab.json", bytes, true);
        int64_t last_progress = 0;
        DownloadOptions o = options_for(dest, server.base());
        o.progress = [&](int64_t got, int64_t total) {
            QCOMPARE(total, int64_t(bytes.size()));
            last_progress = got;
        };
        const auto r = download_asset(spec, o);
        QVERIFY(r.verified);
        QVERIFY(!r.already_present);
        QCOMPARE(r.bytes, int64_t(bytes.size()));
        QCOMPARE(last_progress, int64_t(bytes.size()));
        QCOMPARE(fs::path(r.path), dest / "clip" / "vocab.json");
        QVERIFY(read_file(r.path) == bytes);
        QCOMPARE(files_under(dest), QStringList{"clip/vocab.json"});
        qInfo("stored %lld bytes from %s", (long long)r.bytes, server.base().c_str());

        // A verified copy is not downloaded again: the server is not even asked.
        o.url_base = "http://127.0.0.1:9";
        const auto again = download_asset(spec, o);
        QVERIFY(again.already_present);
        QVERIFY(again.verified);
    }

    void corrupted_download_is_rejected_data() {
        QTest::addColumn<bool>("size_known");
        QTest::addColumn<int>("served_bytes");
        QTest::addColumn<QString>("message");
        QTest::newRow("flipped byte, size unknown") << false << 300000 << "SHA-256";
        QTest::newRow("flipped byte, size known") << true << 300000 << "SHA-256";
        QTest::newRow("truncated") << true << 200000 << "expected 300000";
        QTest::newRow("too long") << true << 400000 << "larger than expected";
    }
    void corrupted_download_is_rejected() {
        QFETCH(bool, size_known);
        QFETCH(int, served_bytes);
        QFETCH(QString, message);
        const fs::path root = fresh_dir("bad-server"), dest = fresh_dir("bad-dest");
        const std::string good = payload(300000, 2);
        std::string served = payload(size_t(served_bytes), 2);
        served[12345] ^= 0x20;
        write_file(root / "clip" / "merges.txt", served);
        // An older, wrong file already in place must survive a failed download untouched.
        write_file(dest / "clip" / "merges.txt", "old contents");
        LocalHttpServer server(root);
        REQUIRE_SERVER(server);
        const QString error = download_error(spec_for("clip/merges.txt", good, size_known),
                                             options_for(dest, server.base()));
        qInfo("rejected: %s", qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(error.contains("Nothing was saved") || error.contains("refused"));
        QCOMPARE(files_under(dest), QStringList{"clip/merges.txt"});
        QCOMPARE(read_file(dest / "clip" / "merges.txt"), std::string("old contents"));
    }

    void http_error_leaves_nothing() {
        const fs::path root = fresh_dir("empty-server"), dest = fresh_dir("404-dest");
        LocalHttpServer server(root);
        REQUIRE_SERVER(server);
        const QString error =
            download_error(spec_for("taesd/taesd_decoder.safetensors", "x", false),
                           options_for(dest, server.base()));
        QVERIFY2(error.contains("HTTP 404"), qPrintable(error));
        QCOMPARE(files_under(dest), QStringList{});
    }

    void unreachable_server_is_an_error() {
        const fs::path dest = fresh_dir("down-dest");
        // The discard port: nothing listens there.
        const QString error = download_error(spec_for("clip/vocab.json", "x", true),
                                             options_for(dest, "http://127.0.0.1:9"));
        QVERIFY2(error.contains("failed"), qPrintable(error));
        QCOMPARE(files_under(dest), QStringList{});
    }

    void unknown_hash_needs_trust() {
        const fs::path root = fresh_dir("trust-server"), dest = fresh_dir("trust-dest");
        const std::string bytes = payload(5000, 3);
        write_file(root / "taesd" / "taesd_encoder.safetensors", bytes);
        LocalHttpServer server(root);
        REQUIRE_SERVER(server);
        AssetSpec spec = spec_for("taesd/taesd_encoder.safetensors", bytes, false);
        spec.sha256.clear();
        DownloadOptions o = options_for(dest, server.base());
        const QString error = download_error(spec, o);
        QVERIFY2(error.contains("--trust-unverified"), qPrintable(error));
        QCOMPARE(files_under(dest), QStringList{});

        o.trust_unverified = true;
        const auto r = download_asset(spec, o);
        QVERIFY(!r.verified);
        QCOMPARE(r.sha256, sha256_hex(bytes));  // printed to the user to compare with upstream
        QVERIFY(read_file(r.path) == bytes);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestAssetFetch)
#include "tst_asset_fetch.moc"
