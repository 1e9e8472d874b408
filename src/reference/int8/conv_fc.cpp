// Conv (plain, grouped, depthwise) and fully connected, int8 x int8 -> int32
// accumulate -> MBQM requantize -> clamp. Taps outside the input are skipped,
// which is the same as padding with the input zero point.
#include "reference/int8/kernels.h"
#include "tinyc/int8_prepare.h"

namespace tinyc::ref8 {
namespace {

void conv(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::ConvPrep p = int8::prepare_conv(g, n);
  const int8::Geometry2D& G = p.geo;
  const int8_t* x = in[0]->ptr<int8_t>();
  const int8_t* w = in[1]->ptr<int8_t>();
  const int32_t* b = in.size() > 2 && in[2] ? in[2]->ptr<int32_t>() : nullptr;
  int8_t* y = out.ptr<int8_t>();
  const int ic_per_group = G.in_c / p.groups, oc_per_group = G.out_c / p.groups;
  for (int bt = 0; bt < G.batch; ++bt)
    for (int oc = 0; oc < G.out_c; ++oc) {
      const int grp = oc / oc_per_group;
      for (int oy = 0; oy < G.out_h; ++oy)
        for (int ox = 0; ox < G.out_w; ++ox) {
          int32_t acc = 0;
          for (int ci = 0; ci < ic_per_group; ++ci) {
            const int c = grp * ic_per_group + ci;
            for (int ky = 0; ky < G.k_h; ++ky) {
              const int iy = oy * G.stride_h - G.pad_top + ky * G.dil_h;
              if (iy < 0 || iy >= G.in_h) continue;
              for (int kx = 0; kx < G.k_w; ++kx) {
                const int ix = ox * G.stride_w - G.pad_left + kx * G.dil_w;
                if (ix < 0 || ix >= G.in_w) continue;
                const int32_t xv = x[((bt * G.in_c + c) * G.in_h + iy) * G.in_w + ix] - p.in_zp;
                const int32_t wv = w[((oc * ic_per_group + ci) * G.k_h + ky) * G.k_w + kx];
                acc += xv * wv;
              }
            }
          }
          if (b) acc += b[oc];
          const int32_t v = qmath::mbqm(acc, p.mult[oc]) + p.out_zp;
          y[((bt * G.out_c + oc) * G.out_h + oy) * G.out_w + ox] = static_cast<int8_t>(clamp_i8(v, p.clamp.min, p.clamp.max));
        }
    }
}

void fully_connected(const Graph& g, const Node& n, const std::vector<const Tensor*>& in, Tensor& out) {
  const int8::FcPrep p = int8::prepare_fc(g, n);
  const int8_t* x = in[0]->ptr<int8_t>();
  const int8_t* w = in[1]->ptr<int8_t>();
  const int32_t* b = in.size() > 2 && in[2] ? in[2]->ptr<int32_t>() : nullptr;
  int8_t* y = out.ptr<int8_t>();
  for (int r = 0; r < p.rows; ++r)
    for (int u = 0; u < p.units; ++u) {
      int32_t acc = 0;
      for (int d = 0; d < p.depth; ++d) acc += (x[r * p.depth + d] - p.in_zp) * w[u * p.depth + d];
      if (b) acc += b[u];
      const qmath::Multiplier m = p.mult.size() == 1 ? p.mult[0] : p.mult[u];
      y[r * p.units + u] = static_cast<int8_t>(clamp_i8(qmath::mbqm(acc, m) + p.out_zp, p.clamp.min, p.clamp.max));
    }
}

}  // namespace

void register_conv_fc(std::map<std::string, Kernel>& t) {
  t["Conv"] = conv;
  t["Gemm"] = fully_connected;
}

}  // namespace tinyc::ref8
