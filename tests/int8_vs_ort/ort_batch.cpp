#include "int8_vs_ort/ort_batch.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "common/test_util.h"

namespace tinyc::test {
namespace {

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

const char* ort_type(DType t) {
  switch (t) {
    case DType::F32: return "float32";
    case DType::F64: return "float64";
    case DType::I8: return "int8";
    case DType::U8: return "uint8";
    case DType::I32: return "int32";
    case DType::I64: return "int64";
    default: throw std::runtime_error("run_onnxruntime_many: input dtype " + std::string(dtype_name(t)) + " is not supported");
  }
}

DType dtype_of(const std::string& ort) {
  if (ort == "float32") return DType::F32;
  if (ort == "float64") return DType::F64;
  if (ort == "int8") return DType::I8;
  if (ort == "uint8") return DType::U8;
  if (ort == "int32") return DType::I32;
  if (ort == "int64") return DType::I64;
  throw std::runtime_error("run_onnxruntime_many: onnxruntime output type '" + ort + "' is not supported");
}

std::string dims_text(const Shape& s) {
  std::string t;
  for (size_t i = 0; i < s.size(); ++i) t += (i ? "," : "") + std::to_string(s[i]);
  return t;
}

Shape parse_dims(const std::string& text) {
  Shape s;
  std::istringstream in(text);
  std::string d;
  while (std::getline(in, d, ',')) s.push_back(std::stoll(d));
  return s;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> f;
  std::istringstream in(line);
  std::string x;
  while (std::getline(in, x, '\t')) f.push_back(x);
  if (!line.empty() && line.back() == '\t') f.push_back("");
  return f;
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("onnxruntime wrote no " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

}  // namespace

std::vector<OrtResult> run_onnxruntime_many(const std::vector<OrtRun>& runs) {
  const std::string dir = temp_dir("ort_batch");
  std::ofstream jobs(dir + "/jobs.txt");
  for (size_t r = 0; r < runs.size(); ++r) {
    jobs << "run\t" << runs[r].model << '\t' << dir << "/out" << r << '\n';
    for (size_t i = 0; i < runs[r].inputs.size(); ++i) {
      const Tensor& t = runs[r].inputs[i];
      const std::string file = dir + "/in" + std::to_string(r) + "_" + std::to_string(i) + ".bin";
      write_bytes(file, t.data);
      jobs << "input\t" << ort_type(t.dtype) << '\t' << dims_text(t.shape) << '\t' << file << '\n';
    }
  }
  jobs.close();
  const char* node = std::getenv("TINYC_NODE");
  const std::string script = source_dir() + "/tests/int8_vs_ort/run_ort_batch.js";
  const CommandResult c = run_command(sh_quote(node && *node ? node : "node") + " " + sh_quote(script) + " " +
                                      sh_quote(dir + "/jobs.txt"));
  if (c.exit_code != 0) throw std::runtime_error("run_ort_batch.js failed: " + c.err.substr(0, c.err.find('\n')));

  std::vector<OrtResult> results(1);
  std::istringstream out(c.out);
  std::string line;
  while (std::getline(out, line)) {
    if (results.size() > runs.size()) throw std::runtime_error("run_ort_batch.js: more results than runs");
    const std::vector<std::string> f = split_tabs(line);
    OrtResult& cur = results.back();
    const size_t r = results.size() - 1;
    if (f.size() == 4 && f[0] == "output") {
      Tensor t(f[1], dtype_of(f[2]), parse_dims(f[3]));
      t.data = read_bytes(dir + "/out" + std::to_string(r) + "." + std::to_string(cur.outputs.size()) + ".bin");
      if (t.data.size() != t.byte_size()) throw std::runtime_error("run_ort_batch.js: output size mismatch");
      cur.outputs.push_back(std::move(t));
    } else if (f.size() == 1 && f[0] == "ok") {
      results.emplace_back();
    } else if (f.size() >= 2 && f[0] == "error") {
      cur.error = f[1];
      results.emplace_back();
    } else {
      throw std::runtime_error("run_ort_batch.js: unexpected line '" + line + "'");
    }
  }
  results.pop_back();  // the slot opened after the last run
  if (results.size() != runs.size())
    throw std::runtime_error("run_ort_batch.js answered " + std::to_string(results.size()) + " of " +
                             std::to_string(runs.size()) + " runs");
  std::error_code ec;
  if (!std::getenv("TINYC_KEEP_TEMP")) std::filesystem::remove_all(dir, ec);
  return results;
}

}  // namespace tinyc::test
