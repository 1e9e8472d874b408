// A small JSON reader and writing helpers, enough for tinyc's reports and result
// files (validate --merge). Numbers keep their text so integers and doubles
// round-trip exactly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tinyc::json {

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool b = false;
  std::string text;  ///< String: the value; Number: the literal
  std::vector<Json> items;
  std::map<std::string, Json> fields;

  /// Field `key` of an object; throws std::runtime_error naming it when absent.
  const Json& at(const std::string& key) const;
  bool has(const std::string& key) const { return fields.count(key) > 0; }
  int64_t as_int() const;
  double as_double() const;  ///< a Number, or null as 0 (and the strings "inf", "-inf", "nan")
  const std::string& as_string() const;
  const std::vector<Json>& as_array() const;
};

/// Parses one JSON document; throws std::runtime_error with the offset on bad input.
Json parse_json(const std::string& text);

/// A JSON string literal.
std::string json_quote(const std::string& s);
/// A double that parses back to the same bits (%.17g); non-finite as a string ("inf", "-inf", "nan").
std::string json_double(double v);

}  // namespace tinyc::json
