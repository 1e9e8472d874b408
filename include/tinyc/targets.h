// tinyc — the targets tinyc compiles for, and what each one implies.
#pragma once

#include <string>
#include <vector>

namespace tinyc {

struct Target {
  std::string name;          ///< "host", "cortex-m0plus", "cortex-m4", "cortex-m7"
  std::string description;
  std::string cpu_flags;     ///< arm-none-eabi-gcc flags (empty for host)
  bool dsp = false;          ///< Armv7E-M DSP extension (SMLAD, SXTB16, ...)
};

const std::vector<Target>& all_targets();
/// The target by name; throws a usage Error listing the targets when unknown.
const Target& find_target(const std::string& name);

/// The targets as a table (name, DSP, CPU flags, description), as `tinyc targets` prints it.
std::string format_targets();
/// The same as a JSON array of {"name", "description", "cpu_flags", "dsp"}.
std::string targets_json();

}  // namespace tinyc
