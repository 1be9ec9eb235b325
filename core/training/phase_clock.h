#pragma once
// Runs a training phase against a wall-clock budget and reports its progress.
#include <chrono>

#include "core/training/demo_recipe.h"

namespace reverie::training {

class PhaseClock {
  public:
    PhaseClock(std::string phase, double budget_seconds, const ProgressFn& progress)
        : phase_(std::move(phase)),
          budget_(budget_seconds),
          progress_(progress),
          start_(std::chrono::steady_clock::now()) {}

    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    // Fraction of the budget spent, for the learning-rate schedule.
    double fraction() const { return budget_ > 0 ? elapsed() / budget_ : 1.0; }
    bool done() const { return elapsed() >= budget_; }

    // Records one step's loss (an exponential running mean) and reports about twice a second.
    void step(double loss) {
        ++steps_;
        mean_loss_ = steps_ == 1 ? loss : 0.95 * mean_loss_ + 0.05 * loss;
        const double now = elapsed();
        if (progress_ && (now - last_report_ >= 0.5 || done())) {
            last_report_ = now;
            progress_({phase_, steps_, now, budget_, mean_loss_});
        }
    }

    PhaseReport report() const { return {phase_, steps_, elapsed(), mean_loss_}; }

  private:
    std::string phase_;
    double budget_;
    ProgressFn progress_;
    std::chrono::steady_clock::time_point start_;
    int64_t steps_ = 0;
    double mean_loss_ = 0, last_report_ = -1;
};

}  // namespace reverie::training
