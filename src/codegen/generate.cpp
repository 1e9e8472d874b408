// generate_code: program -> memory plan -> files.
#include <algorithm>
#include <cctype>
#include <map>

#include "codegen/emit.h"
#include "codegen/program.h"
#include "tinyc/codegen.h"
#include "tinyc/error.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

namespace tinyc {
namespace {

using codegen::Program;
using codegen::Storage;

int root_of(const Program& p, int b) {
  while (p.buffers[b].alias_of >= 0) b = p.buffers[b].alias_of;
  return b;
}

// Arena buffers with their lifetimes over the steps; `index` maps program
// buffers to planner buffers (-1: outside the arena).
std::vector<PlanBuffer> plan_buffers(const Program& p, std::vector<int>& index) {
  index.assign(p.buffers.size(), -1);
  std::vector<PlanBuffer> out;
  for (size_t s = 0; s < p.steps.size(); ++s)
    for (const codegen::Arg& a : p.steps[s].args) {
      if (a.kind != codegen::Arg::Kind::Buffer) continue;
      const int r = root_of(p, a.buffer);
      const codegen::Buffer& b = p.buffers[r];
      if (b.storage != Storage::Arena && b.storage != Storage::Scratch) continue;
      if (index[r] < 0) {
        PlanBuffer pb;
        pb.name = b.name;
        pb.size = b.bytes;
        pb.first_step = pb.last_step = static_cast<int>(s);
        index[r] = static_cast<int>(out.size());
        out.push_back(pb);
      }
      PlanBuffer& pb = out[index[r]];
      pb.first_step = std::min(pb.first_step, static_cast<int>(s));
      pb.last_step = std::max(pb.last_step, static_cast<int>(s));
    }
  // I/O slots in the arena: inputs are filled before the first step, outputs
  // read after the last.
  for (size_t b = 0; b < p.buffers.size(); ++b) {
    if (index[b] < 0) continue;
    if (p.buffers[b].input_slot) out[index[b]].first_step = 0;
    if (p.buffers[b].output_slot) out[index[b]].last_step = static_cast<int>(p.steps.size()) - 1;
  }
  // Elementwise steps: each written buffer may take the place of a same-sized
  // buffer it reads (the planner keeps the pair only when that read is the last).
  for (const codegen::Step& s : p.steps) {
    for (const auto& [w, r] : s.inplace_pairs) {
      const int wi = index[root_of(p, s.args.at(w).buffer)], ri = index[root_of(p, s.args.at(r).buffer)];
      if (wi >= 0 && ri >= 0 && wi != ri) out[wi].inplace_with.push_back(ri);
    }
    if (!s.inplace_ok) continue;
    for (const codegen::Arg& w : s.args)
      for (const codegen::Arg& r : s.args) {
        if (w.kind != codegen::Arg::Kind::Buffer || r.kind != codegen::Arg::Kind::Buffer || !w.write || r.write) continue;
        const int wi = index[root_of(p, w.buffer)], ri = index[root_of(p, r.buffer)];
        if (wi < 0 || ri < 0 || wi == ri || out[wi].size != out[ri].size) continue;
        out[wi].inplace_with.push_back(ri);
      }
  }
  return out;
}

// Splits a tensor with a leading sample dimension into per-sample byte vectors.
std::vector<std::vector<int8_t>> samples_of(const Tensor& t, const Tensor& decl) {
  const int64_t per = decl.size();
  if (t.dtype != DType::I8) fail("self-test input for '" + decl.name + "' must be int8", ErrorKind::Usage);
  if (per == 0 || t.size() % per != 0)
    fail("self-test data for '" + decl.name + "' has " + std::to_string(t.size()) + " values, not a multiple of " +
             std::to_string(per), ErrorKind::Usage);
  std::vector<std::vector<int8_t>> r;
  for (int64_t s = 0; s < t.size() / per; ++s) {
    const int8_t* d = t.ptr<int8_t>() + s * per;
    r.emplace_back(d, d + per);
  }
  return r;
}

// Steps the plan does not run in place give back the scratch only an
// in-place call uses (Step::inplace_scratch_bytes) and their in-place option.
bool release_unused_scratch(Program& p, const std::vector<int>& index, const std::vector<int64_t>& offsets) {
  bool released = false;
  for (codegen::Step& s : p.steps) {
    if (s.inplace_scratch_bytes <= 0) continue;
    bool in_place = false;
    for (const auto& [w, r] : s.inplace_pairs) {
      const int wi = index[root_of(p, s.args.at(w).buffer)], ri = index[root_of(p, s.args.at(r).buffer)];
      in_place = in_place || (wi >= 0 && ri >= 0 && offsets[wi] == offsets[ri]);
    }
    if (in_place) continue;
    p.buffers[root_of(p, s.args.at(s.inplace_scratch_arg).buffer)].bytes -= s.inplace_scratch_bytes;
    if (s.op_index >= 0) {  // what the summary reports for the op
      OpSummary& o = p.ops[static_cast<size_t>(s.op_index)];
      o.scratch_bytes = std::max<int64_t>(0, o.scratch_bytes - s.inplace_scratch_bytes);
    }
    s.inplace_pairs.clear();
    s.inplace_scratch_bytes = 0;
    released = true;
  }
  return released;
}

struct Planned {
  Program program;
  std::vector<int> index;  // program buffer -> planned buffer (-1: outside the arena)
  std::vector<PlanBuffer> buffers;
  MemoryPlan plan;
};

// Plans a program (no RAM limit yet: candidates are compared first), then
// again after release_unused_scratch, while that gives a smaller arena.
Planned plan_program(Program program, const PlannerOptions& planner) {
  PlannerOptions unlimited = planner;
  unlimited.ram_limit = 0;
  Planned best;
  best.program = std::move(program);
  best.buffers = plan_buffers(best.program, best.index);
  best.plan = plan_memory(best.buffers, unlimited);
  for (int round = 0; round < 4; ++round) {
    Planned next;
    next.program = best.program;
    if (!release_unused_scratch(next.program, best.index, best.plan.offsets)) break;
    next.buffers = plan_buffers(next.program, next.index);
    next.plan = plan_memory(next.buffers, unlimited);
    if (next.plan.arena_size >= best.plan.arena_size) break;
    best = std::move(next);
  }
  return best;
}

bool same_order(const Graph& a, const Graph& b) {
  for (size_t n = 0; n < a.nodes.size(); ++n)
    if (a.nodes[n].outputs != b.nodes[n].outputs) return false;
  return true;
}

}  // namespace

CodegenResult generate_code(const Graph& model, const CodegenOptions& opts) {
  const std::string& id = opts.name;
  bool valid = !id.empty() && !std::isdigit(static_cast<unsigned char>(id[0]));
  for (char c : id) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  if (!valid) fail("--name '" + id + "' is not a C identifier", ErrorKind::Usage);
  try {
    // The node order: the memory-aware schedule when the planner fits it in a
    // smaller arena than the model's own order (in-place and scratch are the
    // planner's to see, not the schedule's), else the model's.
    Planned chosen = plan_program(codegen::build_program(model, opts), opts.planner);
    Graph scheduled = model;
    schedule_for_memory(scheduled);
    int64_t model_order_arena = -1;
    if (!same_order(model, scheduled)) {
      Planned alt = plan_program(codegen::build_program(scheduled, opts), opts.planner);
      if (alt.plan.arena_size < chosen.plan.arena_size) {
        model_order_arena = chosen.plan.arena_size;
        chosen = std::move(alt);
      }
    }
    const Graph& g = model_order_arena >= 0 ? scheduled : model;
    Program& p = chosen.program;
    const std::vector<int>& index = chosen.index;
    CodegenResult r;
    r.model_order_arena = model_order_arena;
    r.buffers = chosen.buffers;
    // The chosen plan; planned again only to check a RAM limit on it.
    r.plan = opts.planner.ram_limit != 0 ? plan_memory(r.buffers, opts.planner) : chosen.plan;
    std::vector<int64_t> offsets(p.buffers.size(), -1);
    for (size_t b = 0; b < p.buffers.size(); ++b)
      if (index[b] >= 0) offsets[b] = r.plan.offsets[index[b]];
    for (size_t b = 0; b < p.buffers.size(); ++b) {
      const int root = root_of(p, static_cast<int>(b));
      if (offsets[b] < 0 && index[root] >= 0) offsets[b] = r.plan.offsets[index[root]];
    }
    // Summary: output offsets of each op.
    for (size_t b = 0; b < p.buffers.size(); ++b)
      for (codegen::Step& s : p.steps)
        for (const codegen::Arg& a : s.args)
          if (a.kind == codegen::Arg::Kind::Buffer && a.write && a.buffer == static_cast<int>(b) &&
              p.buffers[b].storage != Storage::Scratch && s.op_index >= 0 && p.ops[s.op_index].out_offset < 0)
            p.ops[s.op_index].out_offset = offsets[b];
    const codegen::EmitContext ctx{g, p, r.plan, offsets, opts};
    const std::string& name = opts.name;
    r.files[name + ".h"] = codegen::emit_header(ctx);
    r.files[name + ".cpp"] = codegen::emit_source(ctx);
    std::vector<std::string> sources = {name + ".cpp"};
    if (!opts.selftest_inputs.empty()) {
      if (opts.selftest_inputs.size() != g.inputs.size())
        fail("the self-test needs data for " + std::to_string(g.inputs.size()) + " input(s)", ErrorKind::Usage);
      std::vector<std::vector<std::vector<int8_t>>> per_input;
      for (size_t i = 0; i < g.inputs.size(); ++i)
        per_input.push_back(samples_of(opts.selftest_inputs[i], g.tensor(g.inputs[i])));
      const size_t n = per_input[0].size();
      for (const auto& v : per_input)
        if (v.size() != n) fail("self-test inputs differ in their number of samples", ErrorKind::Usage);
      std::vector<std::vector<std::vector<int8_t>>> inputs(n), expected(n);
      for (size_t s = 0; s < n; ++s) {
        std::vector<Tensor> in;
        for (size_t i = 0; i < g.inputs.size(); ++i) {
          Tensor t = g.tensor(g.inputs[i]);
          t.data.assign(reinterpret_cast<const uint8_t*>(per_input[i][s].data()),
                        reinterpret_cast<const uint8_t*>(per_input[i][s].data()) + per_input[i][s].size());
          in.push_back(t);
          inputs[s].push_back(per_input[i][s]);
        }
        for (const Tensor& y : run_int8(g, in)) expected[s].emplace_back(y.ptr<int8_t>(), y.ptr<int8_t>() + y.size());
      }
      r.files[name + "_selftest.cpp"] = codegen::emit_selftest(ctx, inputs, expected);
      sources.push_back(name + "_selftest.cpp");
    }
    for (const std::string& f : codegen::runtime_files_for(p.kernels_used, opts.target)) {
      r.files["runtime/" + f] = embedded_runtime_files().at(f);
      if (f.size() > 4 && f.compare(f.size() - 4, 4, ".cpp") == 0) sources.push_back("runtime/" + f);
    }
    std::string list;
    for (const auto& s : sources) list += s + "\n";
    r.files["sources.txt"] = list;
    r.files["CMakeLists.txt"] = codegen::emit_cmake(name, sources);
    for (const codegen::ConstArray& a : p.arrays)
      r.weight_bytes += static_cast<int64_t>(a.values.size()) * (a.ctype == "int32_t" ? 4 : a.ctype == "int16_t" ? 2 : 1);
    if (!opts.io_in_arena) {  // else they are part of the arena
      for (const std::string& i : g.inputs) r.io_bytes += g.tensor(i).size();
      for (const std::string& o : g.outputs) r.io_bytes += g.tensor(o).size();
    }
    r.ops = p.ops;
    r.kernels = p.kernels_used;
    return r;
  } catch (const Error& e) {
    throw e.with_file(model.source_path);
  }
}

}  // namespace tinyc
