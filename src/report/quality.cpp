// The report's SQNR column: ptq::quality_report (what `tinyc quantize`
// prints) reduced to what the page shows.
#include "quantize/ptq/quality_report.h"
#include "tinyc/report.h"

namespace tinyc {

ReportQuality measure_quality(const Graph& float_graph, const Graph& qdq, const std::vector<Tensor>& data,
                              const std::string& data_label) {
  const ptq::QualityReport rep = ptq::quality_report(float_graph, qdq, data);
  ReportQuality q;
  q.data = data_label;
  q.samples = rep.samples;
  q.output_sqnr_db = rep.output_sqnr_db;
  q.output_cosine = rep.output_cosine;
  for (const ptq::TensorQuality& t : rep.tensors) q.tensor_sqnr_db[t.int8_name] = t.sqnr_db;
  return q;
}

}  // namespace tinyc
