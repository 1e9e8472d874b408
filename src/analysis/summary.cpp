// node_param_summary: a short line of the attributes a reader wants in a
// table ("k=3x3 s=2 p=1,1,1,1 g=8 +Relu"). Defaults are left out; the names
// follow the usual shorthands (k kernel, s strides, p pads, d dilations,
// g group); other attributes appear as name=value.
#include <cmath>
#include <map>
#include <sstream>

#include "tinyc/analysis.h"

namespace tinyc {

namespace {

std::string join(const std::vector<int64_t>& v, const char* sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + std::to_string(v[i]);
  return s;
}

std::string number(float f) {
  if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
  std::ostringstream os;
  os << f;
  return os.str();
}

bool all_equal(const std::vector<int64_t>& v, int64_t x) {
  for (int64_t e : v)
    if (e != x) return false;
  return true;
}

std::string value_str(const Attribute& a) {
  switch (a.kind) {
    case Attribute::Kind::Int: return std::to_string(a.i);
    case Attribute::Kind::Float: return number(a.f);
    case Attribute::Kind::String: return a.s;
    case Attribute::Kind::Ints: return join(a.ints, ",");
    case Attribute::Kind::Floats: {
      std::string s;
      for (size_t i = 0; i < a.floats.size(); ++i) s += (i ? "," : "") + number(a.floats[i]);
      return s;
    }
    case Attribute::Kind::Strings: {
      std::string s;
      for (size_t i = 0; i < a.strings.size(); ++i) s += (i ? "," : "") + a.strings[i];
      return s;
    }
    case Attribute::Kind::Tensor: return "tensor " + shape_str(a.t.shape);
  }
  return "";
}

/// Attributes shown in short form, with the value each is left out at.
struct Short {
  const char* name;
  const char* label;
  const char* sep;
  int64_t skip_if_all;  ///< left out when every value equals this
};
const Short kShort[] = {{"kernel_shape", "k", "x", -1}, {"strides", "s", "x", 1}, {"pads", "p", ",", 0},
                        {"dilations", "d", "x", 1},    {"group", "g", "", 1}};

}  // namespace

std::string node_param_summary(const Node& n) {
  std::vector<std::string> parts;
  std::map<std::string, bool> done;
  for (const Short& s : kShort) {
    auto it = n.attrs.find(s.name);
    if (it == n.attrs.end()) continue;
    done[s.name] = true;
    const Attribute& a = it->second;
    std::vector<int64_t> v = a.kind == Attribute::Kind::Int ? std::vector<int64_t>{a.i} : a.ints;
    if (a.kind != Attribute::Kind::Int && a.kind != Attribute::Kind::Ints) continue;
    if (all_equal(v, s.skip_if_all)) continue;
    parts.push_back(std::string(s.label) + "=" + join(v, s.sep));
  }
  for (const auto& [k, a] : n.attrs) {
    if (done.count(k) || k.rfind("tinyc.", 0) == 0) continue;
    std::string v = value_str(a);
    if (v.size() > 24) v = v.substr(0, 21) + "...";
    parts.push_back(k + "=" + v);
  }
  // A fused activation reads as "+Relu" or "+Clip(0,6)".
  std::string act = n.has_attr("tinyc.activation") ? n.attr_string("tinyc.activation", "") : "";
  if (act == "Relu") parts.push_back("+Relu");
  else if (!act.empty())
    parts.push_back("+" + act + "(" + number(n.attr_float("tinyc.act_min", -INFINITY)) + "," +
                    number(n.attr_float("tinyc.act_max", INFINITY)) + ")");
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : " ") + p;
  return s;
}

}  // namespace tinyc
