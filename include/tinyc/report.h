// tinyc — the compile report: one self-contained HTML page (inline CSS, JS
// and SVG; nothing fetched from the network) about a compiled model:
//
//   summary      model, target, inputs/outputs with their quantization, MACs,
//                weight bytes, arena against its lower bound and plain greedy
//   layers       one row per op of the generated code: op, shapes, MACs,
//                weight bytes, arena offset and size of its output, and the
//                SQNR of its int8 output against the float model's tensor
//   memory       an SVG: each arena buffer a rectangle over execution step (x)
//                x arena offset (y), the peak step and the lower bound marked;
//                hovering a buffer shows its name, size, offsets and lifetime
//
// Every string that comes from the model (tensor, node and file names) is
// HTML-escaped. The SQNR comes from ptq::quality_report (the one used by
// `tinyc quantize`): the float reference and the int8 reference run on the
// same data.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tinyc/codegen.h"
#include "tinyc/ir.h"

namespace tinyc {

/// Int8 vs float quality on some data (see measure_quality).
struct ReportQuality {
  std::string data;              ///< where the samples came from, e.g. "self-test inputs (8 samples)"
  size_t samples = 0;
  double output_sqnr_db = 0;     ///< +inf when identical
  double output_cosine = 0;
  std::map<std::string, double> tensor_sqnr_db;  ///< int8 tensor name -> SQNR (dB)
};

/// Runs the float reference on `float_graph` and the int8 reference on
/// lower_to_int8(`qdq`) over `data` (one float Tensor per graph input, samples
/// along a leading axis) and compares every int8 tensor with the float tensor
/// it stands for. `data_label` names the data in the report.
ReportQuality measure_quality(const Graph& float_graph, const Graph& qdq, const std::vector<Tensor>& data,
                              const std::string& data_label);

/// What the page says about where the model came from.
struct ReportInfo {
  std::string model_path;
  std::string name;              ///< the C name (CodegenOptions::name)
  std::string target;
  std::string tinyc_version;
};

/// The whole page. `int8` is the graph generate_code compiled, `code` its
/// result; `quality` may be null (no data: the SQNR column says so).
std::string render_report_html(const ReportInfo& info, const Graph& int8, const CodegenResult& code,
                               const ReportQuality* quality);

/// The page for one `tinyc compile`: measures quality on the float self-test
/// inputs when there are some, else on the calibration data (none: no SQNR),
/// comparing the int8 graph with the float model (`cleaned`), or, for a
/// pre-quantized model, with its QDQ graph run in float; then renders.
std::string compile_report(const ReportInfo& info, const Graph& cleaned, const Graph& qdq, const Graph& int8,
                           const CodegenResult& code, const std::vector<Tensor>& calib,
                           const std::vector<Tensor>& selftest);

/// The memory picture alone (an <svg> element), for the page and for tests:
/// one <rect class="buf"> per buffer of code.buffers, in order.
std::string render_memory_svg(const CodegenResult& code);

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(const std::string& s);

/// Writes the page to `path` atomically (temporary file, then rename).
void write_report(const std::string& path, const std::string& html);

}  // namespace tinyc
