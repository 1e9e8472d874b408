#include "oracle_float/float_vs_ort.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>

#include "common/oracle.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

namespace tinyc::test {

Tensor seeded_tensor(const std::string& name, const Shape& shape, uint32_t seed, float lo, float hi) {
  std::mt19937 gen(seed);
  Tensor t(name, DType::F32, shape);
  t.allocate();
  float* p = t.ptr<float>();
  for (int64_t i = 0; i < t.size(); ++i) {
    const float unit = static_cast<float>(gen() >> 8) * (1.0f / 16777216.0f);  // 24 bits -> [0, 1)
    p[i] = lo + (hi - lo) * unit;
  }
  return t;
}

std::vector<Tensor> seeded_inputs(const Graph& g, uint32_t seed, float lo, float hi) {
  std::vector<Tensor> out;
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const Tensor& in = g.tensor(g.inputs[i]);
    if (in.dtype != DType::F32)
      throw std::runtime_error("seeded_inputs: input '" + in.name + "' is " + dtype_name(in.dtype) + ", not float32");
    out.push_back(seeded_tensor(in.name, in.shape, seed + static_cast<uint32_t>(i), lo, hi));
  }
  return out;
}

uint32_t seed_of(const std::string& name) {
  uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return h;
}

Tensor sample_of(const Tensor& stacked, int64_t i, const Shape& shape) {
  Tensor t(stacked.name, stacked.dtype, shape);
  const size_t bytes = t.byte_size();
  if (stacked.shape.empty() || i < 0 || i >= stacked.shape[0] ||
      static_cast<size_t>(stacked.size() / stacked.shape[0]) * dtype_size(stacked.dtype) != bytes)
    throw std::runtime_error("sample_of: cannot take sample " + std::to_string(i) + " of shape " + shape_str(shape) +
                             " from " + shape_str(stacked.shape));
  t.data.assign(stacked.data.begin() + static_cast<std::ptrdiff_t>(i * bytes),
                stacked.data.begin() + static_cast<std::ptrdiff_t>((i + 1) * bytes));
  return t;
}

Tensor read_tensor_proto(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  onnx::TensorProto p;
  if (!f || !p.ParseFromIstream(&f)) throw std::runtime_error("cannot parse TensorProto " + path);
  if (p.data_type() != onnx::TensorProto::FLOAT) throw std::runtime_error(path + ": not a float32 tensor");
  Tensor t(p.name(), DType::F32, Shape(p.dims().begin(), p.dims().end()));
  t.allocate();
  if (p.has_raw_data()) {
    if (p.raw_data().size() != t.byte_size()) throw std::runtime_error(path + ": raw_data size does not match dims");
    std::memcpy(t.data.data(), p.raw_data().data(), t.byte_size());
  } else {
    if (static_cast<int64_t>(p.float_data_size()) != t.size()) throw std::runtime_error(path + ": float_data size");
    std::memcpy(t.data.data(), p.float_data().data(), t.byte_size());
  }
  return t;
}

namespace {

void check_same_kind(const Tensor& ours, const Tensor& ort, const std::string& where) {
  if (ours.dtype != ort.dtype || ours.shape != ort.shape)
    throw std::runtime_error(where + ": tinyc gives " + dtype_name(ours.dtype) + " " + shape_str(ours.shape) +
                             ", onnxruntime " + dtype_name(ort.dtype) + " " + shape_str(ort.shape));
}

/// The scale of the DequantizeLinear producing graph output `name` (per tensor), looking through Identity.
double output_step(const Graph& g, const std::string& name) {
  int p = g.producer(name);
  while (p >= 0 && g.nodes[p].op_type == "Identity") p = g.producer(g.nodes[p].input(0));  // converters add these
  if (p < 0 || g.nodes[p].op_type != "DequantizeLinear" || !g.is_constant(g.nodes[p].input(1)))
    throw std::runtime_error("output '" + name + "' does not come from a DequantizeLinear with a constant scale");
  const std::vector<float> s = g.tensor(g.nodes[p].input(1)).to_float();
  if (s.size() != 1) throw std::runtime_error("output '" + name + "' is quantized per channel");
  return s[0];
}

/// error(ours, ort, output index) in the rule's unit.
template <class ErrorFn>
OracleComparison compare(const std::string& model, const ImportOptions& opts,
                         const std::vector<std::vector<Tensor>>& input_sets, ErrorFn error) {
  const Graph imported = import_onnx(model, opts);
  Graph cleaned = imported;
  run_float_pipeline(cleaned);
  OracleComparison c;
  for (const auto& inputs : input_sets) {
    const std::vector<Tensor> ort = run_onnxruntime(model, inputs);
    const struct { const Graph* g; const char* label; } graphs[] = {{&imported, "as imported"},
                                                                     {&cleaned, "after pipeline"}};
    for (const auto& gl : graphs) {
      const std::vector<Tensor> ours = run_float(*gl.g, inputs);
      if (ours.size() != ort.size())
        throw std::runtime_error(model + ": tinyc gives " + std::to_string(ours.size()) + " outputs, onnxruntime " +
                                 std::to_string(ort.size()));
      for (size_t k = 0; k < ours.size(); ++k) {
        const std::string where = "run " + std::to_string(c.runs) + ", output '" + ort[k].name + "' (" +
                                  gl.label + ")";
        check_same_kind(ours[k], ort[k], model + " " + where);
        const double e = error(imported, ours[k], ort[k], k);
        if (e > c.worst || c.where.empty()) {
          c.worst = std::max(c.worst, e);
          c.where = where;
        }
      }
    }
    ++c.runs;
  }
  return c;
}

}  // namespace

OracleComparison compare_float_with_ort(const std::string& model, const ImportOptions& opts,
                                        const std::vector<std::vector<Tensor>>& input_sets) {
  return compare(model, opts, input_sets,
                 [](const Graph&, const Tensor& ours, const Tensor& ort, size_t) { return relative_error(ours, ort); });
}

OracleComparison compare_qdq_with_ort(const std::string& model, const ImportOptions& opts,
                                      const std::vector<std::vector<Tensor>>& input_sets) {
  return compare(model, opts, input_sets, [](const Graph& g, const Tensor& ours, const Tensor& ort, size_t k) {
    const std::vector<float> a = ours.to_float(), b = ort.to_float();
    double worst = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::isnan(a[i]) || std::isnan(b[i])) return std::numeric_limits<double>::infinity();
      worst = std::max(worst, std::fabs(double(a[i]) - double(b[i])));
    }
    return worst / output_step(g, g.outputs[k]);
  });
}

}  // namespace tinyc::test
