#include "tinyc/targets.h"

#include "tinyc/error.h"

namespace tinyc {

const std::vector<Target>& all_targets() {
  static const std::vector<Target> t = {
      {"host", "the machine tinyc runs on (validation harness, tests)", "", false},
      {"cortex-m0plus", "Armv6-M, no FPU, no DSP (portable kernels)", "-mcpu=cortex-m0plus -mthumb", false},
      {"cortex-m4", "Armv7E-M with DSP and single-precision FPU",
       "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16", true},
      {"cortex-m7", "Armv7E-M with DSP and double-precision FPU",
       "-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16", true},
  };
  return t;
}

const Target& find_target(const std::string& name) {
  std::string list;
  for (const Target& t : all_targets()) {
    if (t.name == name) return t;
    list += (list.empty() ? "" : ", ") + t.name;
  }
  fail("unknown target '" + name + "'; targets: " + list, ErrorKind::Usage);
}

}  // namespace tinyc
