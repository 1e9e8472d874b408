#include "quality_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "parallel_samples.h"
#include "qdq_builder.h"
#include "samples.h"
#include "tinyc/error.h"
#include "tinyc/reference.h"

namespace tinyc::ptq {

double sqnr_db(double signal, double noise) {
  if (noise <= 0) return std::numeric_limits<double>::infinity();
  if (signal <= 0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

namespace {

// Running sums comparing float values f with dequantized int8 values q.
struct Sums {
  double ff = 0, qq = 0, fq = 0, noise = 0;
  void add(const float* f, const float* q, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const double a = f[i], b = q[i];
      ff += a * a;
      qq += b * b;
      fq += a * b;
      noise += (a - b) * (a - b);
    }
  }
  void add(const Sums& o) {
    ff += o.ff;
    qq += o.qq;
    fq += o.fq;
    noise += o.noise;
  }
  double cosine() const { return ff > 0 && qq > 0 ? fq / std::sqrt(ff * qq) : (ff == qq ? 1.0 : 0.0); }
};

// What one sample contributes: per-tensor sums, output sums, both argmaxes.
struct SampleResult {
  std::vector<Sums> tensors;
  Sums outputs;
  int64_t float_class = -1, int8_class = -1;
};

int64_t argmax(const std::vector<float>& v) {
  if (v.size() < 2) return -1;
  return static_cast<int64_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

class Comparison {
 public:
  Comparison(const Graph& fg, const Graph& qdq) : fg_(fg), low_(lower_to_int8(qdq)) {
    // Every int8 tensor that stands for a float tensor of the same shape.
    for (const auto& [i8, qdq_name] : low_.float_names) {
      const std::string f = float_graph_name(qdq, qdq_name);
      if (!fg_.has_tensor(f) || !low_.graph.has_tensor(i8)) continue;
      const Tensor& ft = fg_.tensor(f);
      const Tensor& it = low_.graph.tensor(i8);
      if (ft.dtype != DType::F32 || it.dtype != DType::I8 || !it.quant || ft.size() != it.size()) continue;
      index_[i8] = pairs_.size();
      pairs_.push_back({i8, f});
      wanted_float_.emplace(f);
    }
  }

  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }
  const std::vector<QuantNote>& notes() const { return low_.notes; }

  SampleResult run(const std::vector<Tensor>& inputs) const {
    SampleResult r;
    r.tensors.resize(pairs_.size());
    std::unordered_map<std::string, std::vector<float>> floats;
    for (size_t k = 0; k < inputs.size(); ++k)
      if (wanted_float_.count(fg_.inputs[k])) floats[fg_.inputs[k]] = inputs[k].to_float();
    const std::vector<Tensor> fout = run_float(fg_, inputs, [&](const Node&, const std::vector<Tensor>& outs) {
      for (const auto& t : outs)
        if (wanted_float_.count(t.name)) floats[t.name] = t.to_float();
    });

    auto compare = [&](const std::string& i8_name, const Tensor& q) {
      auto it = index_.find(i8_name);
      if (it == index_.end()) return;
      const std::vector<float> deq = dequantize_tensor(q, *low_.graph.tensor(i8_name).quant).to_float();
      const std::vector<float>& f = floats.at(pairs_[it->second].second);
      r.tensors[it->second].add(f.data(), deq.data(), f.size());
    };
    std::vector<Tensor> qin;
    for (size_t k = 0; k < inputs.size(); ++k) {
      const Tensor& in = low_.graph.tensor(low_.graph.inputs[k]);
      qin.push_back(quantize_tensor(inputs[k], *in.quant));
      qin.back().name = in.name;
      compare(in.name, qin.back());
    }
    const std::vector<Tensor> qout = run_int8(low_.graph, qin, [&](const Node&, const std::vector<Tensor>& outs) {
      for (const auto& t : outs) compare(t.name, t);
    });

    for (size_t k = 0; k < fout.size() && k < qout.size(); ++k) {
      const Tensor& o = low_.graph.tensor(low_.graph.outputs[k]);
      const std::vector<float> f = fout[k].to_float();
      const std::vector<float> q = dequantize_tensor(qout[k], *o.quant).to_float();
      r.outputs.add(f.data(), q.data(), std::min(f.size(), q.size()));
      if (k == 0) {
        r.float_class = argmax(f);
        r.int8_class = argmax(q);
      }
    }
    return r;
  }

 private:
  const Graph& fg_;
  Int8Lowering low_;
  std::vector<std::pair<std::string, std::string>> pairs_;  ///< (int8 tensor, float tensor)
  std::unordered_map<std::string, size_t> index_;
  std::set<std::string> wanted_float_;
};

std::vector<int64_t> label_values(const Tensor& labels, size_t n) {
  if (labels.dtype != DType::I64 && labels.dtype != DType::I32 && labels.dtype != DType::I8 &&
      labels.dtype != DType::U8 && labels.dtype != DType::I16)
    fail(std::string("labels must be integer class ids, got ") + dtype_name(labels.dtype), ErrorKind::Usage);
  std::vector<int64_t> v = labels.to_int64();
  if (v.size() != n)
    fail("there are " + std::to_string(v.size()) + " labels for " + std::to_string(n) + " samples", ErrorKind::Usage);
  return v;
}

}  // namespace

QualityReport quality_report(const Graph& float_graph, const Graph& qdq, const std::vector<Tensor>& data,
                             const Tensor* labels) {
  const auto samples = split_samples(float_graph, data);
  const std::vector<int64_t> label_ids = labels ? label_values(*labels, samples.size()) : std::vector<int64_t>{};
  const Comparison cmp(float_graph, qdq);

  using Slots = std::vector<std::pair<size_t, SampleResult>>;
  auto states = for_each_sample<Slots>(
      samples.size(), [] { return Slots{}; },
      [&](Slots& s, size_t i) { s.emplace_back(i, cmp.run(samples[i])); });
  std::vector<SampleResult> per_sample(samples.size());
  for (auto& s : states)
    for (auto& [i, r] : s) per_sample[i] = std::move(r);

  QualityReport rep;
  rep.samples = samples.size();
  rep.notes = cmp.notes();
  std::vector<Sums> tensor_sums(cmp.pairs().size());
  Sums out;
  size_t float_ok = 0, int8_ok = 0, agree = 0;
  for (size_t i = 0; i < per_sample.size(); ++i) {  // sample order: the same sums on any machine
    const SampleResult& r = per_sample[i];
    for (size_t t = 0; t < tensor_sums.size(); ++t) tensor_sums[t].add(r.tensors[t]);
    out.add(r.outputs);
    agree += r.float_class == r.int8_class;
    if (labels) {
      float_ok += r.float_class == label_ids[i];
      int8_ok += r.int8_class == label_ids[i];
    }
  }
  const double n = static_cast<double>(samples.size());
  rep.output_sqnr_db = sqnr_db(out.ff, out.noise);
  rep.output_cosine = out.cosine();
  rep.top1_agreement = static_cast<double>(agree) / n;
  if (labels) {
    rep.has_labels = true;
    rep.float_top1 = static_cast<double>(float_ok) / n;
    rep.int8_top1 = static_cast<double>(int8_ok) / n;
  }
  for (size_t t = 0; t < tensor_sums.size(); ++t)
    rep.tensors.push_back({cmp.pairs()[t].first, cmp.pairs()[t].second, sqnr_db(tensor_sums[t].ff, tensor_sums[t].noise),
                           tensor_sums[t].cosine()});
  std::stable_sort(rep.tensors.begin(), rep.tensors.end(), [](const TensorQuality& a, const TensorQuality& b) {
    return a.sqnr_db < b.sqnr_db || (a.sqnr_db == b.sqnr_db && a.int8_name < b.int8_name);
  });
  return rep;
}

}  // namespace tinyc::ptq
