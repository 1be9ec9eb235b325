// labels: unit
// A fixture for the honest_skips check, not a test of the engine. REVERIE_HONEST_FIXTURE chooses
// what its second function does beside a function that skips for missing shared data:
// pass (the default, as the suite runs it), fail, or skip too.
#include <QtTest/QtTest>
#include <cstdlib>
#include <string>

#include "tests/support/test_support.h"

namespace {

std::string mode() {
    const char* env = std::getenv("REVERIE_HONEST_FIXTURE");
    return env && *env ? env : "pass";
}

}  // namespace

class TestHonestSkipFixture : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void skipsForMissingSharedData() {
        REVERIE_REQUIRE_SHARED(path, "golden/no-such-file-for-the-honest-skips-fixture");
        QFAIL("the fixture's shared file must not exist");
    }

    void followsTheMode() {
        if (mode() == "fail") QFAIL("deliberate failure (REVERIE_HONEST_FIXTURE=fail)");
        if (mode() == "skip") {
            REVERIE_REQUIRE_SHARED(path, "golden/no-such-file-for-the-honest-skips-fixture");
        }
        QCOMPARE(mode(), std::string("pass"));
    }
};

REVERIE_TEST_GUILESS_MAIN(TestHonestSkipFixture)
#include "tst_honest_skip_fixture.moc"
