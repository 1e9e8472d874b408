// The program builder: graph inputs and outputs at the caller's layout
// (NCHW), buffers, and the walk over the int8 graph.
#include "codegen/builder.h"

#include <algorithm>
#include <cctype>

#include "codegen/layout.h"
#include "tinyc/error.h"

namespace tinyc::codegen {

std::string c_int(int64_t v) {
  if (v == INT32_MIN) return "(-2147483647 - 1)";
  return std::to_string(v);
}

// ---- Program bookkeeping ----

int Program::add_buffer(Buffer b) {
  buffers.push_back(std::move(b));
  return static_cast<int>(buffers.size()) - 1;
}

std::string Program::ident(const std::string& hint) {
  std::string s;
  // Names with "__" are reserved in C++: runs of other characters become one '_'.
  for (char c : hint) {
    const char o = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    if (!(o == '_' && !s.empty() && s.back() == '_')) s += o;
  }
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "t_" + s;
  if (s.size() > 40) s = s.substr(s.size() - 40);  // keep the distinctive tail of long exporter names
  while (!s.empty() && s[0] == '_') s.erase(0, 1);
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "t" + s;
  const int n = ident_count_[s]++;
  return n == 0 ? s : s + "_" + std::to_string(n);
}

std::string Program::add_array(const std::string& hint, const std::string& ctype, std::vector<int64_t> values,
                               bool weights) {
  ConstArray a;
  a.name = ident("k_" + hint);
  a.ctype = ctype;
  a.values = std::move(values);
  a.weights = weights;
  arrays.push_back(std::move(a));
  return arrays.back().name;
}

std::string Program::add_struct(const std::string& hint, const std::string& type, std::vector<std::string> fields) {
  ConstStruct s;
  s.name = ident("p_" + hint);
  s.type = type;
  s.fields = std::move(fields);
  structs.push_back(std::move(s));
  return structs.back().name;
}

void Program::use_kernel(const std::string& k) {
  if (std::find(kernels_used.begin(), kernels_used.end(), k) == kernels_used.end()) kernels_used.push_back(k);
}

// ---- Builder ----

Builder::Builder(const Graph& g, const CodegenOptions& opts) : g_(g), opts_(opts) {}

Program Builder::build() {
  std::string missing;
  int count = 0;
  for (const Node& n : g_.nodes)
    if (!op_handlers().count(n.op_type)) {
      missing += (missing.empty() ? "" : ", ") + std::string("node '") + n.name + "' (" + n.op_type + ")";
      ++count;
    }
  if (count) fail("the int8 runtime has no kernel for " + std::to_string(count) + " node(s): " + missing);

  for (size_t i = 0; i < g_.outputs.size(); ++i) {
    const std::string& o = g_.outputs[i];
    const bool is_input = std::find(g_.inputs.begin(), g_.inputs.end(), o) != g_.inputs.end();
    const bool repeated = std::count(g_.outputs.begin(), g_.outputs.end(), o) > 1;
    if (!is_input && !repeated && is_row_major_bytes(g_.tensor(o))) direct_outputs_.insert(o);
  }
  lower_inputs();
  for (const Node& n : g_.nodes) {
    node_ = &n;
    OpSummary s;
    s.node = n.name;
    s.op = n.op_type;
    s.in_shape = n.inputs.empty() ? "" : shape_str(g_.tensor(n.inputs[0]).shape);
    s.out_shape = shape_str(g_.tensor(n.outputs.at(0)).shape);
    p_.ops.push_back(s);
    op_index_ = static_cast<int>(p_.ops.size()) - 1;
    try {
      op_handlers().at(n.op_type)(*this, n);
    } catch (const Error& e) {
      if (!e.node().empty()) throw;
      fail_node(n.name, n.op_type, e.message());
    }
  }
  node_ = nullptr;
  lower_outputs();
  return std::move(p_);
}

void Builder::lower_inputs() {
  for (size_t i = 0; i < g_.inputs.size(); ++i) {
    const Tensor& t = g_.tensor(g_.inputs[i]);
    Buffer in;
    in.name = t.name;
    in.bytes = t.size();
    in.storage = opts_.io_in_arena ? Storage::Arena : Storage::Input;
    in.input_slot = opts_.io_in_arena;
    in.io_index = static_cast<int>(i);
    const int ib = p_.add_buffer(in);
    if (is_row_major_bytes(t)) {
      p_.tensor_buffer[t.name] = ib;
      continue;
    }
    // The caller passes NCHW; the kernels want channels-last: one copy in.
    OpSummary s;
    s.node = t.name;
    s.op = "input layout";
    s.kernel = "copy_strided_s8";
    s.in_shape = s.out_shape = shape_str(t.shape);
    p_.ops.push_back(s);
    op_index_ = static_cast<int>(p_.ops.size()) - 1;
    Buffer a;
    a.name = t.name + "_nhwc";
    a.bytes = t.size();
    const int ab = p_.add_buffer(a);
    p_.tensor_buffer[t.name] = ab;
    Arg src;
    src.kind = Arg::Kind::Buffer;
    src.buffer = ib;
    Arg dst = src;
    dst.buffer = ab;
    dst.write = true;
    relayout(src, row_major_strides(t.shape), dst, logical_strides(t), t.shape);
    p_.steps.back().comment = "input '" + t.name + "': NCHW -> channels-last";
  }
}

void Builder::lower_outputs() {
  for (size_t i = 0; i < g_.outputs.size(); ++i) {
    const std::string& o = g_.outputs[i];
    if (direct_outputs_.count(o)) continue;
    const Tensor& t = g_.tensor(o);
    Buffer out;
    out.name = o;
    out.bytes = t.size();
    out.storage = opts_.io_in_arena ? Storage::Arena : Storage::Output;
    out.output_slot = opts_.io_in_arena;
    out.io_index = static_cast<int>(i);
    const int ob = p_.add_buffer(out);
    OpSummary s;
    s.node = o;
    s.op = "output layout";
    s.kernel = "copy_strided_s8";
    s.in_shape = s.out_shape = shape_str(t.shape);
    p_.ops.push_back(s);
    op_index_ = static_cast<int>(p_.ops.size()) - 1;
    Arg src = in(o);
    Arg dst;
    dst.kind = Arg::Kind::Buffer;
    dst.buffer = ob;
    dst.write = true;
    relayout(src, logical_strides(t), dst, row_major_strides(t.shape), t.shape);
    p_.steps.back().comment = "output '" + o + "': channels-last -> NCHW";
  }
}

int Builder::tensor_buffer(const std::string& tensor) const {
  auto it = p_.tensor_buffer.find(tensor);
  if (it == p_.tensor_buffer.end()) fail("tensor '" + tensor + "' has no buffer", ErrorKind::Internal);
  return it->second;
}

Arg Builder::in(const std::string& tensor) {
  const Tensor& t = g_.tensor(tensor);
  if (t.is_constant) {
    std::vector<int64_t> v = t.to_int64();
    Arg a;
    a.text = array(tensor, t.dtype == DType::I32 ? "int32_t" : "int8_t", std::move(v), /*weights=*/true);
    return a;
  }
  Arg a;
  a.kind = Arg::Kind::Buffer;
  a.buffer = tensor_buffer(tensor);
  return a;
}

Arg Builder::out(const std::string& tensor) {
  const Tensor& t = g_.tensor(tensor);
  Buffer b;
  b.name = tensor;
  b.bytes = t.size();
  if (direct_outputs_.count(tensor)) {
    b.storage = opts_.io_in_arena ? Storage::Arena : Storage::Output;
    b.output_slot = opts_.io_in_arena;
    b.io_index = static_cast<int>(std::find(g_.outputs.begin(), g_.outputs.end(), tensor) - g_.outputs.begin());
  }
  const int idx = p_.add_buffer(b);
  p_.tensor_buffer[tensor] = idx;
  OpSummary& s = p_.ops.back();
  s.out_bytes = b.bytes;
  Arg a;
  a.kind = Arg::Kind::Buffer;
  a.buffer = idx;
  a.write = true;
  return a;
}

void Builder::alias(const std::string& tensor, const std::string& of) {
  Buffer b;
  b.name = tensor;
  b.bytes = g_.tensor(tensor).size();
  b.alias_of = tensor_buffer(of);
  p_.tensor_buffer[tensor] = p_.add_buffer(b);
  p_.ops.back().out_bytes = b.bytes;
}

Arg Builder::temp(const std::string& hint, int64_t bytes, bool write) {
  Buffer b;
  b.name = hint;
  b.bytes = bytes;
  b.storage = Storage::Scratch;
  Arg a;
  a.kind = Arg::Kind::Buffer;
  a.buffer = p_.add_buffer(b);
  a.write = write;
  return a;
}

void Builder::call(const std::string& kernel, std::vector<Arg> args, bool inplace_ok) {
  Step s;
  s.kernel = kernel;
  s.inplace_ok = inplace_ok;
  s.args = std::move(args);
  s.op_index = op_index_;
  if (node_) s.comment = node_->op_type + " '" + node_->name + "'";
  p_.steps.push_back(std::move(s));
  p_.use_kernel(kernel);
  OpSummary& o = p_.ops.at(op_index_);
  o.kernel = o.kernel.empty() ? kernel : (o.kernel.find(kernel) == std::string::npos ? o.kernel + "+" + kernel : o.kernel);
}

void Builder::relayout(const Arg& src, const std::vector<int64_t>& src_strides, const Arg& dst,
                       const std::vector<int64_t>& dst_strides, const Shape& dims, int64_t src_offset,
                       int64_t dst_offset) {
  // Iterate in the destination's storage order (sequential writes), drop unit
  // dims, and merge neighbours that are contiguous in both layouts.
  std::vector<size_t> order;
  for (size_t d = 0; d < dims.size(); ++d)
    if (dims[d] != 1) order.push_back(d);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dst_strides[a] > dst_strides[b]; });
  std::vector<int64_t> n, is, os;
  for (size_t d : order) {
    if (!n.empty() && is.back() == src_strides[d] * dims[d] && os.back() == dst_strides[d] * dims[d]) {
      n.back() *= dims[d];
      is.back() = src_strides[d];
      os.back() = dst_strides[d];
      continue;
    }
    n.push_back(dims[d]);
    is.push_back(src_strides[d]);
    os.push_back(dst_strides[d]);
  }
  if (n.empty()) { n = {1}; is = {1}; os = {1}; }
  // The runtime pays its index odometer once per innermost run: unless that
  // run is contiguous on both sides (one memcpy), make the longest dimension
  // the inner loop (an NCHW -> NHWC image is 3 runs of H*W, not H*W runs of 3).
  if (!(is.back() == 1 && os.back() == 1)) {
    const size_t longest = static_cast<size_t>(std::max_element(n.begin(), n.end()) - n.begin());
    std::rotate(n.begin() + longest, n.begin() + longest + 1, n.end());
    std::rotate(is.begin() + longest, is.begin() + longest + 1, is.end());
    std::rotate(os.begin() + longest, os.begin() + longest + 1, os.end());
  }
  if (n.size() > 6) fail("a copy over more than 6 dimensions is not supported by the runtime");
  auto arr = [](std::vector<int64_t> v) {
    v.resize(6, 0);
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + c_int(v[i]);
    return s + "}";
  };
  const std::string p = params(node_ ? node_->name : "copy", "tinyc_rt::CopyParams",
                               {std::to_string(n.size()), arr(n), arr(is), arr(os), c_int(src_offset), c_int(dst_offset)});
  call("copy_strided_s8", {text("&" + p), src, dst});
}

