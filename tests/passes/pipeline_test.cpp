// The pass registry and run_float_pipeline on float and QDQ graphs.
#include <doctest/doctest.h>

#include <set>

#include "passes/ir_text.h"
#include "passes/numeric_check.h"
#include "tinyc/error.h"
#include "tinyc/passes.h"

using namespace tinyc;
using tinyc::test::dedent;
using tinyc::test::max_output_difference;
using tinyc::test::parse_ir;

TEST_CASE("the registry lists every pass once, named and summarised, in pipeline order") {
  std::vector<std::string> names;
  for (const PassInfo& p : pass_registry()) {
    names.push_back(p.name);
    CHECK(std::string(p.summary).size() > 10);
    CHECK((p.run != nullptr));
  }
  CHECK(names == std::vector<std::string>{"remove-identities", "fold-constants", "eliminate-dead-nodes",
                                          "fold-batchnorm", "fuse-activations", "schedule-memory"});
  CHECK((find_pass("fold-batchnorm").run == &fold_batchnorm));
  CHECK((find_pass("fuse-activations").run == &fuse_activations));
  try {
    find_pass("fold-everything");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(e.message().find("fold-everything") != std::string::npos);
    CHECK(e.message().find("remove-identities") != std::string::npos);
  }
}

TEST_CASE("the pipeline cleans a PyTorch-style float graph: identities, shape chain, dead branch, BN, Relu") {
  // The dead Sigmoid would keep the Conv from folding the BN if it were not
  // removed first; the Dropout between Relu and Reshape hides nothing.
  const Graph before = parse_ir(R"(
    graph net (opset 13)
      input  %x : f32[1,2,6,6]
      const  %axes : i64[1] = [0]
      const  %b : f32[3] = [0.5, 0.5, 0.5]
      const  %beta : f32[3] = [0.1, 0.2, -0.3]
      const  %fcw : f32[2,108]  (216 values)
      const  %gamma : f32[3] = [2, -1, 0.5]
      const  %mean : f32[3] = [0.25, -0.5, 1]
      const  %minus1 : i64[1] = [-1]
      const  %var : f32[3] = [0.99, 3.99, 0.24]
      const  %w : f32[3,2,3,3]  (54 values)
      const  %zero : i64[] = 0
      %xi : f32[1,2,6,6] = Identity(%x)
      %c : f32[1,3,6,6] = Conv(%xi, %w, %b) {pads=[1,1,1,1]}  # node conv
      %dead : f32[1,3,6,6] = Sigmoid(%c)  # node dead
      %n : f32[1,3,6,6] = BatchNormalization(%c, %gamma, %beta, %mean, %var) {epsilon=0.01}  # node bn
      %r : f32[1,3,6,6] = Relu(%n)  # node relu
      %d : f32[1,3,6,6] = Dropout(%r)  # node drop
      %s : i64[4] = Shape(%d)
      %s0 : i64[] = Gather(%s, %zero) {axis=0}
      %su : i64[1] = Unsqueeze(%s0, %axes)
      %shape : i64[2] = Concat(%su, %minus1) {axis=0}
      %f : f32[1,108] = Reshape(%d, %shape)  # node flatten
      %logits : f32[1,2] = Gemm(%f, %fcw) {transB=1}  # node fc
      %y : f32[1,2] = Identity(%logits)
      output %y
  )");
  Graph g = before;
  run_float_pipeline(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph net (opset 13)
      input  %x : f32[1,2,6,6]
      const  %b_bn : f32[3] = [0.6, -0.3, -0.8]
      const  %fcw : f32[2,108]  (216 values)
      const  %shape : i64[2] = [1, -1]
      const  %w_bn : f32[3,2,3,3]  (54 values)
      %r : f32[1,3,6,6] = Conv(%x, %w_bn, %b_bn) {pads=[1,1,1,1], tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv
      %f : f32[1,108] = Reshape(%r, %shape)  # node flatten
      %y : f32[1,2] = Gemm(%f, %fcw) {transB=1}  # node fc
      output %y
  )"));
  CHECK(max_output_difference(before, g) <= 1e-4f);

  const std::string once = dump_ir(g);
  run_float_pipeline(g);
  CHECK(dump_ir(g) == once);
}

TEST_CASE("the pipeline on a QDQ graph fuses the Relu and keeps every Q/DQ and int8 constant") {
  const Graph before = parse_ir(R"(
    graph qdq (opset 13)
      input  %x : f32[1,2,4,4]
      const  %bq : i32[3] = [10, -20, 30]
      const  %sb : f32[] = 0.0002
      const  %sw : f32[] = 0.01
      const  %sx : f32[] = 0.02
      const  %sy : f32[] = 0.05
      const  %wq : i8[3,2,1,1] = [10, -20, 30, 127, -128, 5]
      const  %z8 : i8[] = 0
      const  %z32 : i32[] = 0
      %xq : i8[1,2,4,4] = QuantizeLinear(%x, %sx, %z8)  # node q_x
      %xd : f32[1,2,4,4] = DequantizeLinear(%xq, %sx, %z8)  # node dq_x
      %w : f32[3,2,1,1] = DequantizeLinear(%wq, %sw, %z8)  # node dq_w
      %b : f32[3] = DequantizeLinear(%bq, %sb, %z32)  # node dq_b
      %c : f32[1,3,4,4] = Conv(%xd, %w, %b)  # node conv
      %r : f32[1,3,4,4] = Relu(%c)  # node relu
      %rq : i8[1,3,4,4] = QuantizeLinear(%r, %sy, %z8)  # node q_y
      %y : f32[1,3,4,4] = DequantizeLinear(%rq, %sy, %z8)  # node dq_y
      output %y
  )");
  Graph g = before;
  run_float_pipeline(g);
  CHECK(dump_ir(g) == dedent(R"(
    graph qdq (opset 13)
      input  %x : f32[1,2,4,4]
      const  %bq : i32[3] = [10, -20, 30]
      const  %sb : f32[] = 0.0002
      const  %sw : f32[] = 0.01
      const  %sx : f32[] = 0.02
      const  %sy : f32[] = 0.05
      const  %wq : i8[3,2,1,1] = [10, -20, 30, 127, -128, 5]
      const  %z32 : i32[] = 0
      const  %z8 : i8[] = 0
      %xq : i8[1,2,4,4] = QuantizeLinear(%x, %sx, %z8)  # node q_x
      %xd : f32[1,2,4,4] = DequantizeLinear(%xq, %sx, %z8)  # node dq_x
      %w : f32[3,2,1,1] = DequantizeLinear(%wq, %sw, %z8)  # node dq_w
      %b : f32[3] = DequantizeLinear(%bq, %sb, %z32)  # node dq_b
      %r : f32[1,3,4,4] = Conv(%xd, %w, %b) {tinyc.act_max=inf, tinyc.act_min=0.0, tinyc.activation="Relu"}  # node conv
      %rq : i8[1,3,4,4] = QuantizeLinear(%r, %sy, %z8)  # node q_y
      %y : f32[1,3,4,4] = DequantizeLinear(%rq, %sy, %z8)  # node dq_y
      output %y
  )"));
  CHECK(max_output_difference(before, g) == 0.f);
}
