#include "cli/shape_args_util.h"

#include "tinyc/error.h"

namespace tinyc::cli {

ImportOptions shape_options(const std::string& model, const std::vector<std::string>& specs) {
  ImportOptions o;
  if (specs.empty()) return o;
  std::vector<DeclaredInput> inputs = declared_inputs(model);
  for (const auto& spec : specs) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      fail("--shape wants NAME=1x3x96x96 or NAME=N, got '" + spec + "'", ErrorKind::Usage);
    const std::string name = spec.substr(0, eq), value = spec.substr(eq + 1);
    Shape dims;
    size_t pos = 0;
    while (true) {
      const size_t x = value.find('x', pos);
      const std::string d = value.substr(pos, x == std::string::npos ? std::string::npos : x - pos);
      if (d.empty() || d.size() > 12 || d.find_first_not_of("0123456789") != std::string::npos)
        fail("--shape " + spec + ": '" + d + "' is not a dimension", ErrorKind::Usage);
      dims.push_back(std::stoll(d));
      if (x == std::string::npos) break;
      pos = x + 1;
    }
    bool is_input = false;
    for (const auto& in : inputs) is_input |= in.name == name;
    if (is_input || dims.size() > 1) o.input_shapes[name] = dims;
    else o.dim_values[name] = dims[0];
  }
  return o;
}

}  // namespace tinyc::cli
