// The text-IR parser and numeric helpers of the pass tests (see ir_text.h).
#include "passes/ir_text.h"
#include "passes/test_rng.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>


namespace tinyc::test {
namespace {

const std::map<std::string, DType>& dtypes() {
  static const std::map<std::string, DType> m = {
      {"f32", DType::F32}, {"f64", DType::F64}, {"f16", DType::F16}, {"i8", DType::I8},   {"u8", DType::U8},
      {"i16", DType::I16}, {"u16", DType::U16}, {"i32", DType::I32}, {"i64", DType::I64}, {"bool", DType::Bool}};
  return m;
}

bool is_float_text(const std::string& s) { return s.find_first_of(".eEni") != std::string::npos; }

// A cursor over one line.
class Line {
 public:
  Line(std::string text, int number) : s_(std::move(text)), line_(number) {}

  [[noreturn]] void error(const std::string& what) const {
    throw std::runtime_error("IR line " + std::to_string(line_) + ": " + what + " in '" + s_ + "'");
  }
  void skip_ws() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool at_end() {
    skip_ws();
    return pos_ >= s_.size();
  }
  bool next_is(char c) {
    skip_ws();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool accept(const std::string& tok) {
    skip_ws();
    if (s_.compare(pos_, tok.size(), tok) != 0) return false;
    pos_ += tok.size();
    return true;
  }
  void expect(const std::string& tok) {
    if (!accept(tok)) error("expected '" + tok + "'");
  }
  // Names, numbers and op types: anything up to a delimiter.
  std::string word() {
    skip_ws();
    size_t start = pos_;
    while (pos_ < s_.size() && !std::isspace(static_cast<unsigned char>(s_[pos_])) &&
           std::string("(),[]{}=\"").find(s_[pos_]) == std::string::npos)
      ++pos_;
    if (start == pos_) error("expected a name or number");
    return s_.substr(start, pos_ - start);
  }
  std::string value_name() {  // %name, or _ for an omitted one
    if (accept("_")) return "";
    expect("%");
    return word();
  }
  std::string quoted() {
    expect("\"");
    std::string r;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (s_[pos_] == '\\') ++pos_;
      if (pos_ < s_.size()) r += s_[pos_++];
    }
    expect("\"");
    return r;
  }
  double number() {
    std::string w = word();
    try {
      return std::stod(w);
    } catch (const std::exception&) {
      error("'" + w + "' is not a number");
    }
  }

