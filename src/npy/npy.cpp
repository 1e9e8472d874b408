// read_npy / write_npy (include/tinyc/npy.h).
#include "tinyc/npy.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "npy/atomic_file.h"
#include "npy/npy_header.h"
#include "tinyc/error.h"

namespace tinyc {

namespace {

struct NpyType {
  char kind;      // 'f', 'i', 'u', 'b'
  size_t size;    // bytes per element in the file
  DType dtype;    // what the Tensor holds
};

// The dtypes read_npy accepts (npy.h), by numpy kind and item size.
const NpyType kReadable[] = {
    {'f', 4, DType::F32}, {'f', 8, DType::F32},  // float64 is narrowed to float32
    {'i', 1, DType::I8},  {'u', 1, DType::U8},  {'i', 4, DType::I32},
    {'i', 8, DType::I64}, {'b', 1, DType::Bool},
};

const NpyType* find_type(const std::string& descr, bool* big_endian) {
  if (descr.size() < 3) return nullptr;
  char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=') return nullptr;
  char kind = descr[1];
  size_t size = 0;
  for (size_t i = 2; i < descr.size(); ++i) {
    if (descr[i] < '0' || descr[i] > '9' || size > 64) return nullptr;
    size = size * 10 + static_cast<size_t>(descr[i] - '0');
  }
  *big_endian = order == '>' && size > 1;
  for (const auto& t : kReadable)
    if (t.kind == kind && t.size == size) return &t;
  return nullptr;
}

std::string descr_of(DType t) {
  switch (t) {
    case DType::F32: return "<f4";
    case DType::F64: return "<f8";
    case DType::F16: return "<f2";
    case DType::I8: return "|i1";
    case DType::U8: return "|u1";
    case DType::I16: return "<i2";
    case DType::U16: return "<u2";
    case DType::I32: return "<i4";
    case DType::I64: return "<i8";
    case DType::Bool: return "|b1";
    case DType::Undefined: break;
  }
  return "";
}

std::string file_stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

Tensor read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path, "", "", std::filesystem::exists(path) ? "cannot read the file" : "no such file");
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) throw Error(path, "", "", "cannot read the file");
  const std::string bytes = ss.str();
  try {
    npy::Header h = npy::parse_header(bytes);
    bool big_endian = false;
    const NpyType* type = find_type(h.descr, &big_endian);
    if (!type) fail("unsupported .npy dtype '" + h.descr + "' (tinyc reads float32, float64, int8, uint8, int32, int64, bool)");
    if (h.fortran_order) fail("Fortran-order arrays are not supported: save with numpy.ascontiguousarray");
    int64_t count = num_elements(h.shape);
    size_t available = bytes.size() - h.data_offset;
    // Compare before allocating: a corrupt header must not make us allocate terabytes.
    if (static_cast<uint64_t>(count) > available / type->size)
      fail("data is shorter than the header's shape " + shape_str(h.shape) + " needs (" +
           std::to_string(available) + " bytes for " + std::to_string(count) + " elements of " +
           std::to_string(type->size) + " bytes)");
    size_t nbytes = static_cast<size_t>(count) * type->size;
    if (available != nbytes)
      fail(std::to_string(available - nbytes) + " bytes after the data that shape " + shape_str(h.shape) + " needs");

    std::vector<uint8_t> raw(bytes.begin() + static_cast<std::ptrdiff_t>(h.data_offset), bytes.end());
    if (big_endian)
      for (size_t i = 0; i < raw.size(); i += type->size) std::reverse(raw.begin() + i, raw.begin() + i + type->size);

    Tensor t(file_stem(path), type->dtype, h.shape);
    if (type->kind == 'f' && type->size == 8) {
      t.allocate();
      float* out = t.ptr<float>();
      for (int64_t i = 0; i < count; ++i) {
        double d;
        std::memcpy(&d, raw.data() + 8 * i, 8);
        out[i] = static_cast<float>(d);
      }
    } else {
      t.data = std::move(raw);
    }
    return t;
  } catch (const Error& e) {
    throw e.with_file(path);
  }
}

void write_npy(const std::string& path, const Tensor& t) {
  std::string descr = descr_of(t.dtype);
  if (descr.empty()) throw Error(path, "", "", "tensor '" + t.name + "' has no data type to write");
  size_t need = 0;
  try {
    need = t.byte_size();
  } catch (const Error& e) {
    throw e.with_file(path);
  }
  if (t.data.size() != need)
    throw Error(path, "", "", "tensor '" + t.name + "' holds " + std::to_string(t.data.size()) + " bytes, shape " +
                                  shape_str(t.shape) + " of " + dtype_name(t.dtype) + " needs " + std::to_string(need),
                ErrorKind::Internal);
  std::string bytes = npy::make_header(descr, t.shape);
  bytes.append(reinterpret_cast<const char*>(t.data.data()), t.data.size());
  write_file_atomically(path, bytes);
}

}  // namespace tinyc
