// The .npy header: magic, version, and the Python dict literal describing the
// array ({'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tinyc::npy {

struct Header {
  std::string descr;            ///< numpy type string, e.g. "<f4", "|i1"
  bool fortran_order = false;
  std::vector<int64_t> shape;   ///< empty for a scalar
  size_t data_offset = 0;       ///< where the array data starts in the file
};

/// Parses the header at the start of `bytes`. Throws Error (without a file name;
/// the caller adds it) saying what is malformed.
Header parse_header(const std::string& bytes);

/// Builds a version 1.0 header (2.0 when the dict is too long for 1.0) whose
/// total length is a multiple of 64, as numpy writes it.
std::string make_header(const std::string& descr, const std::vector<int64_t>& shape);

}  // namespace tinyc::npy
