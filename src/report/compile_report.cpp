// The report of one compile: which data the quality is measured on.
#include <memory>

#include "tinyc/quantize.h"
#include "tinyc/report.h"

namespace tinyc {
namespace {

bool all_float(const std::vector<Tensor>& v) {
  for (const Tensor& t : v)
    if (t.dtype != DType::F32 && t.dtype != DType::F64) return false;
  return !v.empty();
}

}  // namespace

std::string compile_report(const ReportInfo& info, const Graph& cleaned, const Graph& qdq, const Graph& int8,
                           const CodegenResult& code, const std::vector<Tensor>& calib,
                           const std::vector<Tensor>& selftest) {
  // Self-test inputs are what the device runs; int8 ones have no float twin.
  const bool use_selftest = all_float(selftest);
  const std::vector<Tensor>& data = use_selftest ? selftest : calib;
  std::unique_ptr<ReportQuality> quality;
  if (all_float(data)) {
    const Graph& reference = is_quantized_model(cleaned) ? qdq : cleaned;
    quality = std::make_unique<ReportQuality>(
        measure_quality(reference, qdq, data, use_selftest ? "the self-test inputs" : "the calibration data"));
    quality->data += " (" + std::to_string(quality->samples) + " samples)";
  }
  return render_report_html(info, int8, code, quality.get());
}

}  // namespace tinyc
