// Runs a function over independent samples on all cores. Each worker owns a
// state object (its partial statistics); the caller merges the states in
// worker order, so with order-independent statistics (integer counts,
// min/max, per-sample slots) the result never depends on thread count or
// timing.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tinyc::ptq {

/// Threads to use for `n` samples: all cores, at most one per sample, at least one.
size_t worker_count(size_t n);

/// Calls work(state, i) for every i in [0, n), spreading samples over
/// workers, each with its own State made by make_state(). After every sample,
/// `progress` (if set) is called with the number done so far, serialized.
/// On an exception, workers stop taking new samples and, once all have
/// stopped, the exception of the lowest failing sample index is rethrown.
/// Returns one State per worker.
template <class State>
std::vector<State> for_each_sample(size_t n, const std::function<State()>& make_state,
                                   const std::function<void(State&, size_t)>& work,
                                   const std::function<void(size_t)>& progress = nullptr) {
  const size_t workers = worker_count(n);
  std::vector<State> states;
  states.reserve(workers);
  for (size_t w = 0; w < workers; ++w) states.push_back(make_state());

  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex mu;  // guards done, progress calls and the first error
  size_t done = 0;
  size_t error_index = n;
  std::exception_ptr error;

  auto run = [&](size_t w) {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= n || failed.load()) return;
      try {
        work(states[w], i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        failed = true;
        if (i < error_index) {
          error_index = i;
          error = std::current_exception();
        }
        return;
      }
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (progress) progress(done);
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return states;
}

}  // namespace tinyc::ptq
