#include "calibrate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "histogram.h"
#include "parallel_samples.h"
#include "tinyc/error.h"
#include "tinyc/reference.h"

namespace tinyc::ptq {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using RangeMap = std::unordered_map<std::string, FloatRange>;
using HistogramMap = std::unordered_map<std::string, Histogram>;

// Calls fn(name, tensor) for each float activation of one sample: the graph
// inputs, then every float output of every node.
template <class Fn>
void run_observed(const Graph& g, const std::vector<Tensor>& inputs, Fn&& fn) {
  for (size_t k = 0; k < inputs.size(); ++k)
    if (inputs[k].dtype == DType::F32) fn(g.inputs[k], inputs[k]);
  run_float(g, inputs, [&](const Node&, const std::vector<Tensor>& outs) {
    for (const auto& t : outs)
      if (t.dtype == DType::F32 && !t.name.empty()) fn(t.name, t);
  });
}

void observe_min_max(RangeMap& m, const std::string& name, const Tensor& t, size_t sample) {
  auto it = m.find(name);
  if (it == m.end()) it = m.emplace(name, FloatRange{kInf, -kInf}).first;
  FloatRange& r = it->second;
  const float* v = t.ptr<float>();
  for (int64_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(v[i]))
      fail("tensor '" + name + "' takes the value " + std::to_string(v[i]) + " on calibration sample " +
           std::to_string(sample) + "; only finite values can be quantized");
    r.lo = std::min(r.lo, static_cast<double>(v[i]));
    r.hi = std::max(r.hi, static_cast<double>(v[i]));
  }
}

std::map<std::string, FloatRange> min_max_pass(const Graph& g, const std::vector<std::vector<Tensor>>& samples,
                                               const std::function<void(size_t)>& progress) {
  auto states = for_each_sample<RangeMap>(
      samples.size(), [] { return RangeMap{}; },
      [&](RangeMap& m, size_t i) {
        run_observed(g, samples[i], [&](const std::string& name, const Tensor& t) { observe_min_max(m, name, t, i); });
      },
      progress);
  std::map<std::string, FloatRange> merged;
  for (const auto& s : states)
    for (const auto& [name, r] : s) {
      auto [it, fresh] = merged.emplace(name, r);
      if (!fresh) it->second = {std::min(it->second.lo, r.lo), std::max(it->second.hi, r.hi)};
    }
  return merged;
}

// The histogram layout of a tensor for the method: signed over the observed
// range (plus 0) for percentile and mse, |x| over [0, max|x|] for entropy.
Histogram empty_histogram(CalibrationMethod method, FloatRange observed, size_t bins) {
  if (method == CalibrationMethod::Entropy)
    return Histogram(0.0, std::max(std::fabs(observed.lo), std::fabs(observed.hi)), bins);
  const FloatRange r = include_zero(observed);
  return Histogram(r.lo, r.hi, bins);
}

std::map<std::string, Histogram> histogram_pass(const Graph& g, const std::vector<std::vector<Tensor>>& samples,
                                                const QuantizeOptions& opts,
                                                const std::map<std::string, FloatRange>& observed,
                                                const std::function<void(size_t)>& progress) {
  const bool absolute = opts.method == CalibrationMethod::Entropy;
  const size_t bins = static_cast<size_t>(opts.histogram_bins);
  auto states = for_each_sample<HistogramMap>(
      samples.size(), [] { return HistogramMap{}; },
      [&](HistogramMap& m, size_t i) {
        run_observed(g, samples[i], [&](const std::string& name, const Tensor& t) {
          auto it = m.find(name);
          if (it == m.end()) it = m.emplace(name, empty_histogram(opts.method, observed.at(name), bins)).first;
          it->second.add(t.ptr<float>(), static_cast<size_t>(t.size()), absolute);
        });
      },
      progress);
  std::map<std::string, Histogram> merged;
  for (const auto& s : states)
    for (const auto& [name, h] : s) {
      auto [it, fresh] = merged.emplace(name, h);
      if (!fresh) it->second.merge(h);
    }
  return merged;
}

FloatRange choose(const QuantizeOptions& opts, const Histogram& h, FloatRange observed) {
  switch (opts.method) {
    case CalibrationMethod::Percentile: return percentile_range(h, opts.percentile, observed);
    case CalibrationMethod::Mse: return mse_range(h);
    case CalibrationMethod::Entropy: return entropy_range(h, observed);
    case CalibrationMethod::MinMax: break;
  }
  return include_zero(observed);
}

void check_options(const QuantizeOptions& opts) {
  if (opts.method == CalibrationMethod::Percentile && !(opts.percentile > 50.0 && opts.percentile <= 100.0))
    fail("percentile must be in (50, 100], got " + std::to_string(opts.percentile), ErrorKind::Usage);
  // Entropy needs more bins than the 255 levels it compares against.
  if (opts.method != CalibrationMethod::MinMax && opts.histogram_bins < 512)
    fail("histogram_bins must be at least 512, got " + std::to_string(opts.histogram_bins), ErrorKind::Usage);
}

}  // namespace

std::map<std::string, TensorCalibration> calibrate(const Graph& g, const std::vector<std::vector<Tensor>>& samples,
                                                   const QuantizeOptions& opts) {
  if (samples.empty()) fail("no calibration sample: quantization needs at least one", ErrorKind::Usage);
  check_options(opts);
  const bool two_passes = opts.method != CalibrationMethod::MinMax;
  const size_t total = samples.size() * (two_passes ? 2 : 1);
  auto report = [&](size_t offset) -> std::function<void(size_t)> {
    if (!opts.progress) return nullptr;
    return [&opts, offset, total](size_t done) { opts.progress(offset + done, total); };
  };

  const std::map<std::string, FloatRange> observed = min_max_pass(g, samples, report(0));
  std::map<std::string, TensorCalibration> result;
  for (const auto& [name, r] : observed) result[name] = {r, include_zero(r)};
  if (!two_passes) return result;

  const auto hists = histogram_pass(g, samples, opts, observed, report(samples.size()));
  for (auto& [name, cal] : result) cal.chosen = choose(opts, hists.at(name), cal.observed);
  return result;
}

const char* method_name(CalibrationMethod m) {
  switch (m) {
    case CalibrationMethod::MinMax: return "minmax";
    case CalibrationMethod::Percentile: return "percentile";
    case CalibrationMethod::Mse: return "mse";
    case CalibrationMethod::Entropy: return "entropy";
  }
  return "?";
}

CalibrationMethod parse_method(const std::string& name) {
  for (auto m : {CalibrationMethod::MinMax, CalibrationMethod::Percentile, CalibrationMethod::Mse,
                 CalibrationMethod::Entropy})
    if (name == method_name(m)) return m;
  fail("unknown calibration method '" + name + "' (known: minmax, percentile, mse, entropy)", ErrorKind::Usage);
}

}  // namespace tinyc::ptq
