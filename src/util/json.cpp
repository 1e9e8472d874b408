#include "util/json.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace tinyc::json {

namespace {

struct Parser {
  const std::string& s;
  size_t i = 0;

  [[noreturn]] void error(const std::string& what) const {
    throw std::runtime_error("bad JSON at byte " + std::to_string(i) + ": " + what);
  }
  void space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  }
  bool eat(char c) {
    space();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) error(std::string("expected '") + c + "'");
  }
  bool word(const char* w) {
    const std::string t(w);
    if (s.compare(i, t.size(), t) != 0) return false;
    i += t.size();
    return true;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (true) {
      if (i >= s.size()) error("unterminated string");
      const char c = s[i++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size()) error("unterminated escape");
      const char e = s[i++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (i + 4 > s.size()) error("short \\u escape");
          const unsigned v = static_cast<unsigned>(std::strtoul(s.substr(i, 4).c_str(), nullptr, 16));
          i += 4;
          if (v < 0x80) {
            out += static_cast<char>(v);
          } else if (v < 0x800) {
            out += static_cast<char>(0xC0 | (v >> 6));
            out += static_cast<char>(0x80 | (v & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (v >> 12));
            out += static_cast<char>(0x80 | ((v >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (v & 0x3F));
          }
          break;
        }
        default: out += e;
      }
    }
  }
  Json value(int depth) {
    if (depth > 64) error("nested too deeply");
    space();
    if (i >= s.size()) error("unexpected end");
    Json v;
    const char c = s[i];
    if (c == '{') {
      ++i;
      v.kind = Json::Kind::Object;
      if (eat('}')) return v;
      do {
        space();
        std::string k = string();
        expect(':');
        v.fields[k] = value(depth + 1);
      } while (eat(','));
      expect('}');
    } else if (c == '[') {
      ++i;
      v.kind = Json::Kind::Array;
      if (eat(']')) return v;
      do v.items.push_back(value(depth + 1));
      while (eat(','));
      expect(']');
    } else if (c == '"') {
      v.kind = Json::Kind::String;
      v.text = string();
    } else if (word("true")) {
      v.kind = Json::Kind::Bool;
      v.b = true;
    } else if (word("false")) {
      v.kind = Json::Kind::Bool;
    } else if (word("null")) {
    } else {
      const size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' || s[i] == '+' ||
                              s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
        ++i;
      if (i == start) error("unexpected character");
      v.kind = Json::Kind::Number;
      v.text = s.substr(start, i - start);
    }
    return v;
  }
};

}  // namespace

const Json& Json::at(const std::string& key) const {
  auto it = fields.find(key);
  if (kind != Kind::Object || it == fields.end()) throw std::runtime_error("missing field '" + key + "'");
  return it->second;
}

int64_t Json::as_int() const {
  if (kind != Kind::Number) throw std::runtime_error("expected a number, got '" + text + "'");
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0') throw std::runtime_error("expected an integer, got " + text);
  return v;
}

double Json::as_double() const {
  if (kind == Kind::Null) return 0;
  if (kind == Kind::String) {
    if (text == "inf") return INFINITY;
    if (text == "-inf") return -INFINITY;
    if (text == "nan") return NAN;
  }
  if (kind != Kind::Number) throw std::runtime_error("expected a number");
  return std::strtod(text.c_str(), nullptr);
}

const std::string& Json::as_string() const {
  if (kind != Kind::String) throw std::runtime_error("expected a string");
  return text;
}

const std::vector<Json>& Json::as_array() const {
  if (kind != Kind::Array) throw std::runtime_error("expected an array");
  return items;
}

Json parse_json(const std::string& text) {
  Parser p{text};
  Json v = p.value(0);
  p.space();
  if (p.i != text.size()) p.error("trailing characters");
  return v;
}

std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_double(double v) {
  if (std::isnan(v)) return "\"nan\"";
  if (std::isinf(v)) return v > 0 ? "\"inf\"" : "\"-inf\"";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace tinyc::json
