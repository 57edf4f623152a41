// A small JSON reader that keeps positions (nlohmann::json does not), and the
// mapping of Terraform's JSON syntax onto blocks.
#include "terraform/tf_json_reader.hpp"

#include <map>

#include "terraform/text_cursor.hpp"

namespace stackctl::terraform {
namespace {

class JsonReader {
 public:
  JsonReader(std::string_view text, const std::string& file) : c_(text, file) {}

  Value document() {
    if (c_.starts_with("\xEF\xBB\xBF")) c_.advance(3);
    skip();
    Value v = value(0);
    skip();
    if (!c_.eof()) c_.fail("unexpected " + c_.describe() + " after the JSON document");
    return v;
  }

 private:
  TextCursor c_;

  void skip() {
    while (c_.peek() == ' ' || c_.peek() == '\t' || c_.peek() == '\n' || c_.peek() == '\r') c_.advance();
  }

  Value value(int depth) {
    if (depth > 200) c_.fail("JSON nested too deeply");
    Value v;
    v.mark = c_.mark();
    char ch = c_.peek();
    if (ch == '{') {
      v.kind = ValueKind::object;
      c_.advance();
      skip();
      if (c_.peek() == '}') {
        c_.advance();
        return v;
      }
      for (;;) {
        skip();
        if (c_.peek() != '"') c_.fail("expected a property name in quotes, found " + c_.describe());
        Attribute member;
        member.mark = c_.mark();
        member.name = string();
        skip();
        if (c_.peek() != ':') c_.fail("expected \":\" after the property name, found " + c_.describe());
        c_.advance();
        skip();
        member.value = value(depth + 1);
        v.members.push_back(std::move(member));
        skip();
        if (c_.peek() == ',') {
          c_.advance();
          continue;
        }
        if (c_.peek() == '}') {
          c_.advance();
          return v;
        }
        c_.fail("expected \",\" or \"}\" in the object, found " + c_.describe());
      }
    }
    if (ch == '[') {
      v.kind = ValueKind::tuple;
      c_.advance();
      skip();
      if (c_.peek() == ']') {
        c_.advance();
        return v;
      }
      for (;;) {
        skip();
        v.items.push_back(value(depth + 1));
        skip();
        if (c_.peek() == ',') {
          c_.advance();
          continue;
        }
        if (c_.peek() == ']') {
          c_.advance();
          return v;
        }
        c_.fail("expected \",\" or \"]\" in the array, found " + c_.describe());
      }
    }
    if (ch == '"') {
      size_t start = c_.position().offset;
      v.source_mark = v.mark;
      ++v.source_mark.column;
      v.text = string();
      v.source = std::string(c_.slice(start + 1, c_.position().offset - 1));
      classify_template(v);
      return v;
    }
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
      v.kind = ValueKind::number;
      v.text_known = true;
      while (std::string_view("+-.eE0123456789").find(c_.peek()) != std::string_view::npos && !c_.eof()) {
        v.text += c_.peek();
        c_.advance();
      }
      return v;
    }
    for (const char* word : {"true", "false", "null"}) {
      std::string_view w(word);
      if (c_.starts_with(w)) {
        c_.advance(w.size());
        v.kind = w == "null" ? ValueKind::null : ValueKind::boolean;
        if (w != "null") {
          v.text = word;
          v.text_known = true;
        }
        return v;
      }
    }
    c_.fail("expected a JSON value, found " + c_.describe());
  }

