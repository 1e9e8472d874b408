// tinyc — the stages chained the way the commands use them. Each function is
// a thin composition of the stage interfaces (onnx_import.h, passes.h,
// quantize.h), shared by the CLI, the tests and the benchmarks.
#pragma once

#include <string>
#include <vector>

#include "tinyc/ir.h"
#include "tinyc/onnx_import.h"
#include "tinyc/quantize.h"

namespace tinyc {

/// Parses --shape specs: "NAME=1x3x96x96" fixes a graph input's shape,
/// "NAME=N" (no 'x') a symbolic dimension's value, unless NAME is one of
/// `input_names` (then it is that 1-D input's shape). Usage Error when malformed.
ImportOptions parse_shape_specs(const std::vector<std::string>& specs,
                                const std::vector<std::string>& input_names = {});

/// parse_shape_specs with the graph-input names of the model at `path`.
ImportOptions shape_options(const std::string& path, const std::vector<std::string>& specs);

/// Imports a model and runs the cleanup pipeline (run_float_pipeline).
Graph load_model(const std::string& path, const ImportOptions& opts = {});

/// Reads a comma-separated list of .npy files ("a.npy,b.npy"), one per graph input.
std::vector<Tensor> read_npy_list(const std::string& comma_separated);

/// The int8 graph of a cleaned model. A pre-quantized (QDQ / QOperator) model
/// is lowered as it is; a float model is quantized with `calib` first (Usage
/// Error when there is none: say --calib).
Int8Lowering build_int8(const Graph& cleaned, const std::vector<Tensor>* calib, const QuantizeOptions& q = {});

/// The QDQ graph build_int8 lowers: a pre-quantized model with its QOperator
/// nodes expanded, or a float model quantized with `calib` (same errors).
/// build_int8(c, calib, q) == lower_to_int8(build_qdq(c, calib, q)).
Graph build_qdq(const Graph& cleaned, const std::vector<Tensor>* calib, const QuantizeOptions& q = {});

/// Data for int8 graph input `decl`: int8 data as it is; float data quantized
/// with decl's parameters (round half to even, saturate). Any leading sample
/// dimension is kept. Usage Error for other dtypes.
Tensor int8_input_data(const Tensor& data, const Tensor& decl);

}  // namespace tinyc