 private:
  std::string s_;
  int line_;
  size_t pos_ = 0;
};

// "f32[1,2,3]" with an optional " q(s=0.5, z=-3)".
Tensor parse_type(Line& in, const std::string& name) {
  std::string dt = in.word();
  auto it = dtypes().find(dt);
  if (it == dtypes().end()) in.error("unknown dtype '" + dt + "'");
  Tensor t(name, it->second, {});
  in.expect("[");
  while (!in.accept("]")) {
    t.shape.push_back(static_cast<int64_t>(in.number()));
    in.accept(",");
  }
  if (in.accept("q(")) {
    QuantParams q;
    in.expect("s=");
    q.scale.push_back(static_cast<float>(in.number()));
    in.expect(",");
    in.expect("z=");
    q.zero_point.push_back(static_cast<int32_t>(in.number()));
    in.expect(")");
    t.quant = q;
  }
  return t;
}

void fill_constant(Line& in, Tensor& t) {
  std::vector<double> v;
  if (in.accept("(")) {  // "(N values)": pseudo-random in [-1, 1]
    Rng rng(name_seed(t.name));
    for (int64_t i = 0; i < t.size(); ++i) v.push_back(rng.uniform(-1.f, 1.f));
    in.word();
    in.expect("values");
    in.expect(")");
  } else {
    in.expect("=");
    if (in.accept("uniform(")) {
      const double lo = in.number();
      in.expect(",");
      const double hi = in.number();
      in.expect(")");
      Rng rng(name_seed(t.name));
      for (int64_t i = 0; i < t.size(); ++i) v.push_back(rng.uniform(static_cast<float>(lo), static_cast<float>(hi)));
    } else if (in.accept("[")) {
      while (!in.accept("]")) {
        v.push_back(in.number());
        in.accept(",");
      }
    } else {
      v.push_back(in.number());
    }
  }
  if (static_cast<int64_t>(v.size()) != t.size()) in.error("wrong number of values");
  t.is_constant = true;
  t.allocate();
  for (size_t i = 0; i < v.size(); ++i) {
    uint8_t* p = t.data.data() + i * dtype_size(t.dtype);
    auto put = [p](auto x) { std::memcpy(p, &x, sizeof x); };
    switch (t.dtype) {
      case DType::F32: put(static_cast<float>(v[i])); break;
      case DType::F64: put(v[i]); break;
      case DType::I8: put(static_cast<int8_t>(v[i])); break;
      case DType::U8: case DType::Bool: put(static_cast<uint8_t>(v[i])); break;
      case DType::I16: put(static_cast<int16_t>(v[i])); break;
      case DType::U16: put(static_cast<uint16_t>(v[i])); break;
      case DType::I32: put(static_cast<int32_t>(v[i])); break;
      case DType::I64: put(static_cast<int64_t>(v[i])); break;
      default: in.error("cannot write values of this dtype");
    }
  }
}

Attribute parse_attr_value(Line& in) {
  if (in.next_is('"')) return Attribute::of_string(in.quoted());
  if (in.accept("[")) {
    std::vector<std::string> words;
    while (!in.accept("]")) {
      if (in.next_is('"')) in.error("string lists are not supported");
      words.push_back(in.word());
      in.accept(",");
    }
    bool floats = false;
    for (const auto& w : words) floats = floats || is_float_text(w);
    if (floats) {
      std::vector<float> f;
      for (const auto& w : words) f.push_back(std::stof(w));
      return Attribute::of_floats(f);
    }
    std::vector<int64_t> i;
    for (const auto& w : words) i.push_back(std::stoll(w));
    return Attribute::of_ints(i);
  }
  const std::string w = in.word();
  if (is_float_text(w)) return Attribute::of_float(std::stof(w));
  return Attribute::of_int(std::stoll(w));
}

void parse_node(Line& in, Graph& g) {
  Node n;
  do {
    std::string out = in.value_name();
    n.outputs.push_back(out);
    if (!out.empty()) {
      in.expect(":");
      g.add_tensor(parse_type(in, out));
    }
  } while (in.accept(","));
  in.expect("=");
  std::string op = in.word();
  const size_t dot = op.rfind('.');
  if (dot != std::string::npos) {
    n.domain = op.substr(0, dot);
    op = op.substr(dot + 1);
  }
  n.op_type = op;
  in.expect("(");
  while (!in.accept(")")) {
    n.inputs.push_back(in.value_name());
    in.accept(",");
  }
  if (in.accept("{")) {
    while (!in.accept("}")) {
      std::string key = in.word();
      in.expect("=");
      n.attrs[key] = parse_attr_value(in);
      in.accept(",");
    }
  }
  if (in.accept("#")) {
    in.expect("node");
    n.name = in.word();
  }
  if (!in.at_end()) in.error("unexpected text after the node");
  g.nodes.push_back(std::move(n));
}

void parse_header(Line& in, Graph& g) {
  g.name = in.word();
  if (g.name == "_") g.name.clear();
  in.expect("(");
  in.expect("opset");
  g.opsets[""] = static_cast<int64_t>(in.number());
  while (in.accept(",")) {
    std::string domain = in.word();
    g.opsets[domain] = static_cast<int64_t>(in.number());
  }
  in.expect(")");
}

}  // namespace

Graph parse_ir(const std::string& text) {
  Graph g;
  std::istringstream lines(text);
  std::string s;
  int number = 0;
  while (std::getline(lines, s)) {
    Line in(s, ++number);
    if (in.at_end()) continue;
    if (in.accept("graph ")) {
      parse_header(in, g);
    } else if (in.accept("input ")) {
      std::string name = in.value_name();
      in.expect(":");
      g.add_tensor(parse_type(in, name));
      g.inputs.push_back(name);
    } else if (in.accept("const ")) {
      std::string name = in.value_name();
      in.expect(":");
      Tensor t = parse_type(in, name);
      fill_constant(in, t);
      g.add_tensor(std::move(t));
    } else if (in.accept("output ")) {
      g.outputs.push_back(in.value_name());
    } else {
      parse_node(in, g);
    }
    if (!in.at_end()) in.error("unexpected text at the end");
  }
  return g;
}

std::string dedent(const std::string& text) {
  std::istringstream lines(text);
  std::vector<std::string> v;
  std::string s;
  size_t indent = std::string::npos;
  while (std::getline(lines, s)) {
    v.push_back(s);
    const size_t first = s.find_first_not_of(' ');
    if (first != std::string::npos) indent = std::min(indent, first);
  }
  while (!v.empty() && v.back().find_first_not_of(' ') == std::string::npos) v.pop_back();
  size_t begin = 0;
  while (begin < v.size() && v[begin].find_first_not_of(' ') == std::string::npos) ++begin;
  std::string r;
  for (size_t i = begin; i < v.size(); ++i) r += (v[i].size() > indent ? v[i].substr(indent) : "") + "\n";
  return r;
}

}  // namespace tinyc::test
