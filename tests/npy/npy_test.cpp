// .npy reading and writing: round trips, files numpy wrote, and every
// malformed case named in npy.h.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>

#include "common/test_util.h"
#include "tinyc/error.h"
#include "tinyc/npy.h"

using namespace tinyc;

namespace {

std::string write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  return path;
}

/// A .npy file as numpy 1.x writes it, built by hand from the format description.
std::string npy_bytes(const std::string& dict, const std::string& data, int major = 1) {
  std::string header = dict;
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  size_t len = header.size();
  for (size_t k = 0; k < (major == 1 ? 2u : 4u); ++k) out += static_cast<char>((len >> (8 * k)) & 0xff);
  return out + header + data;
}

std::string floats_le(const std::vector<float>& v) { return std::string(reinterpret_cast<const char*>(v.data()), v.size() * 4); }

Error read_error(const std::string& path) {
  try {
    read_npy(path);
  } catch (const Error& e) {
    CHECK(e.file() == path);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    return e;
  }
  FAIL("expected an Error for " << path);
  return Error("", "", "", "");
}

bool has(const Error& e, const std::string& s) { return std::string(e.what()).find(s) != std::string::npos; }

}  // namespace

TEST_CASE("write then read every dtype round-trips") {
  std::string dir = test::temp_dir("npy");
  Tensor f = Tensor::from_float("f", {2, 3}, {1, 2, 3, 4, 5, -6.5f});
  write_npy(dir + "/f.npy", f);
  Tensor back = read_npy(dir + "/f.npy");
  CHECK(back.name == "f");
  CHECK(back.dtype == DType::F32);
  CHECK(back.shape == Shape{2, 3});
  CHECK(back.to_float() == f.to_float());
  CHECK_FALSE(back.is_constant);

  for (DType t : {DType::I8, DType::U8, DType::I32, DType::I64, DType::Bool}) {
    CAPTURE(dtype_name(t));
    Tensor x("x", t, {4});
    x.allocate();
    for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = static_cast<uint8_t>(t == DType::Bool ? i % 2 : i * 7 + 1);
    write_npy(dir + "/x.npy", x);
    Tensor y = read_npy(dir + "/x.npy");
    CHECK(y.dtype == t);
    CHECK(y.shape == Shape{4});
    CHECK(y.data == x.data);
  }
  Tensor scalar = Tensor::from_float("s", {}, {2.5f});
  write_npy(dir + "/s.npy", scalar);
  CHECK(read_npy(dir + "/s.npy").shape == Shape{});
}

TEST_CASE("the header is numpy's: 64-byte aligned, 1-tuples with a comma") {
  std::string dir = test::temp_dir("npy-header");
  write_npy(dir + "/v.npy", Tensor::from_float("v", {3}, {1, 2, 3}));
  std::string bytes;
  REQUIRE(test::read_file(dir + "/v.npy", bytes));
  CHECK(bytes.compare(0, 6, "\x93NUMPY") == 0);
  size_t header_len = static_cast<uint8_t>(bytes[8]) | (static_cast<uint8_t>(bytes[9]) << 8);
  CHECK((10 + header_len) % 64 == 0);
  CHECK(bytes.find("'shape': (3,)") != std::string::npos);
  CHECK(bytes.find("'descr': '<f4'") != std::string::npos);
  CHECK(bytes.size() == 10 + header_len + 12);
}

TEST_CASE("files as numpy writes them: versions 1-3, float64, big-endian, key order") {
  std::string dir = test::temp_dir("npy-read");
  std::string data = floats_le({1.5f, -2.f});
  CHECK(read_npy(write_bytes(dir + "/v1.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data)))
            .to_float() == std::vector<float>{1.5f, -2.f});
  CHECK(read_npy(write_bytes(dir + "/v2.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", data, 2)))
            .shape == Shape{1, 2});
  CHECK(read_npy(write_bytes(dir + "/v3.npy", npy_bytes("{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}", data, 3)))
            .to_float() == std::vector<float>{1.5f, -2.f});
  double d[2] = {0.25, 3.0};
  Tensor f64 = read_npy(write_bytes(dir + "/d.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                                              std::string(reinterpret_cast<char*>(d), 16))));
  CHECK(f64.dtype == DType::F32);
  CHECK(f64.to_float() == std::vector<float>{0.25f, 3.f});
  std::string be = {0x00, 0x00, 0x01, 0x02};  // big-endian int32 258
  Tensor i32 = read_npy(write_bytes(dir + "/be.npy", npy_bytes("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", be)));
  CHECK(i32.to_int64() == std::vector<int64_t>{258});
}

TEST_CASE("malformed files are Errors naming the file") {
  std::string dir = test::temp_dir("npy-bad");
  std::string ok_dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  std::string data = floats_le({1, 2});
  CHECK(has(read_error(dir + "/missing.npy"), "no such file"));
  CHECK(has(read_error(write_bytes(dir + "/text.npy", "just text, no magic")), "magic"));
  CHECK(has(read_error(write_bytes(dir + "/version.npy", npy_bytes(ok_dict, data, 4))), "version"));
  CHECK(has(read_error(write_bytes(dir + "/short.npy", npy_bytes(ok_dict, data).substr(0, 40))), "truncated"));
  CHECK(has(read_error(write_bytes(dir + "/data.npy", npy_bytes(ok_dict, data.substr(0, 6)))), "shorter"));
  CHECK(has(read_error(write_bytes(dir + "/extra.npy", npy_bytes(ok_dict, data + "xx"))), "after the data"));
  CHECK(has(read_error(write_bytes(dir + "/fortran.npy",
                                   npy_bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data))),
            "Fortran"));
  CHECK(has(read_error(write_bytes(dir + "/c64.npy", npy_bytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data))),
            "'<c8'"));
  CHECK(has(read_error(write_bytes(dir + "/f16.npy", npy_bytes("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", "abcd"))),
            "dtype"));
  CHECK(has(read_error(write_bytes(dir + "/nokey.npy", npy_bytes("{'descr': '<f4', 'shape': (2,), }", data))), "keys"));
  CHECK(has(read_error(write_bytes(dir + "/neg.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", data))),
            "dimension"));
  CHECK(has(read_error(write_bytes(dir + "/dict.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", data))),
            "header"));
  // A header promising a huge array must not allocate it.
  CHECK(has(read_error(write_bytes(dir + "/huge.npy",
                                   npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", data))),
            "shorter"));
}

TEST_CASE("write_npy never leaves a half-written file") {
  std::string dir = test::temp_dir("npy-atomic");
  Tensor t = Tensor::from_float("t", {2}, {1, 2});
  write_npy(dir + "/t.npy", t);
  std::string before;
  REQUIRE(test::read_file(dir + "/t.npy", before));
  Tensor broken = t;
  broken.data.resize(3);  // fewer bytes than the shape needs: refused before writing
  CHECK_THROWS_AS(write_npy(dir + "/t.npy", broken), Error);
  std::string after;
  REQUIRE(test::read_file(dir + "/t.npy", after));
  CHECK(after == before);
  CHECK_THROWS_AS(write_npy(dir + "/no/such/folder/t.npy", t), Error);
  Tensor untyped("u", DType::Undefined, {1});
  CHECK_THROWS_AS(write_npy(dir + "/u.npy", untyped), Error);
}