Arg Builder::in_row_major(const std::string& tensor) {
  const Tensor& t = g_.tensor(tensor);
  if (t.is_constant || is_row_major_bytes(t)) return in(tensor);
  Arg tmp = temp(tensor + "_rowmajor", t.size(), true);
  relayout(in(tensor), logical_strides(t), tmp, row_major_strides(t.shape), t.shape);
  return reread(tmp);
}

Arg Builder::out_row_major_begin(const std::string& tensor) {
  const Tensor& t = g_.tensor(tensor);
  if (is_row_major_bytes(t)) return out(tensor);
  return temp(tensor + "_rowmajor", t.size(), true);
}

void Builder::out_row_major_end(const std::string& tensor, const Arg& written) {
  const Tensor& t = g_.tensor(tensor);
  if (is_row_major_bytes(t)) return;
  relayout(reread(written), row_major_strides(t.shape), out(tensor), logical_strides(t), t.shape);
}

const std::map<std::string, OpHandler>& op_handlers() {
  static const std::map<std::string, OpHandler> t = [] {
    std::map<std::string, OpHandler> m;
    register_compute_handlers(m);
    register_pointwise_handlers(m);
    register_movement_handlers(m);
    return m;
  }();
  return t;
}

Program build_program(const Graph& g, const CodegenOptions& opts) { return Builder(g, opts).build(); }

}  // namespace tinyc::codegen
