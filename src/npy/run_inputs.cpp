// Feeding .npy arrays to a model (include/tinyc/run_inputs.h).
#include "tinyc/run_inputs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tinyc/error.h"

namespace tinyc {

namespace {

bool is_integer(DType t) { return t != DType::F32 && t != DType::F64 && t != DType::F16 && t != DType::Undefined; }

/// Does integer v survive a round trip through dtype t?
bool fits(int64_t v, DType t) {
  switch (t) {
    case DType::F32: return v >= -(int64_t{1} << 24) && v <= (int64_t{1} << 24);
    case DType::F64: return v >= -(int64_t{1} << 53) && v <= (int64_t{1} << 53);
    case DType::I8: return v >= -128 && v <= 127;
    case DType::U8: return v >= 0 && v <= 255;
    case DType::I16: return v >= -32768 && v <= 32767;
    case DType::U16: return v >= 0 && v <= 65535;
    case DType::I32: return v >= INT32_MIN && v <= INT32_MAX;
    case DType::I64: return true;
    case DType::Bool: return v == 0 || v == 1;
    default: return false;
  }
}

void store(Tensor& r, size_t i, double f, int64_t v) {
  uint8_t* p = r.data.data();
  switch (r.dtype) {
    case DType::F32: { float x = static_cast<float>(f); std::memcpy(p + 4 * i, &x, 4); break; }
    case DType::F64: std::memcpy(p + 8 * i, &f, 8); break;
    case DType::I8: p[i] = static_cast<uint8_t>(static_cast<int8_t>(v)); break;
    case DType::U8: case DType::Bool: p[i] = static_cast<uint8_t>(v); break;
    case DType::I16: { int16_t x = static_cast<int16_t>(v); std::memcpy(p + 2 * i, &x, 2); break; }
    case DType::U16: { uint16_t x = static_cast<uint16_t>(v); std::memcpy(p + 2 * i, &x, 2); break; }
    case DType::I32: { int32_t x = static_cast<int32_t>(v); std::memcpy(p + 4 * i, &x, 4); break; }
    case DType::I64: std::memcpy(p + 8 * i, &v, 8); break;
    default: break;
  }
}

std::string dims_str(const DeclaredInput& d) {
  std::string s;
  for (size_t i = 0; i < d.dims.size(); ++i) {
    if (i) s += "x";
    s += d.dims[i] >= 0 ? std::to_string(d.dims[i]) : (d.params[i].empty() ? "?" : d.params[i]);
  }
  return s.empty() ? "scalar" : s;
}

/// The per-input decision of plan_run.
struct InputPlan {
  RunPlan::Split split = RunPlan::Split::Whole;
  int64_t samples = 1;
};

}  // namespace

Tensor convert_lossless(const Tensor& a, DType to, const std::string& file) {
  if (a.dtype == to) return a;
  if (to == DType::F16 || to == DType::Undefined || a.dtype == DType::F16 || a.dtype == DType::Undefined)
    throw Error(file, "", "", std::string("cannot convert ") + dtype_name(a.dtype) + " to " + dtype_name(to));
  Tensor r(a.name, to, a.shape);
  r.allocate();
  auto refuse = [&](const std::string& value, size_t i) {
    throw Error(file, "", "", std::string("the model wants ") + dtype_name(to) + ", the file holds " + dtype_name(a.dtype) +
                                  " and value " + value + " (element " + std::to_string(i) +
                                  ") would change: convert the data yourself");
  };
  if (is_integer(a.dtype)) {
    std::vector<int64_t> v = a.to_int64();
    for (size_t i = 0; i < v.size(); ++i) {
      if (!fits(v[i], to)) refuse(std::to_string(v[i]), i);
      store(r, i, static_cast<double>(v[i]), v[i]);
    }
    return r;
  }
  std::vector<float> v = a.to_float();
  for (size_t i = 0; i < v.size(); ++i) {
    const double f = v[i];
    int64_t iv = 0;
    if (is_integer(to)) {
      if (!(std::floor(f) == f) || std::fabs(f) > 9.0e15) refuse(std::to_string(f), i);
      iv = static_cast<int64_t>(f);
      if (!fits(iv, to)) refuse(std::to_string(f), i);
    }
    store(r, i, f, iv);
  }
  return r;
}

RunPlan plan_run(const std::vector<DeclaredInput>& inputs, const std::vector<Tensor>& arrays,
                 const std::vector<std::string>& files, const ImportOptions& base) {
  if (arrays.size() != inputs.size()) {
    std::string names;
    for (const auto& d : inputs) names += (names.empty() ? "" : ", ") + d.name;
    fail("the model has " + std::to_string(inputs.size()) + " input(s) (" + names + "), " +
             std::to_string(arrays.size()) + " .npy file(s) were given",
         ErrorKind::Usage);
  }
  RunPlan plan;
  plan.import = base;
  std::vector<InputPlan> per(inputs.size());
  for (size_t k = 0; k < inputs.size(); ++k) {
    const DeclaredInput& d = inputs[k];
    const Shape& s = arrays[k].shape;
    // The input's dimensions as far as the options and the model fix them.
    std::vector<int64_t> want = d.dims;
    std::vector<std::string> params = d.params;
    auto given = base.input_shapes.find(d.name);
    if (given != base.input_shapes.end()) {
      want = given->second;
      params.assign(want.size(), "");
    } else {
      for (size_t i = 0; i < want.size(); ++i)
        if (want[i] < 0 && !params[i].empty() && base.dim_values.count(params[i])) want[i] = base.dim_values.at(params[i]);
    }
    const size_t r = want.size();
    auto mismatch = [&]() {
      throw Error(files[k], "", "", "has shape " + shape_str(s) + ", the model's input '" + d.name + "' is " +
                                        (given != base.input_shapes.end() ? shape_str(want) : dims_str(d)));
    };
    // Fills open dimensions from the array's trailing dims (offset: how many leading array dims to skip).
    auto fill_from = [&](size_t offset, bool batch_to_one) {
      for (size_t i = 0; i < r; ++i) {
        int64_t v = (i == 0 && batch_to_one) ? 1 : s[i + offset];
        if (want[i] >= 0) {
          if (want[i] != v) return false;
          continue;
        }
        if (params[i].empty()) {
          Shape full(s.begin() + static_cast<std::ptrdiff_t>(offset), s.end());
          if (batch_to_one) full[0] = 1;
          plan.import.input_shapes[d.name] = full;
        } else {
          auto it = plan.import.dim_values.find(params[i]);
          if (it != plan.import.dim_values.end() && it->second != v) return false;
          plan.import.dim_values[params[i]] = v;
        }
        want[i] = v;
      }
      return true;
    };
    const bool leading_open = r > 0 && want[0] < 0;
    ImportOptions saved = plan.import;
    if (s.size() == r + 1) {
      if (!fill_from(1, false)) mismatch();
      per[k] = {RunPlan::Split::ExtraAxis, s[0]};
    } else if (s.size() == r && r > 0 && s[0] > 1 && (want[0] == 1 || leading_open)) {
      // The model takes one sample at a time (batch 1, or symbolic: fixed to 1).
      if (!fill_from(0, true)) mismatch();
      per[k] = {RunPlan::Split::BatchAxis, s[0]};
    } else if (s.size() == r) {
      if (!fill_from(0, false)) {
        plan.import = saved;
        mismatch();
      }
      per[k] = {RunPlan::Split::Whole, 1};
    } else {
      mismatch();
    }
  }
  plan.split = per.empty() ? RunPlan::Split::Whole : per[0].split;
  plan.samples = per.empty() ? 1 : per[0].samples;
  for (size_t k = 1; k < per.size(); ++k)
    if (per[k].split != plan.split || per[k].samples != plan.samples)
      throw Error(files[k], "", "", "holds " + std::to_string(per[k].samples) + " sample(s) laid out differently from " +
                                        files[0] + " (" + std::to_string(plan.samples) + "): give every input the same samples",
                  ErrorKind::Usage);
  return plan;
}

std::vector<Tensor> run_on_arrays(const Graph& g, const std::vector<Tensor>& arrays, const std::vector<std::string>& files,
                                  const RunPlan& plan, const GraphRunner& run) {
  std::vector<std::vector<Tensor>> results;
  for (int64_t i = 0; i < plan.samples; ++i) {
    std::vector<Tensor> in;
    for (size_t k = 0; k < g.inputs.size(); ++k) {
      const Tensor& decl = g.tensor(g.inputs[k]);
      const Tensor& a = arrays.at(k);
      const size_t chunk = a.data.size() / static_cast<size_t>(plan.samples);
      Tensor sample(decl.name, a.dtype, decl.shape);
      if (chunk != static_cast<size_t>(num_elements(decl.shape)) * dtype_size(a.dtype))
        throw Error(files[k], "", "", "has shape " + shape_str(a.shape) + ", which does not fit input '" + decl.name + "' of shape " +
                                          shape_str(decl.shape));
      sample.data.assign(a.data.begin() + static_cast<std::ptrdiff_t>(chunk * i),
                         a.data.begin() + static_cast<std::ptrdiff_t>(chunk * (i + 1)));
      in.push_back(convert_lossless(sample, decl.dtype, files[k]));
    }
    results.push_back(run(in));
  }
  if (plan.split == RunPlan::Split::Whole) return results.at(0);
  std::vector<Tensor> out;
  for (size_t o = 0; o < results[0].size(); ++o) {
    const Tensor& first = results[0][o];
    Shape shape = first.shape;
    const bool concat = plan.split == RunPlan::Split::BatchAxis && !shape.empty();
    if (concat) shape[0] *= plan.samples;
    else shape.insert(shape.begin(), plan.samples);
    Tensor t(first.name, first.dtype, shape);
    for (const auto& r : results) {
      if (r[o].shape != first.shape || r[o].dtype != first.dtype)
        fail("output '" + first.name + "' changes shape between samples", ErrorKind::Internal);
      t.data.insert(t.data.end(), r[o].data.begin(), r[o].data.end());
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> output_paths(const std::string& path, size_t outputs) {
  if (outputs == 1) return {path};
  std::filesystem::path p(path);
  std::vector<std::string> out;
  for (size_t i = 0; i < outputs; ++i) {
    std::filesystem::path q = p.parent_path() / (p.stem().string() + "_" + std::to_string(i) + p.extension().string());
    out.push_back(q.string());
  }
  return out;
}

}  // namespace tinyc

namespace tinyc {

std::string summarize_output(const Tensor& t) {
  std::string s = std::string(dtype_name(t.dtype)) + " " + shape_str(t.shape);
  std::vector<float> v = t.to_float();
  if (v.empty()) return s + "  (empty)";
  float lo = v[0], hi = v[0];
  double sum = 0;
  for (float x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    sum += x;
  }
  auto num = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return std::string(buf);
  };
  s += "  min " + num(lo) + "  max " + num(hi) + "  mean " + num(sum / static_cast<double>(v.size()));
  const size_t row = t.shape.empty() ? 1 : static_cast<size_t>(t.shape.back());
  if (row > 1) {
    s += "  argmax";
    const size_t rows = v.size() / row;
    for (size_t r = 0; r < rows && r < 8; ++r) {
      size_t best = 0;
      for (size_t i = 1; i < row; ++i)
        if (v[r * row + i] > v[r * row + best]) best = i;
      s += " " + std::to_string(best);
    }
    if (rows > 8) s += " ...";
  }
  s += "  values";
  for (size_t i = 0; i < v.size() && i < 8; ++i) s += " " + num(v[i]);
  if (v.size() > 8) s += " ...";
  return s;
}

}  // namespace tinyc
