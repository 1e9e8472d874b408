// Helpers for the runtime tests: a seeded random source, one-node int8 graphs
// built by hand the way the lowering builds them (NCHW, QuantParams on every
// tensor, the op's explicit attributes), the int8 reference run on them, and
// the NCHW <-> NHWC rearrangements between the reference's layout and the
// device kernels'.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/quant_math.h"
#include "tinyc_rt/kernels.h"

namespace rt_test {

/// Deterministic random numbers (mt19937's output sequence is fixed by the
/// standard; the helpers below avoid the library-specific distributions).
class Rng {
 public:
  explicit Rng(uint32_t seed) : gen_(seed) {}
  uint32_t bits() { return static_cast<uint32_t>(gen_()); }
  /// Uniform integer in [lo, hi].
  int uniform(int lo, int hi) {
    const uint64_t range = static_cast<uint64_t>(int64_t{hi} - lo + 1);  // up to 2^32: no int overflow
    return static_cast<int>(int64_t{lo} + static_cast<int64_t>(bits() % range));
  }
  /// true with probability p.
  bool chance(double p) { return (bits() >> 8) < p * double(1u << 24); }
  /// Log-uniform float in [lo, hi].
  float log_uniform(float lo, float hi);
  std::vector<int8_t> bytes(size_t n);
  template <class T>
  const T& pick(const std::vector<T>& v) { return v.at(static_cast<size_t>(uniform(0, static_cast<int>(v.size()) - 1))); }

 private:
  std::mt19937 gen_;
};

/// A fused activation as the lowering attaches it (tinyc.activation & bounds).
struct Activation {
  std::string kind;  ///< "", "Relu", "Relu6" or "Clip"
  float lo = 0, hi = 0;
};
/// Random activation: none, Relu, Relu6, or Clip with bounds around the output's range.
Activation random_activation(Rng& rng, float out_scale);

/// One int8 node and its tensors. Inputs get values; run() evaluates the
/// graph with tinyc::run_int8 and returns the output bytes.
class OneNode {
 public:
  OneNode(const std::string& op_type, const std::string& domain = "");
  tinyc::Node& node() { return node_; }
  tinyc::Graph& graph() { return g_; }

  /// An int8 activation input with random (or given) data.
  void input(const std::string& name, const tinyc::Shape& shape, float scale, int32_t zp, Rng& rng);
  void input(const std::string& name, const tinyc::Shape& shape, float scale, int32_t zp, std::vector<int8_t> data);
  /// Constant symmetric int8 weights, one scale or one per channel (axis 0).
  void weights(const std::string& name, const tinyc::Shape& shape, const std::vector<float>& scales,
               std::vector<int8_t> data);
  void bias(const std::string& name, std::vector<int32_t> data);
  void output(const std::string& name, const tinyc::Shape& shape, float scale, int32_t zp);
  void activation(const Activation& a);

  /// Finishes the graph (the node goes in once) and returns the node for prepare_*.
  const tinyc::Node& finish();
  /// The data of an input, as given.
  std::vector<int8_t> data(const std::string& name) const;
  /// Runs the int8 reference; returns the bytes of the (only) output.
  std::vector<int8_t> run();

 private:
  tinyc::Graph g_;
  tinyc::Node node_;
  bool finished_ = false;
  std::vector<tinyc::Tensor> values_;
};

/// [n][c][h][w] <-> [n][h][w][c].
std::vector<int8_t> nchw_to_nhwc(const std::vector<int8_t>& x, int n, int c, int h, int w);
std::vector<int8_t> nhwc_to_nchw(const std::vector<int8_t>& x, int n, int c, int h, int w);
/// Row-major strides of a shape.
std::vector<int64_t> strides_of(const tinyc::Shape& s);

/// Multiplier and shift arrays for the runtime from prepared multipliers.
struct MultShift {
  std::vector<int32_t> mult, shift;
};
MultShift split(const std::vector<tinyc::qmath::Multiplier>& m);

/// Number of positions where the two differ (sizes must match; a size
/// mismatch counts as every element wrong).
int64_t mismatches(const std::vector<int8_t>& a, const std::vector<int8_t>& b);

std::string shape_text(const tinyc::Shape& s);

/// A random shape of rank 1..max_rank with small dimensions.
tinyc::Shape random_shape(Rng& r, int max_rank);
/// CopyParams for copy_strided_s8 from host-side shapes and strides.
tinyc_rt::CopyParams copy_params(const tinyc::Shape& dims, const std::vector<int64_t>& in_strides,
                                 const std::vector<int64_t>& out_strides, int64_t in_offset, int64_t out_offset);

}  // namespace rt_test
