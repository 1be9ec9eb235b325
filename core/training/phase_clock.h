#pragma once
// Runs a training phase against a wall-clock budget and reports its progress.
#include <chrono>

#include "core/training/demo_recipe.h"

namespace reverie::training {

class PhaseClock {
  public:
    // A positive `budget_steps` ends the phase after that many steps instead of the clock.
    PhaseClock(std::string phase, double budget_seconds, const ProgressFn& progress,
               int64_t budget_steps = 0)
        : phase_(std::move(phase)),
          budget_(budget_seconds),
          budget_steps_(budget_steps),
          progress_(progress),
          start_(std::chrono::steady_clock::now()) {}

    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    // Fraction of the budget spent, for the learning-rate schedule.
    double fraction() const {
        if (budget_steps_ > 0) return double(steps_) / double(budget_steps_);
        return budget_ > 0 ? elapsed() / budget_ : 1.0;
    }
    bool done() const { return budget_steps_ > 0 ? steps_ >= budget_steps_ : elapsed() >= budget_; }

    // Records one step's loss (an exponential running mean) and reports about twice a second.
    void step(double loss) {
        ++steps_;
        mean_loss_ = steps_ == 1 ? loss : 0.95 * mean_loss_ + 0.05 * loss;
        const double now = elapsed();
        if (progress_ && (now - last_report_ >= 0.5 || done())) {
            last_report_ = now;
            // A step budget reports its progress as if its steps took the time spent so far.
            const double budget =
                budget_steps_ > 0 ? now / double(steps_) * double(budget_steps_) : budget_;
            progress_({phase_, steps_, now, budget, mean_loss_});
        }
    }

    PhaseReport report() const { return {phase_, steps_, elapsed(), mean_loss_}; }

  private:
    std::string phase_;
    double budget_;
    int64_t budget_steps_;
    ProgressFn progress_;
    std::chrono::steady_clock::time_point start_;
    int64_t steps_ = 0;
    double mean_loss_ = 0, last_report_ = -1;
};

}  // namespace reverie::training
