#include "samples.h"

#include <cstring>

#include "tinyc/error.h"

namespace tinyc::ptq {
namespace {

// How many samples `d` holds for graph input `in`, or -1 when its shape fits
// none of the accepted layouts.
int64_t sample_count(const Tensor& in, const Tensor& d) {
  const Shape& s = in.shape;
  const Shape& ds = d.shape;
  if (ds == s) return 1;
  if (ds.size() == s.size() + 1 && Shape(ds.begin() + 1, ds.end()) == s) return ds[0];
  if (ds.size() == s.size() && !s.empty() && s[0] == 1 && Shape(ds.begin() + 1, ds.end()) == Shape(s.begin() + 1, s.end()))
    return ds[0];
  return -1;
}

}  // namespace

std::vector<std::vector<Tensor>> split_samples(const Graph& g, const std::vector<Tensor>& data) {
  if (data.size() != g.inputs.size())
    fail("the model has " + std::to_string(g.inputs.size()) + " inputs, " + std::to_string(data.size()) +
             " data arrays were given (one per input, in order)",
         ErrorKind::Usage);
  int64_t n = -1;
  for (size_t k = 0; k < data.size(); ++k) {
    const Tensor& in = g.tensor(g.inputs[k]);
    const Tensor& d = data[k];
    const std::string what = "data for input '" + in.name + "'";
    if (d.dtype != in.dtype)
      fail(what + " is " + dtype_name(d.dtype) + ", the input is " + dtype_name(in.dtype), ErrorKind::Usage);
    if (d.data.size() != d.byte_size()) fail(what + " is shorter than its shape", ErrorKind::Usage);
    const int64_t nk = sample_count(in, d);
    if (nk < 0)
      fail(what + " has shape " + shape_str(d.shape) + "; expected " + shape_str(in.shape) +
               " or N samples of it stacked along a leading axis",
           ErrorKind::Usage);
    if (n >= 0 && nk != n)
      fail(what + " has " + std::to_string(nk) + " samples, the previous inputs " + std::to_string(n),
           ErrorKind::Usage);
    n = nk;
  }
  if (n <= 0) fail("no calibration sample: the data arrays are empty", ErrorKind::Usage);

  std::vector<std::vector<Tensor>> out(static_cast<size_t>(n));
  for (size_t k = 0; k < data.size(); ++k) {
    const Tensor& in = g.tensor(g.inputs[k]);
    const size_t bytes = in.byte_size();
    for (int64_t i = 0; i < n; ++i) {
      Tensor t(in.name, in.dtype, in.shape);
      t.data.assign(data[k].data.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(i) * bytes),
                    data[k].data.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(i + 1) * bytes));
      out[static_cast<size_t>(i)].push_back(std::move(t));
    }
  }
  return out;
}

std::vector<Tensor> synthetic_samples(const Graph& g, int64_t count, float lo, float hi) {
  if (count <= 0) fail("the number of synthetic samples must be positive", ErrorKind::Usage);
  // xorshift64*: tiny, portable and fully specified (std::uniform_real_distribution
  // is not the same across standard libraries).
  uint64_t state = 0x7469'6e79'6331'2024ull;
  auto next = [&state] {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
  };
  std::vector<Tensor> out;
  for (const auto& name : g.inputs) {
    const Tensor& in = g.tensor(name);
    if (in.dtype != DType::F32)
      fail("synthetic data can only feed float inputs; input '" + name + "' is " + dtype_name(in.dtype),
           ErrorKind::Usage);
    Shape s = in.shape;
    s.insert(s.begin(), count);
    std::vector<float> v(static_cast<size_t>(num_elements(s)));
    for (float& x : v) x = lo + (hi - lo) * static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
    Tensor t = Tensor::from_float(name, s, v);
    t.is_constant = false;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace tinyc::ptq
