// The op registry: the family tables joined into one lookup by (domain, op),
// and the public support queries built on it.
#include <algorithm>
#include <map>

#include "frontend/shapes/rule.h"
#include "tinyc/onnx_import.h"

namespace tinyc {
namespace shapes {

namespace {
using Key = std::pair<std::string, std::string>;

const std::map<Key, const OpRule*>& table() {
  static const std::map<Key, const OpRule*> t = [] {
    std::map<Key, const OpRule*> m;
    for (const auto* family : {&elementwise_rules(), &conv_pool_rules(), &matmul_rules(), &layout_rules(),
                               &slice_pad_rules(), &resize_rules(), &shape_chain_rules(), &normalize_rules(),
                               &quant_rules()})
      for (const OpRule& r : *family) m[{r.domain, r.op}] = &r;
    return m;
  }();
  return t;
}
}  // namespace

const OpRule* find_rule(const std::string& domain, const std::string& op) {
  const std::string d = domain == "ai.onnx" ? "" : domain;
  auto it = table().find({d, op});
  return it == table().end() ? nullptr : it->second;
}

}  // namespace shapes

/// The default-domain opsets tinyc reads (IR semantics are per opset).
constexpr int64_t kMinOpset = 7, kMaxOpset = 22;

bool is_supported_op(const std::string& domain, const std::string& op_type, int64_t opset, std::string* why) {
  auto say = [why](std::string s) {
    if (why) *why = std::move(s);
    return false;
  };
  const bool default_domain = domain.empty() || domain == "ai.onnx";
  const shapes::OpRule* r = shapes::find_rule(domain, op_type);
  if (!r) return say("not supported");
  if (default_domain && (opset < kMinOpset || opset > kMaxOpset))
    return say("opset " + std::to_string(opset) + " is outside the " + std::to_string(kMinOpset) + ".." +
               std::to_string(kMaxOpset) + " tinyc reads");
  if (opset < r->min_opset || opset > r->max_opset)
    return say(r->opset_note ? r->opset_note
                             : op_type + "-" + std::to_string(opset) + " is not supported (opsets " +
                                   std::to_string(r->min_opset) + ".." + std::to_string(r->max_opset) + ")");
  if (why) why->clear();
  return true;
}

std::vector<std::string> supported_ops() {
  std::vector<std::string> out;
  for (const auto& [key, rule] : shapes::table()) out.push_back(key.first.empty() ? key.second : key.first + ":" + key.second);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tinyc
