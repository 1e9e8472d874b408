// Cutting the data arrays into samples (samples.h).
#include "validate/samples.h"

#include <cstring>

#include "tinyc/error.h"
#include "tinyc/pipeline.h"
#include "tinyc/reference.h"
#include "tinyc/run_inputs.h"

namespace tinyc::validate {

namespace {

// Samples [first, last) of an array holding `total` equal-sized samples.
Tensor slice(const Tensor& a, int64_t total, int64_t first, int64_t last, const std::string& file) {
  const size_t per = a.data.size() / static_cast<size_t>(total);
  if (per * static_cast<size_t>(total) != a.data.size())
    throw Error(file, "", "", "holds " + std::to_string(a.data.size()) + " bytes, not " + std::to_string(total) +
                                  " equal samples");
  Shape s = a.shape;
  if (s.empty()) s = {1};
  // The first dimension counts samples (ExtraAxis / BatchAxis) or is the input's own (one sample).
  Shape rest(s.begin() + 1, s.end());
  Tensor r(a.name, a.dtype, {});
  r.shape.push_back(total == 1 ? s[0] : last - first);
  r.shape.insert(r.shape.end(), rest.begin(), rest.end());
  if (total == 1 && last - first == 0) r.shape[0] = 0;
  r.data.assign(a.data.begin() + static_cast<std::ptrdiff_t>(per * first),
                a.data.begin() + static_cast<std::ptrdiff_t>(per * last));
  return r;
}

Tensor sample_of(const Tensor& stacked, const Tensor& decl, int64_t local) {
  Tensor t(decl.name, decl.dtype, decl.shape);
  const size_t n = t.byte_size();
  if (stacked.dtype != decl.dtype || n * static_cast<size_t>(local + 1) > stacked.data.size())
    fail("validate: sample " + std::to_string(local) + " of '" + decl.name + "' is out of the data", ErrorKind::Internal);
  t.data.assign(stacked.data.begin() + static_cast<std::ptrdiff_t>(n * local),
                stacked.data.begin() + static_cast<std::ptrdiff_t>(n * (local + 1)));
  return t;
}

Tensor declared(const Graph& g, const std::string& name) {
  const Tensor& t = g.tensor(name);
  Tensor d(t.name, t.dtype, t.shape);
  d.quant = t.quant;
  return d;
}

}  // namespace

SampleSet make_samples(const Graph& fg, const Graph& qg, const std::vector<Tensor>& arrays,
                       const std::vector<std::string>& files, int64_t total, int64_t first, int64_t last) {
  if (fg.inputs.size() != arrays.size() || qg.inputs.size() != arrays.size())
    fail("validate: the model has " + std::to_string(qg.inputs.size()) + " input(s), " + std::to_string(arrays.size()) +
             " data file(s) were given",
         ErrorKind::Usage);
  SampleSet s;
  s.first = first;
  s.count = last - first;
  for (size_t k = 0; k < arrays.size(); ++k) {
    s.float_decl.push_back(declared(fg, fg.inputs[k]));
    s.int8_decl.push_back(declared(qg, qg.inputs[k]));
    const Tensor part = slice(arrays[k], total, first, last, files[k]);
    try {
      // Integer data (uint8 images, ...) is read as the float values it holds.
      const bool direct = part.dtype == DType::I8 || part.dtype == DType::F32 || part.dtype == DType::F64;
      Tensor q = int8_input_data(direct ? part : convert_lossless(part, DType::F32, files[k]), s.int8_decl[k]);
      // Both references see the same sample: int8 data is quantized data (a
      // float input gets its dequantized values), and a model whose own input
      // is int8 (int8-io QDQ models) gets the quantized values of float data.
      const DType want = s.float_decl[k].dtype;
      if (want == DType::I8)
        s.float_in.push_back(q);
      else if (part.dtype == DType::I8 && want == DType::F32)
        s.float_in.push_back(dequantize_tensor(q, *s.int8_decl[k].quant));
      else
        s.float_in.push_back(convert_lossless(part, want, files[k]));
      s.int8_in.push_back(std::move(q));
    } catch (const Error& e) {
      throw e.with_file(files[k]);
    }
    const size_t want = s.int8_decl[k].byte_size() * static_cast<size_t>(s.count);
    if (s.int8_in[k].data.size() != want)
      throw Error(files[k], "", "", "one sample holds " + std::to_string(arrays[k].size() / total) +
                                        " values, the model's input '" + s.int8_decl[k].name + "' " +
                                        shape_str(s.int8_decl[k].shape) + " takes " +
                                        std::to_string(s.int8_decl[k].size()));
  }
  return s;
}

std::vector<Tensor> SampleSet::float_sample(int64_t local) const {
  std::vector<Tensor> r;
  for (size_t k = 0; k < float_in.size(); ++k) r.push_back(sample_of(float_in[k], float_decl[k], local));
  return r;
}

std::vector<Tensor> SampleSet::int8_sample(int64_t local) const {
  std::vector<Tensor> r;
  for (size_t k = 0; k < int8_in.size(); ++k) {
    r.push_back(sample_of(int8_in[k], int8_decl[k], local));
    r.back().quant = int8_decl[k].quant;
  }
  return r;
}

size_t SampleSet::int8_sample_bytes() const {
  size_t n = 0;
  for (const Tensor& d : int8_decl) n += d.byte_size();
  return n;
}

std::vector<uint8_t> SampleSet::int8_bytes(int64_t from, int64_t to) const {
  std::vector<uint8_t> out;
  out.reserve(int8_sample_bytes() * static_cast<size_t>(to - from));
  for (int64_t i = from; i < to; ++i)
    for (size_t k = 0; k < int8_in.size(); ++k) {
      const size_t n = int8_decl[k].byte_size();
      const uint8_t* p = int8_in[k].data.data() + n * static_cast<size_t>(i);
      out.insert(out.end(), p, p + n);
    }
  return out;
}

}  // namespace tinyc::validate
