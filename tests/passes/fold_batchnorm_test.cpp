// fold_batchnorm: BN folds into the Conv/Gemm before it, else becomes a
// depthwise 1x1 Conv on 4-D tensors, else stays.
//
// The BN parameters are chosen so that var + eps is a perfect square and the
// folded values can be worked out by hand: gamma / sqrt(var + eps) is
// [2/1, -1/2, 0.5/0.5] = [2, -0.5, 1].
#include <doctest/doctest.h>

#include <cmath>

#include "passes/ir_text.h"
#include "passes/numeric_check.h"
#include "tinyc/error.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::max_output_difference;
using tinyc::test::parse_ir;

namespace {

const char* kBnParams = R"(
  const  %gamma : f32[3] = [2, -1, 0.5]
  const  %beta : f32[3] = [0.1, 0.2, -0.3]
  const  %mean : f32[3] = [0.25, -0.5, 1]
  const  %var : f32[3] = [0.99, 3.99, 0.24]
)";
const std::vector<float> kFactor = {2.f, -0.5f, 1.f};

Graph parse_with_bn(const std::string& body) { return parse_ir("graph t (opset 13)\n" + std::string(kBnParams) + body); }

// Checks that `folded` holds `original` with row `r` of a [rows x cols] matrix
// scaled by kFactor[channel(r, c)].
template <class ChannelOf>
void check_scaled(const Tensor& original, const Tensor& folded, ChannelOf channel_of, int64_t cols) {
  REQUIRE(folded.shape == original.shape);
  const std::vector<float> o = original.to_float(), f = folded.to_float();
  for (size_t i = 0; i < o.size(); ++i) {
    const int64_t r = static_cast<int64_t>(i) / cols, c = static_cast<int64_t>(i) % cols;
    CHECK(f[i] == doctest::Approx(o[i] * kFactor[channel_of(r, c)]).epsilon(1e-6));
  }
}

}  // namespace

TEST_CASE("Check that BN folds into the preceding Conv: weights scaled per output channel, bias adjusted") {
  const Graph before = parse_with_bn(R"(
    input  %x : f32[1,2,5,5]
    const  %w : f32[3,2,3,3]  (54 values)
    const  %b : f32[3] = [0.5, 0.5, 0.5]
    %c : f32[1,3,5,5] = Conv(%x, %w, %b) {pads=[1,1,1,1]}  # node conv
    %y : f32[1,3,5,5] = BatchNormalization(%c, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
    output %y
  )");
  Graph g = before;
  fold_batchnorm(g);
  // b' = (b - mean) * factor + beta = [0.25*2 + 0.1, 1*-0.5 + 0.2, -0.5*1 - 0.3]
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,2,5,5]
      const  %b_bn : f32[3] = [0.6, -0.3, -0.8]
      const  %w_bn : f32[3,2,3,3]  (54 values)
      %y : f32[1,3,5,5] = Conv(%x, %w_bn, %b_bn) {pads=[1,1,1,1]}  # node conv
      output %y
  )"));
  check_scaled(before.tensor("w"), g.tensor("w_bn"), [](int64_t r, int64_t) { return r; }, 18);
  CHECK(max_output_difference(before, g) <= 1e-5f);
}

TEST_CASE("a Conv without bias gets one; a Conv sharing its weight keeps the original") {
  const Graph before = parse_with_bn(R"(
    input  %x : f32[1,3,4,4]
    const  %w : f32[3,3,1,1]  (9 values)
    %c : f32[1,3,4,4] = Conv(%x, %w)  # node conv
    %y : f32[1,3,4,4] = BatchNormalization(%c, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
    %z : f32[1,3,4,4] = Conv(%x, %w)  # node other
    output %y
    output %z
  )");
  Graph g = before;
  fold_batchnorm(g);
  // bias = -mean * factor + beta
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,3,4,4]
      const  %w : f32[3,3,1,1]  (9 values)
      const  %w_bias : f32[3] = [-0.4, -0.05, -1.3]
      const  %w_bn : f32[3,3,1,1]  (9 values)
      %y : f32[1,3,4,4] = Conv(%x, %w_bn, %w_bias)  # node conv
      %z : f32[1,3,4,4] = Conv(%x, %w)  # node other
      output %y
      output %z
  )"));
  CHECK(g.tensor("w").data == before.tensor("w").data);
  CHECK(max_output_difference(before, g) <= 1e-5f);
}

