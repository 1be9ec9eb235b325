#include "tests/support/test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>
#include <QXmlStreamReader>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace reverie::test {

std::string shared_dir() {
    if (const char* env = std::getenv("REVERIE_SHARED_DIR"); env && *env) return env;
    return REVERIE_SHARED_DIR;
}

std::string shared_path(const std::string& relative) {
    std::filesystem::path p = std::filesystem::path(shared_dir()) / relative;
    return std::filesystem::exists(p) ? p.string() : std::string();
}

std::string scratch_dir() {
    std::filesystem::path p = std::filesystem::path(REVERIE_TEST_TMP_DIR) /
                              QCoreApplication::applicationName().toStdString();
    std::filesystem::create_directories(p);
    return p.string();
}

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
    if (!a.defined() || !b.defined() || a.sizes() != b.sizes()) {
        std::ostringstream os;
        if (a.defined() && b.defined()) os << a.sizes() << " vs " << b.sizes();
        qWarning("shape mismatch: %s", os.str().c_str());
        return std::numeric_limits<double>::infinity();
    }
    auto da = a.detach().to(torch::kCPU, torch::kFloat64);
    auto db = b.detach().to(torch::kCPU, torch::kFloat64);
    if (!torch::isfinite(da).all().item<bool>() || !torch::isfinite(db).all().item<bool>())
        return std::numeric_limits<double>::infinity();
    if (da.numel() == 0) return 0.0;
    return (da - db).abs().max().item<double>();
}

long mapping_rss_kb(const void* addr) {
    std::ifstream smaps("/proc/self/smaps");
    const auto a = reinterpret_cast<uintptr_t>(addr);
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > 8) {
            inside = a >= lo && a < hi;
        } else if (inside && line.rfind("Rss:", 0) == 0) {
            return std::atol(line.c_str() + 4);
        }
    }
    return -1;
}

namespace {

// Options that choose Qt Test's output or only list what would run: with them the caller gets
// qExec's own result, since the run's XML log cannot be added beside them.
bool chooses_output_itself(int argc, char** argv) {
    static const char* const kOptions[] = {"-o",         "-txt",      "-csv",      "-xml",
                                           "-lightxml",  "-tap",      "-teamcity", "-junitxml",
                                           "-functions", "-datatags", "-help",     "--help"};
    for (int i = 1; i < argc; ++i)
        for (const char* option : kOptions)
            if (std::string(argv[i]) == option) return true;
    return false;
}

struct Outcome {
    int skipped = 0;  // skip incidents, initTestCase's included (it skips everything after it)
    int ran = 0;      // any other incident of a test function (pass, xfail, blacklisted...)
    bool read = false;
};

// Counts the incidents of Qt Test's XML log. initTestCase and cleanupTestCase always report a
// pass of their own, which says nothing about whether a test ran.
Outcome read_outcome(const QString& xml_path) {
    Outcome outcome;
    QFile file(xml_path);
    if (!file.open(QIODevice::ReadOnly)) return outcome;
    QXmlStreamReader xml(&file);
    QString function;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) continue;
        if (xml.name() == QLatin1String("TestCase")) outcome.read = true;
        if (xml.name() == QLatin1String("TestFunction"))
            function = xml.attributes().value(QLatin1String("name")).toString();
        if (xml.name() != QLatin1String("Incident")) continue;
        const auto type = xml.attributes().value(QLatin1String("type"));
        if (type == QLatin1String("skip"))
            ++outcome.skipped;
        else if (function != "initTestCase" && function != "cleanupTestCase")
            ++outcome.ran;
    }
    if (xml.hasError()) outcome.read = false;
    return outcome;
}

}  // namespace

int run_test_object(QObject* test, int argc, char** argv) {
    if (chooses_output_itself(argc, argv)) return QTest::qExec(test, argc, argv);

    QTemporaryFile log(QDir::tempPath() + "/reverie-test-XXXXXX.xml");
    if (!log.open()) return QTest::qExec(test, argc, argv);
    log.close();
    std::vector<std::string> args(argv, argv + argc);
    for (const std::string& extra : {std::string("-o"), std::string("-,txt"), std::string("-o"),
                                     log.fileName().toStdString() + ",xml"})
        args.push_back(extra);
    std::vector<char*> args_c;
    for (auto& a : args) args_c.push_back(a.data());

    const int failures = QTest::qExec(test, int(args_c.size()), args_c.data());
    // A failure count that happens to equal the skip code must still read as a failure.
    if (failures != 0) return failures == kSkippedExitCode ? failures + 1 : failures;
    const Outcome outcome = read_outcome(log.fileName());
    return outcome.read && outcome.skipped > 0 && outcome.ran == 0 ? kSkippedExitCode : 0;
}

}  // namespace reverie::test
