#include "common/generated_build.h"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "common/test_util.h"

namespace tinyc::test {

int host_selftest(const std::string& dir, const std::string& name, const std::string& extra_flags) {
  const std::string main_path = dir + "/../" + name + "_selftest_main.cpp";
  std::ofstream(main_path) << "#include \"" << name << ".h\"\n#include <stdio.h>\n"
                           << "int main() { int m = " << name << "_selftest(); printf(\"%d\\n\", m); return 0; }\n";
  std::string files = main_path;
  std::string list;
  read_file(dir + "/sources.txt", list);
  size_t pos = 0;
  while (pos < list.size()) {
    const size_t nl = list.find('\n', pos);
    const std::string f = list.substr(pos, nl - pos);
    if (!f.empty()) files += " '" + dir + "/" + f + "'";
    pos = nl == std::string::npos ? list.size() : nl + 1;
  }
  const std::string exe = dir + "/../" + name + "_selftest_exe";
  const std::string cmd = "g++ -std=c++11 -O1 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti " + extra_flags +
                          " -I'" + dir + "' -I'" + dir + "/runtime/include' " + files + " -o '" + exe + "'";
  const CommandResult c = run_command(cmd);
  if (c.exit_code != 0) throw std::runtime_error("building " + dir + " failed:\n" + c.err + c.out);
  const CommandResult r = run_command("'" + exe + "'");
  if (r.exit_code != 0) throw std::runtime_error("running the self-test of " + dir + " failed:\n" + r.err + r.out);
  return std::stoi(r.out);
}

std::map<std::string, int> host_selftest_many(const std::vector<std::pair<std::string, std::string>>& models) {
  const std::string work = temp_dir("many");
  std::ofstream main(work + "/main.cpp");
  main << "#include <stdio.h>\n";
  for (const auto& [dir, name] : models) main << "extern \"C\" int " << name << "_selftest(void);\n";
  main << "int main() {\n";
  for (const auto& [dir, name] : models) main << "  printf(\"" << name << " %d\\n\", " << name << "_selftest());\n";
  main << "  return 0;\n}\n";
  main.close();
  std::string files = "'" + work + "/main.cpp'", includes;
  for (const auto& [dir, name] : models) {
    files += " '" + dir + "/" + name + ".cpp' '" + dir + "/" + name + "_selftest.cpp'";
    includes += " -I'" + dir + "'";
  }
  const std::string rt = source_dir() + "/runtime";
  files += " " + rt + "/kernels/portable/*.cpp";
  const std::string exe = work + "/many";
  const std::string cmd = "g++ -std=c++11 -O1 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti -I'" + rt +
                          "/include'" + includes + " " + files + " -o '" + exe + "'";
  const CommandResult c = run_command(cmd);
  if (c.exit_code != 0) throw std::runtime_error("building the self-tests failed:\n" + c.err.substr(0, 4000));
  const CommandResult r = run_command("'" + exe + "'");
  if (r.exit_code != 0) throw std::runtime_error("running the self-tests failed:\n" + r.err + r.out);
  std::map<std::string, int> counts;
  std::istringstream in(r.out);
  std::string name;
  int n;
  while (in >> name >> n) counts[name] = n;
  return counts;
}

Tensor random_int8(const Tensor& decl, int samples, unsigned seed) {
  Shape s = decl.shape;
  s.insert(s.begin(), samples);
  Tensor t(decl.name, DType::I8, s);
  t.allocate();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(-128, 127);
  for (auto& b : t.data) b = static_cast<uint8_t>(static_cast<int8_t>(d(rng)));
  return t;
}

Tensor random_calibration(const Tensor& decl, int samples, unsigned seed) {
  Shape s = decl.shape;
  s.at(0) = samples;
  Tensor t(decl.name, DType::F32, s);
  t.allocate();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1.f, 1.f);
  float* v = t.ptr<float>();
  for (int64_t i = 0; i < t.size(); ++i) v[i] = d(rng);
  return t;
}

}  // namespace tinyc::test