  std::string string() {
    config::Mark open = c_.mark();
    c_.advance();
    std::string out;
    for (;;) {
      if (c_.eof() || c_.peek() == '\n') TextCursor::fail_at(open, "string is not closed: '\"' missing");
      char ch = c_.peek();
      c_.advance();
      if (ch == '"') return out;
      if (ch != '\\') {
        out += ch;
        continue;
      }
      char e = c_.peek();
      c_.advance();
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned long code = 0;
          if (!c_.read_hex(4, code)) c_.fail("\\u needs four hex digits");
          // Surrogate pairs are kept as two 3-byte sequences: only key names
          // and literal kinds matter here, not exact text.
          append_utf8(out, code);
          break;
        }
        default:
          c_.fail(std::string("invalid escape \"\\") + e + "\" in a JSON string");
      }
    }
  }

  // A JSON string is a Terraform template: "${x}" alone is an expression of
  // any type, other interpolations make a string of unknown text.
  static void classify_template(Value& v) {
    v.kind = ValueKind::string;
    v.text_known = true;
    const std::string& s = v.text;
    int interpolations = 0;
    bool only = false;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      if ((s[i] == '$' || s[i] == '%') && s[i + 1] == '{') {
        if (i > 0 && s[i - 1] == s[i]) continue;  // $${ and %%{ are escapes
        ++interpolations;
        if (i == 0 && s[0] == '$') {
          int depth = 0;
          size_t j = 1;
          bool quoted = false;
          for (; j < s.size(); ++j) {
            if (quoted) {
              if (s[j] == '\\')
                ++j;
              else if (s[j] == '"')
                quoted = false;
            } else if (s[j] == '"') {
              quoted = true;
            } else if (s[j] == '{') {
              ++depth;
            } else if (s[j] == '}' && --depth == 0) {
              break;
            }
          }
          only = j == s.size() - 1;
        }
      }
    }
    if (interpolations == 0) return;
    v.text_known = false;
    v.text.clear();
    if (interpolations == 1 && only) v.kind = ValueKind::unknown;
  }
};

[[noreturn]] void misplaced(const Value& v, const std::string& what) {
  TextCursor::fail_at(v.mark,
                      "expected " + what + ", found " +
                          (v.kind == ValueKind::unknown ? std::string("a string") : std::string(kind_name(v.kind))));
}

// Calls fn for an object, or for each object of an array of objects.
template <class Fn>
void each_object(const Value& v, const std::string& what, Fn fn) {
  if (v.kind == ValueKind::object) {
    fn(v);
  } else if (v.kind == ValueKind::tuple) {
    for (const auto& item : v.items) {
      if (item.kind != ValueKind::object) misplaced(item, what);
      fn(item);
    }
  } else {
    misplaced(v, what);
  }
}

// Adds the blocks that `value` (below "type" and `labels` so far) stands for,
// taking `depth` more labels from nested object keys.
void add_blocks(Body& out, const std::string& type, std::vector<std::string> labels, const config::Mark& mark,
                const Value& value, int depth) {
  if (depth == 0) {
    each_object(value, "an object (the body of " + type + ")", [&](const Value& obj) {
      out.blocks.push_back(Block{type, labels, mark, json_body(obj)});
    });
    return;
  }
  each_object(value, "an object keyed by " + type + " label", [&](const Value& obj) {
    for (const auto& m : obj.members) {
      if (m.name == "//") continue;
      auto more = labels;
      more.push_back(m.name);
      add_blocks(out, type, std::move(more), m.mark, m.value, depth - 1);
    }
  });
}

int label_count(const std::string& type) {
  static const std::map<std::string, int> counts{{"resource", 2}, {"data", 2},     {"module", 1},
                                                 {"provider", 1}, {"variable", 1}, {"output", 1}};
  auto it = counts.find(type);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

Value parse_json_value(std::string_view text, const std::string& file_name) {
  return JsonReader(text, file_name).document();
}

Body json_body(const Value& object) {
  Body body;
  body.json = true;
  for (const auto& m : object.members)
    if (m.name != "//") body.attributes.push_back(m);
  return body;
}

Body parse_tf_json(std::string_view text, const std::string& file_name) {
  Value root = parse_json_value(text, file_name);
  if (root.kind != ValueKind::object) misplaced(root, "an object at the top of a .tf.json file");
  Body body;
  body.json = true;
  for (const auto& m : root.members) {
    if (m.name == "//") continue;
    add_blocks(body, m.name, {}, m.mark, m.value, label_count(m.name));
  }
  return body;
}

}  // namespace stackctl::terraform
