// labels: unit
// Reverie's CPU block cache: large tensors come from it and go back to it, a freed block serves the
// next request of any size (resized), the cache stays within its limit and empties on request, and
// the data a tensor holds is its own. Installed once for this whole process, with a small limit.
#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>
#include <QtTest/QtTest>

#include <thread>

#include "core/common/cpu_allocator.h"
#include "core/common/out_of_memory.h"
#include "tests/support/test_support.h"

using namespace reverie;

namespace {

constexpr size_t kMiB = size_t(1) << 20;
constexpr size_t kLimit = 64 * kMiB;

torch::Tensor floats(size_t bytes) {
    return torch::empty({int64_t(bytes / 4)}, torch::kFloat32);
}

}  // namespace

class TestCpuAllocator : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        CpuAllocatorOptions o;
        o.cache_limit_bytes = kLimit;
        if (!install_cpu_allocator(o))
            QSKIP(
                "SKIP: sanitizer build: LibTorch keeps malloc so AddressSanitizer sees its blocks");
        QVERIFY(cpu_allocator_installed());
    }

    void init() { empty_cpu_allocator_cache(); }

    void aFreedBlockIsReused() {
        const auto before = cpu_allocator_stats();
        void* first = nullptr;
        {
            auto t = floats(8 * kMiB);
            first = t.data_ptr();
            QCOMPARE(cpu_allocator_stats().misses, before.misses + 1);
        }
        QCOMPARE(cpu_allocator_stats().cached_bytes, 8 * kMiB);
        auto again = floats(8 * kMiB);
        QCOMPARE(again.data_ptr(), first);
        QCOMPARE(cpu_allocator_stats().hits, before.hits + 1);
        QCOMPARE(cpu_allocator_stats().cached_bytes, size_t(0));
    }

    // A request of another size takes a cached block and resizes it: no new mapping, and the
    // memory held follows the new size.
    void aBlockOfAnotherSizeIsResized() {
        { auto big = floats(12 * kMiB); }
        const auto before = cpu_allocator_stats();
        auto small = floats(4 * kMiB);
        auto after = cpu_allocator_stats();
        QCOMPARE(after.misses, before.misses);
        QCOMPARE(after.hits, before.hits + 1);
        QCOMPARE(after.mapped_bytes, before.mapped_bytes - 8 * kMiB);
        small.fill_(3.0f);
        { auto freed = std::move(small); }
        auto bigger = floats(20 * kMiB);
        after = cpu_allocator_stats();
        QCOMPARE(after.misses, before.misses);
        QCOMPARE(after.mapped_bytes, before.mapped_bytes + 8 * kMiB);
        bigger.fill_(1.0f);
        QCOMPARE(bigger.sum().item<double>(), double(bigger.numel()));
    }

    void smallTensorsStayWithMalloc() {
        const auto before = cpu_allocator_stats();
        auto t = torch::ones({1000});
        const auto after = cpu_allocator_stats();
        QCOMPARE(after.hits + after.misses, before.hits + before.misses);
        QCOMPARE(t.sum().item<double>(), 1000.0);
    }

    void theCacheStaysWithinItsLimit() {
        {
            std::vector<torch::Tensor> many;
            for (int i = 0; i < 5; ++i) many.push_back(floats(24 * kMiB));
        }
        QVERIFY(cpu_allocator_stats().cached_bytes <= kLimit);
        QVERIFY(cpu_allocator_stats().cached_bytes > 0);
        // A block larger than the whole cache goes straight back to the system.
        { auto huge = floats(2 * kLimit); }
        const auto after = cpu_allocator_stats();
        QVERIFY(after.cached_bytes <= kLimit);
        QCOMPARE(after.mapped_bytes, after.cached_bytes);
    }

    void releaseEmptiesTheCache() {
        { auto t = floats(16 * kMiB); }
        QVERIFY(cpu_allocator_stats().cached_bytes > 0);
        release_cached_memory();
        QCOMPARE(cpu_allocator_stats().cached_bytes, size_t(0));
    }

    // Every tensor keeps its own contents while others come and go in the same blocks.
    void tensorsKeepTheirData() {
        auto a = torch::full({int64_t(3 * kMiB)}, 1.0f);
        auto b = torch::full({int64_t(5 * kMiB)}, 2.0f);
        for (int i = 0; i < 20; ++i) {
            auto c = torch::full({int64_t((i % 4 + 1) * kMiB)}, float(i));
            QCOMPARE(c.max().item<float>(), float(i));
        }
        QCOMPARE(a.min().item<float>(), 1.0f);
        QCOMPARE(b.max().item<float>(), 2.0f);
        const auto x = torch::randn({512, 1024});
        QVERIFY(torch::allclose(torch::matmul(x, x.t()).diag(), (x * x).sum(1), 1e-4, 1e-3));
    }

    // LibTorch also allocates raw pointers through the CPU allocator; both sizes come back through
    // its raw deleter.
    void rawAllocationsRoundTrip() {
        auto* alloc = c10::GetCPUAllocator();
        for (size_t n : {size_t(100), 6 * kMiB}) {
            void* p = alloc->raw_allocate(n);
            QVERIFY(p);
            std::memset(p, 7, n);
            alloc->raw_deallocate(p);
        }
    }

    void threadsShareTheCache() {
        std::vector<std::thread> threads;
        std::atomic<int> wrong{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([t, &wrong] {
                for (int i = 0; i < 50; ++i) {
                    auto x = torch::full({int64_t((i % 3 + 1) * kMiB)}, float(t));
                    if (x.max().item<float>() != float(t) || x.min().item<float>() != float(t))
                        ++wrong;
                }
            });
        for (auto& th : threads) th.join();
        QCOMPARE(wrong.load(), 0);
    }
};

REVERIE_TEST_GUILESS_MAIN(TestCpuAllocator)
#include "tst_cpu_allocator.moc"
