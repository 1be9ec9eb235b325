#pragma once
// Shared helpers for the Qt Test suites: where the goldens live, tensor comparison, scratch files.
#include <torch/torch.h>

#include <QtTest/QtTest>
#include <string>

namespace reverie::test {

// ../shared beside the project root (or $REVERIE_SHARED_DIR).
std::string shared_dir();
// shared_dir() + "/" + relative, or "" when it does not exist.
std::string shared_path(const std::string& relative);
// A fresh scratch folder under the build dir for this test binary.
std::string scratch_dir();

// Resident kilobytes of this process's mapping that contains `addr` (/proc/self/smaps), or -1.
long mapping_rss_kb(const void* addr);

// Largest |a-b|; +inf when shapes differ or either side has a NaN/Inf.
double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b);

// The exit code CTest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
constexpr int kSkippedExitCode = 77;

// QTest::qExec, then the honest verdict for CTest: the failure count when anything failed, 77 only
// when every test function skipped (the shared data is absent), 0 otherwise. A program that mixes
// golden cases with self-contained ones thus still reports a real failure as a failure: a skip
// never masks it (a regular expression on the output would). Qt's XML log, written to a scratch
// file beside the usual output, tells which functions passed, failed or skipped.
int run_test_object(QObject* test, int argc, char** argv);

}  // namespace reverie::test

// QTEST_GUILESS_MAIN / QTEST_MAIN with run_test_object's exit code.
#define REVERIE_TEST_MAIN_WITH(TestObject, Application)           \
    int main(int argc, char** argv) {                             \
        Application app(argc, argv);                              \
        TestObject tc;                                            \
        QTEST_SET_MAIN_SOURCE_PATH                                \
        return ::reverie::test::run_test_object(&tc, argc, argv); \
    }
#define REVERIE_TEST_GUILESS_MAIN(TestObject) REVERIE_TEST_MAIN_WITH(TestObject, QCoreApplication)

// Skips the current test loudly when a shared data file is missing (CTest reports the program as
// skipped when all of its functions skip, see run_test_object). Binds `var` to its full path
// otherwise.
#define REVERIE_REQUIRE_SHARED(var, relative)                                                      \
    const std::string var = ::reverie::test::shared_path(relative);                                \
    if (var.empty()) {                                                                             \
        const std::string reverie_skip_msg_ =                                                      \
            "SKIP-GOLDEN: shared data missing: " + ::reverie::test::shared_dir() + "/" + relative; \
        QSKIP(reverie_skip_msg_.c_str());                                                          \
    }

// Fails with both the error figure and the tolerance when two tensors are not close.
#define REVERIE_COMPARE_TENSORS(actual, expected, atol)                                            \
    do {                                                                                           \
        const double reverie_err_ = ::reverie::test::max_abs_diff((actual), (expected));           \
        qInfo("max abs error %-40s %.3g (tolerance %.1g)",                                         \
              QTest::currentDataTag() ? QTest::currentDataTag() : QTest::currentTestFunction(),    \
              reverie_err_, double(atol));                                                         \
        QVERIFY2(reverie_err_ <= (atol),                                                           \
                 qPrintable(                                                                       \
                     QString("max abs error %1 exceeds %2").arg(reverie_err_).arg(double(atol)))); \
    } while (0)