TEST_CASE("BN folds into a Gemm, with transB = 0 and 1, and beta * C moves into the bias") {
  for (const char* trans : {"0", "1"}) {
    CAPTURE(trans);
    const bool t = std::string(trans) == "1";
    const std::string b_shape = t ? "[3,4]" : "[4,3]";
    const Graph before = parse_with_bn(R"(
      input  %x : f32[2,4]
      const  %B : f32)" + b_shape + R"(  (12 values)
      const  %C : f32[3] = [1, 2, 3]
      %h : f32[2,3] = Gemm(%x, %B, %C) {beta=0.5, transB=)" + trans + R"(}  # node fc
      %y : f32[2,3] = BatchNormalization(%h, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
      output %y
    )");
    Graph g = before;
    fold_batchnorm(g);
    // C' = (beta*C - mean) * factor + bn_beta = [(0.5-0.25)*2+0.1, (1+0.5)*-0.5+0.2, (1.5-1)*1-0.3]
    CHECK(dump_ir(g) == dedent(R"(
      graph t (opset 13)
        input  %x : f32[2,4]
        const  %B_bn : f32)" + b_shape + R"(  (12 values)
        const  %C_bn : f32[3] = [0.6, -0.55, 0.2]
        %y : f32[2,3] = Gemm(%x, %B_bn, %C_bn) {transB=)" + trans + R"(}  # node fc
        output %y
    )"));
    if (t) check_scaled(before.tensor("B"), g.tensor("B_bn"), [](int64_t r, int64_t) { return r; }, 4);
    else check_scaled(before.tensor("B"), g.tensor("B_bn"), [](int64_t, int64_t c) { return c; }, 3);
    CHECK(max_output_difference(before, g) <= 1e-5f);
  }
}

TEST_CASE("a Gemm without C gets one, and chained BNs fold one after the other") {
  const Graph before = parse_with_bn(R"(
    input  %x : f32[1,4]
    const  %B : f32[4,3]  (12 values)
    %h : f32[1,3] = Gemm(%x, %B) {alpha=2.0}  # node fc
    %a : f32[1,3] = BatchNormalization(%h, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn1
    %y : f32[1,3] = BatchNormalization(%a, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn2
    output %y
  )");
  Graph g = before;
  fold_batchnorm(g);
  REQUIRE(g.nodes.size() == 1);
  CHECK(g.nodes[0].op_type == "Gemm");
  CHECK(g.nodes[0].outputs == std::vector<std::string>{"y"});
  CHECK(g.nodes[0].attr_float("alpha", 0.f) == 2.f);
  CHECK(max_output_difference(before, g) <= 1e-5f);
}

TEST_CASE("BN after a Conv with two consumers is not folded into it: it becomes a depthwise 1x1 Conv") {
  const Graph before = parse_with_bn(R"(
    input  %x : f32[1,3,4,4]
    const  %w : f32[3,3,1,1]  (9 values)
    %c : f32[1,3,4,4] = Conv(%x, %w)  # node conv
    %y : f32[1,3,4,4] = BatchNormalization(%c, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
    %z : f32[1,3,4,4] = Relu(%c)  # node r
    output %y
    output %z
  )");
  Graph g = before;
  fold_batchnorm(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph t (opset 13)
      input  %x : f32[1,3,4,4]
      const  %bn_bias : f32[3] = [-0.4, -0.05, -1.3]
      const  %bn_weight : f32[3,1,1,1] = [2, -0.5, 1]
      const  %w : f32[3,3,1,1]  (9 values)
      %c : f32[1,3,4,4] = Conv(%x, %w)  # node conv
      %y : f32[1,3,4,4] = Conv(%c, %bn_weight, %bn_bias) {group=3, kernel_shape=[1,1]}  # node bn
      %z : f32[1,3,4,4] = Relu(%c)  # node r
      output %y
      output %z
  )"));
  CHECK(max_output_difference(before, g) <= 1e-5f);
}

TEST_CASE("BN does not fold into a Conv whose output is a graph output or that has a fused activation") {
  const Graph before = parse_with_bn(R"(
    input  %x : f32[1,3,4,4]
    const  %w : f32[3,3,1,1]  (9 values)
    %c : f32[1,3,4,4] = Conv(%x, %w)  # node conv
    %y : f32[1,3,4,4] = BatchNormalization(%c, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
    %d : f32[1,3,4,4] = Conv(%x, %w) {tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv_relu
    %z : f32[1,3,4,4] = BatchNormalization(%d, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn2
    output %c
    output %y
    output %z
  )");
  Graph g = before;
  fold_batchnorm(g);
  REQUIRE(g.nodes.size() == 4);
  for (const Node& n : g.nodes) CHECK(n.op_type == "Conv");
  CHECK(g.nodes[0].inputs == std::vector<std::string>{"x", "w"});
  CHECK(g.nodes[2].inputs == std::vector<std::string>{"x", "w"});
  CHECK(max_output_difference(before, g) <= 1e-5f);
}

TEST_CASE("a BN that cannot fold stays: not 4-D, non-constant statistics, training mode, full-matrix Gemm C") {
  const std::string text = dedent(R"(
    graph t (opset 14)
      input  %x : f32[3,3]
      input  %m : f32[3]
      input  %v : f32[1,3,4,4]
      const  %B : f32[3,3]  (9 values)
      const  %C : f32[3,3]  (9 values)
      const  %beta : f32[3] = [0.1, 0.2, -0.3]
      const  %gamma : f32[3] = [2, -1, 0.5]
      const  %mean : f32[3] = [0.25, -0.5, 1]
      const  %var : f32[3] = [0.99, 3.99, 0.24]
      %a : f32[3,3] = Relu(%x)  # node r
      %b : f32[3,3] = BatchNormalization(%a, %gamma, %beta, %mean, %var)  # node two_d
      %c : f32[1,3,4,4] = BatchNormalization(%v, %gamma, %beta, %m, %var)  # node live_mean
      %d : f32[1,3,4,4] = BatchNormalization(%v, %gamma, %beta, %mean, %var) {training_mode=1}  # node training
      %h : f32[3,3] = Gemm(%x, %B, %C)  # node fc
      %e : f32[3,3] = BatchNormalization(%h, %gamma, %beta, %mean, %var)  # node full_c
      output %b
      output %c
      output %d
      output %e
  )");
  Graph g = parse_ir(text);
  fold_batchnorm(g);
  CHECK(dump_ir(g) == text);
}

TEST_CASE("BN parameters of different lengths are an error naming the node") {
  Graph g = parse_ir(R"(
    graph t (opset 13)
      input  %x : f32[1,3,2,2]
      const  %g3 : f32[3] = [1, 1, 1]
      const  %b2 : f32[2] = [0, 0]
      %y : f32[1,3,2,2] = BatchNormalization(%x, %g3, %b2, %g3, %g3)  # node bn
      output %y
  )");
  try {
    fold_batchnorm(g);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.node() == "bn");
    CHECK(e.op() == "BatchNormalization");
    CHECK(e.message().find("one value per channel") != std::string::npos);
  }
}
