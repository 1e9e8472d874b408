#include "tinyc/pipeline.h"

#include <algorithm>

#include "tinyc/error.h"
#include "tinyc/npy.h"
#include "tinyc/passes.h"
#include "tinyc/reference.h"

namespace tinyc {

ImportOptions parse_shape_specs(const std::vector<std::string>& specs, const std::vector<std::string>& input_names) {
  ImportOptions o;
  for (const auto& s : specs) {
    const size_t eq = s.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      fail("--shape wants NAME=1x3x96x96 (an input) or NAME=N (a symbolic dimension), got '" + s + "'", ErrorKind::Usage);
    const std::string name = s.substr(0, eq), value = s.substr(eq + 1);
    Shape dims;
    size_t pos = 0;
    while (true) {
      const size_t x = value.find('x', pos);
      const std::string d = value.substr(pos, x == std::string::npos ? std::string::npos : x - pos);
      if (d.empty() || d.size() > 12 || d.find_first_not_of("0123456789") != std::string::npos)
        fail("--shape '" + s + "': '" + d + "' is not a dimension", ErrorKind::Usage);
      dims.push_back(std::stoll(d));
      if (x == std::string::npos) break;
      pos = x + 1;
    }
    // A graph input's name fixes that input's shape (even "x=5" for a 1-D input).
    const bool is_input = std::find(input_names.begin(), input_names.end(), name) != input_names.end();
    if (is_input || dims.size() > 1) o.input_shapes[name] = dims;
    else o.dim_values[name] = dims[0];
  }
  return o;
}

ImportOptions shape_options(const std::string& path, const std::vector<std::string>& specs) {
  if (specs.empty()) return {};
  std::vector<std::string> names;
  for (const DeclaredInput& in : declared_inputs(path)) names.push_back(in.name);
  return parse_shape_specs(specs, names);
}

Graph load_model(const std::string& path, const ImportOptions& opts) {
  Graph g = import_onnx(path, opts);
  try {
    run_float_pipeline(g);
  } catch (const Error& e) {
    throw e.with_file(path);
  }
  return g;
}

std::vector<Tensor> read_npy_list(const std::string& comma_separated) {
  std::vector<Tensor> r;
  size_t pos = 0;
  while (pos <= comma_separated.size()) {
    const size_t c = comma_separated.find(',', pos);
    const std::string p = comma_separated.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
    if (p.empty()) fail("empty file name in '" + comma_separated + "'", ErrorKind::Usage);
    r.push_back(read_npy(p));
    if (c == std::string::npos) break;
    pos = c + 1;
  }
  return r;
}

Graph build_qdq(const Graph& cleaned, const std::vector<Tensor>* calib, const QuantizeOptions& q) {
  if (is_quantized_model(cleaned)) {
    Graph g = cleaned;
    expand_qoperators(g);
    return g;
  }
  if (!calib || calib->empty())
    fail(cleaned.source_path + " is a float model: give calibration data with --calib CAL.npy to quantize it",
         ErrorKind::Usage);
  return quantize_graph(cleaned, *calib, q);
}

Int8Lowering build_int8(const Graph& cleaned, const std::vector<Tensor>* calib, const QuantizeOptions& q) {
  return lower_to_int8(build_qdq(cleaned, calib, q));
}

Tensor int8_input_data(const Tensor& data, const Tensor& decl) {
  if (data.dtype == DType::I8) return data;
  if (data.dtype == DType::F32 || data.dtype == DType::F64) {
    Tensor q = quantize_tensor(data, *decl.quant);
    q.shape = data.shape;
    return q;
  }
  fail("data for input '" + decl.name + "' is " + dtype_name(data.dtype) + "; give float32 (quantized with the input's "
       "parameters) or int8", ErrorKind::Usage);
}

}  // namespace tinyc
