// Parsing and writing the .npy header. The dict is parsed by hand (keys in any
// order, optional trailing comma, single or double quotes) rather than with a
// general Python-literal parser: the format only ever holds these three keys.
#include "npy/npy_header.h"

#include <cctype>
#include <cstring>

#include "tinyc/error.h"

namespace tinyc::npy {

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

/// A cursor over the dict text with the few token readers the header needs.
class DictReader {
 public:
  explicit DictReader(const std::string& s) : s_(s) {}

  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; }
    return false;
  }
  void expect(char c, const char* where) {
    if (!eat(c)) fail(std::string("malformed .npy header: expected '") + c + "' " + where);
  }
  std::string quoted() {
    skip_space();
    if (i_ >= s_.size() || (s_[i_] != '\'' && s_[i_] != '"')) fail("malformed .npy header: expected a quoted string");
    char q = s_[i_++];
    size_t end = s_.find(q, i_);
    if (end == std::string::npos) fail("malformed .npy header: unterminated string");
    std::string r = s_.substr(i_, end - i_);
    i_ = end + 1;
    return r;
  }
  std::string word() {
    skip_space();
    size_t b = i_;
    while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    return s_.substr(b, i_ - b);
  }
  int64_t integer() {
    skip_space();
    size_t b = i_;
    int64_t v = 0;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      int d = s_[i_++] - '0';
      if (v > (INT64_MAX - d) / 10) fail("malformed .npy header: dimension too large");
      v = v * 10 + d;
    }
    if (i_ == b) fail("malformed .npy header: expected a non-negative integer dimension");
    // numpy 1.x on some platforms wrote "3L".
    if (i_ < s_.size() && s_[i_] == 'L') ++i_;
    return v;
  }
  bool at_end() {
    skip_space();
    return i_ >= s_.size();
  }

 private:
  const std::string& s_;
  size_t i_ = 0;
};

std::vector<int64_t> parse_shape(DictReader& r) {
  std::vector<int64_t> shape;
  r.expect('(', "to open the shape tuple");
  if (r.eat(')')) return shape;
  while (true) {
    shape.push_back(r.integer());
    if (shape.size() > 32) fail("malformed .npy header: more than 32 dimensions");
    if (r.eat(')')) break;
    r.expect(',', "between shape dimensions");
    if (r.eat(')')) break;  // (3,) and (2, 3,)
  }
  return shape;
}

uint32_t read_le(const std::string& b, size_t at, size_t n) {
  uint32_t v = 0;
  for (size_t k = 0; k < n; ++k) v |= static_cast<uint32_t>(static_cast<uint8_t>(b[at + k])) << (8 * k);
  return v;
}

}  // namespace

Header parse_header(const std::string& bytes) {
  if (bytes.size() < kMagicLen + 2 || std::memcmp(bytes.data(), kMagic, kMagicLen) != 0)
    fail("not a .npy file (missing the \\x93NUMPY magic)");
  int major = static_cast<uint8_t>(bytes[6]);
  int minor = static_cast<uint8_t>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    fail("unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor));
  size_t len_bytes = major == 1 ? 2 : 4;
  size_t start = 8 + len_bytes;
  if (bytes.size() < start) fail("truncated .npy header");
  size_t header_len = read_le(bytes, 8, len_bytes);
  if (bytes.size() - start < header_len) fail("truncated .npy header (declares " + std::to_string(header_len) + " bytes)");
  std::string dict = bytes.substr(start, header_len);

  Header h;
  h.data_offset = start + header_len;
  bool have_descr = false, have_order = false, have_shape = false;
  DictReader r(dict);
  r.expect('{', "at the start of the header dict");
  while (!r.eat('}')) {
    std::string key = r.quoted();
    r.expect(':', "after a key");
    if (key == "descr") {
      h.descr = r.quoted();
      have_descr = true;
    } else if (key == "fortran_order") {
      std::string w = r.word();
      if (w != "True" && w != "False") fail("malformed .npy header: fortran_order is '" + w + "'");
      h.fortran_order = w == "True";
      have_order = true;
    } else if (key == "shape") {
      h.shape = parse_shape(r);
      have_shape = true;
    } else {
      fail("malformed .npy header: unexpected key '" + key + "'");
    }
    if (!r.eat(',')) {
      r.expect('}', "to close the header dict");
      break;
    }
  }
  if (!have_descr || !have_order || !have_shape)
    fail("malformed .npy header: needs the keys 'descr', 'fortran_order' and 'shape'");
  if (!r.at_end()) fail("malformed .npy header: text after the dict");
  return h;
}

std::string make_header(const std::string& descr, const std::vector<int64_t>& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < shape.size(); ++i) {
    dict += std::to_string(shape[i]);
    if (i + 1 < shape.size() || shape.size() == 1) dict += ",";
    if (i + 1 < shape.size()) dict += " ";
  }
  dict += "), }";
  // Pad with spaces and a final newline so magic + length + dict is a multiple of 64.
  size_t prefix = 10;
  int major = 1;
  if (dict.size() + 1 + prefix + 64 > 65535) { major = 2; prefix = 12; }
  size_t total = prefix + dict.size() + 1;
  size_t padded = (total + 63) / 64 * 64;
  dict.append(padded - total, ' ');
  dict += '\n';
  std::string out(kMagic, kMagicLen);
  out += static_cast<char>(major);
  out += '\0';
  size_t len = dict.size();
  for (size_t k = 0; k < (major == 1 ? 2u : 4u); ++k) out += static_cast<char>((len >> (8 * k)) & 0xff);
  return out + dict;
}

}  // namespace tinyc::npy
