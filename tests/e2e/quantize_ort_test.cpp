// The QDQ models `tinyc quantize` writes run in onnxruntime, and onnxruntime
// (which simulates the quantization in float) picks the same class as tinyc's
// int8 reference on the digits test split.
#include <doctest/doctest.h>

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "common/oracle.h"
#include "common/test_util.h"
#include "tinyc/npy.h"
#include "tinyc/onnx_import.h"
#include "tinyc/passes.h"
#include "tinyc/quantize.h"
#include "tinyc/reference.h"

using namespace tinyc;
using namespace tinyc::test;

namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }

std::string quantize_fixture(const std::string& model, const std::string& calib, const std::string& tag) {
  const std::string out = temp_dir("quantize-ort-" + tag) + "/" + tag + "_q.onnx";
  const CommandResult r = run_cli("quantize " + q(fixture(model)) + " --calib " + q(fixture(calib)) + " -o " + q(out));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return out;
}

// A copy of `path` whose graph input and output take a batch of `n` (the
// file's batch is 1): onnxruntime then runs the whole split in one call.
std::string batched_copy(const std::string& path, int64_t n) {
  onnx::ModelProto m;
  {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(m.ParseFromIstream(&f));
  }
  auto* g = m.mutable_graph();
  for (auto* vi : {g->mutable_input(0), g->mutable_output(0)})
    vi->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_value(n);
  g->clear_value_info();  // intermediate shapes are batch 1: let onnxruntime infer them
  const std::string out = path + ".batched.onnx";
  std::ofstream f(out, std::ios::binary);
  REQUIRE(m.SerializeToOstream(&f));
  return out;
}

int64_t argmax(const float* v, size_t n) { return static_cast<int64_t>(std::max_element(v, v + n) - v); }

// run_int8 on the lowered QDQ file, one sample of `x` (samples along axis 0).
std::vector<float> int8_output(const Int8Lowering& low, const Tensor& x, size_t i) {
  const Tensor& in = low.graph.tensor(low.graph.inputs[0]);
  const size_t per = static_cast<size_t>(in.size());
  const std::vector<float> all = x.to_float();
  Tensor s = Tensor::from_float(in.name, in.shape, std::vector<float>(all.begin() + i * per, all.begin() + (i + 1) * per));
  s.is_constant = false;
  Tensor si = quantize_tensor(s, *in.quant);
  const Tensor out = run_int8(low.graph, {si})[0];
  return dequantize_tensor(out, *low.graph.tensor(low.graph.outputs[0]).quant).to_float();
}

Int8Lowering lower_file(const std::string& path) {
  Graph g = import_onnx(path);
  run_float_pipeline(g);
  return lower_to_int8(g);
}

}  // namespace

TEST_CASE("digits: onnxruntime on the written QDQ model agrees with the int8 reference on >= 99% of top-1") {
  if (!require_oracle("quantize digits onnxruntime agreement")) return;
  const std::string model = quantize_fixture("digits/digits.onnx", "digits/calib.npy", "digits");
  const Tensor x = read_npy(fixture("digits/test_x.npy"));
  const std::vector<int64_t> y = read_npy(fixture("digits/test_y.npy")).to_int64();
  const size_t n = y.size();
  REQUIRE(x.shape.at(0) == static_cast<int64_t>(n));

  Tensor xin = x;
  xin.name = "input";
  const std::vector<Tensor> ort = run_onnxruntime(batched_copy(model, static_cast<int64_t>(n)), {xin});
  REQUIRE(ort.size() == 1);
  REQUIRE(ort[0].shape == Shape{static_cast<int64_t>(n), 10});
  const std::vector<float> ort_logits = ort[0].to_float();

  const Int8Lowering low = lower_file(model);
  size_t agree = 0, ort_ok = 0, int8_ok = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::vector<float> mine = int8_output(low, x, i);
    const int64_t a = argmax(ort_logits.data() + i * 10, 10), b = argmax(mine.data(), mine.size());
    agree += a == b;
    ort_ok += a == y[i];
    int8_ok += b == y[i];
  }
  MESSAGE("top-1 agreement onnxruntime vs run_int8: " << agree << "/" << n << "; accuracy onnxruntime " << ort_ok
                                                      << ", int8 reference " << int8_ok);
  CHECK(static_cast<double>(agree) >= 0.99 * static_cast<double>(n));
}

TEST_CASE("the MLPerf-Tiny-style QDQ models run in onnxruntime, close to the int8 reference") {
  if (!require_oracle("quantize tiny_* onnxruntime")) return;
  for (const char* name : {"tiny_kws", "tiny_ic", "tiny_ad", "tiny_vww"}) {
    const std::string nm = name;
    CAPTURE(nm);
    const std::string model = quantize_fixture(nm + "/" + nm + ".onnx", nm + "/calib.npy", nm);
    const Tensor inputs = read_npy(fixture(nm + "/inputs.npy"));
    const Int8Lowering low = lower_file(model);
    const Tensor& in = low.graph.tensor(low.graph.inputs[0]);
    const std::vector<float> all = inputs.to_float();
    Tensor first = Tensor::from_float(in.name, in.shape, std::vector<float>(all.begin(), all.begin() + in.size()));
    first.is_constant = false;
    const std::vector<Tensor> ort = run_onnxruntime(model, {first});
    REQUIRE(ort.size() == 1);
    const std::vector<float> o = ort[0].to_float();
    const std::vector<float> mine = int8_output(low, inputs, 0);
    REQUIRE(o.size() == mine.size());
    // The two differ by float-vs-integer rounding, a few output steps at most.
    double signal = 0, noise = 0;
    for (size_t k = 0; k < o.size(); ++k) {
      signal += double(mine[k]) * mine[k];
      noise += (double(o[k]) - mine[k]) * (double(o[k]) - mine[k]);
    }
    const double sqnr = noise > 0 ? 10 * std::log10(signal / noise) : 1e9;
    MESSAGE(nm << ": onnxruntime vs int8 reference SQNR " << sqnr << " dB");
    CHECK(sqnr > 25.0);
  }
}
