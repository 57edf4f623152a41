// The module interface, the call-against-interface rules, and a small scanner
// that finds module.NAME.OUTPUT in expression text while stepping over string
// literals and comments.
#include "terraform/module_call_check.hpp"

#include "config/suggest.hpp"
#include "terraform/literal_types.hpp"
#include "terraform/variable_type.hpp"

namespace stackctl::terraform {
namespace {

bool is_meta_argument(const std::string& name) {
  return name == "source" || name == "version" || name == "count" || name == "for_each" || name == "providers" ||
         name == "depends_on";
}

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '-'; }

// The type constraint a variable's `type` value spells: an HCL expression's
// text, or in JSON a string holding the type expression.
TypeConstraint variable_type(const Value& v, bool json) {
  if (json) return v.kind == ValueKind::string && v.text_known ? parse_variable_type(v.text) : TypeConstraint{};
  return parse_variable_type(v.source);
}

// The mark `offset` bytes into `text`, which starts at `start`.
config::Mark mark_at(const config::Mark& start, const std::string& text, size_t offset) {
  config::Mark m = start;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++m.line;
      m.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++m.column;
    }
  }
  return m;
}

// Finds references in expression text. `in_string` starts inside a template
// (a JSON string); `json` means the text still has JSON escapes (\" for ").
class ReferenceScanner {
 public:
  ReferenceScanner(const std::string& text, const config::Mark& start, bool in_string, bool json,
                   std::vector<ModuleReference>& out)
      : s_(text), start_(start), json_(json), out_(out) {
    frames_.push_back(Frame{in_string, 0});
  }

  void run() {
    while (i_ < s_.size()) frames_.back().string ? string_char() : code_char();
  }

 private:
  struct Frame {
    bool string;  // literal text of a quoted template; else expression code
    int braces;   // open "{" in this code frame
  };
  const std::string& s_;
  config::Mark start_;
  bool json_;
  std::vector<ModuleReference>& out_;
  std::vector<Frame> frames_;
  size_t i_ = 0;

  bool at(const char* word) const { return s_.compare(i_, std::char_traits<char>::length(word), word) == 0; }

  void string_char() {
    if (at("$${") || at("%%{")) {
      i_ += 3;
    } else if (at("${") || at("%{")) {
      frames_.push_back(Frame{false, 0});
      i_ += 2;
    } else if (json_ && at("\\\\\\\"")) {
      i_ += 4;  // \" in the template, written \\\" in JSON
    } else if (json_ ? at("\\\"") : s_[i_] == '"') {
      if (frames_.size() > 1) frames_.pop_back();
      i_ += json_ ? 2 : 1;
    } else if (s_[i_] == '\\') {
      i_ += 2;
    } else {
      ++i_;
    }
  }

  void code_char() {
    char c = s_[i_];
    if (c == '"' || (json_ && at("\\\""))) {
      frames_.push_back(Frame{true, 0});
      i_ += c == '"' ? 1 : 2;
    } else if (c == '#' || at("//")) {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    } else if (at("/*")) {
      size_t end = s_.find("*/", i_ + 2);
      i_ = end == std::string::npos ? s_.size() : end + 2;
    } else if (c == '{') {
      ++frames_.back().braces;
      ++i_;
    } else if (c == '}') {
      if (frames_.back().braces == 0 && frames_.size() > 1)
        frames_.pop_back();
      else
        --frames_.back().braces;
      ++i_;
    } else if (ident_start(c)) {
      bool after_dot = i_ > 0 && (s_[i_ - 1] == '.' || ident_char(s_[i_ - 1]));
      size_t begin = i_;
      std::string word = identifier();
      if (word == "module" && !after_dot) reference(begin);
    } else {
      ++i_;
    }
  }

  std::string identifier() {
    size_t begin = i_;
    while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
    return s_.substr(begin, i_ - begin);
  }

  // After "module": .NAME, any [index], then .OUTPUT.
  void reference(size_t begin) {
    if (i_ >= s_.size() || s_[i_] != '.' || i_ + 1 >= s_.size() || !ident_start(s_[i_ + 1])) return;
    ++i_;
    std::string module = identifier();
    while (i_ < s_.size() && s_[i_] == '[') {
      int depth = 0;
      for (; i_ < s_.size(); ++i_) {
        if (s_[i_] == '[') ++depth;
        if (s_[i_] == ']' && --depth == 0) break;
      }
      if (i_ < s_.size()) ++i_;
    }
    std::string output;
    if (i_ + 1 < s_.size() && s_[i_] == '.' && ident_start(s_[i_ + 1])) {
      ++i_;
      output = identifier();
    }
    out_.push_back(ModuleReference{module, output, mark_at(start_, s_, begin)});
  }
};

// `json`: the value comes from a .tf.json file, where every string is a
// template (scanned unless it is plain text) and nothing else has source.
void references_in(const Value& v, bool json, std::vector<ModuleReference>& out) {
  if (!v.source.empty()) {
    if (json && v.text_known) return;
    ReferenceScanner(v.source, v.source_mark, json, json, out).run();
    return;
  }
  for (const auto& item : v.items) references_in(item, json, out);
  for (const auto& m : v.members) references_in(m.value, json, out);
}

}  // namespace

void collect_interface(const Body& file, ModuleInterface& into) {
  for (const auto& b : file.blocks) {
    if (b.labels.size() != 1) continue;
    if (b.type == "output") into.outputs.insert(b.labels[0]);
    if (b.type != "variable") continue;
    ModuleVariable var;
    var.mark = b.mark;
    var.required = !find_attribute(b.body, "default");
    if (const Attribute* type = find_attribute(b.body, "type")) var.type = variable_type(type->value, b.body.json);
    into.variables[b.labels[0]] = std::move(var);
  }
}

void check_module_call(const Block& call, const std::string& source, const ModuleInterface& callee,
                       config::Diagnostics& diags) {
  const std::string path = "module." + call.labels.at(0);
  std::vector<std::string> names;
  for (const auto& [name, var] : callee.variables) names.push_back(name);
  std::set<std::string> set;
  for (const auto& a : call.body.attributes) {
    if (is_meta_argument(a.name)) continue;
    set.insert(a.name);
    auto it = callee.variables.find(a.name);
    if (it == callee.variables.end()) {
      diags.error(a.mark, config::path_join(path, a.name),
                  "module \"" + source + "\" has no variable \"" + a.name + "\"" + config::did_you_mean(a.name, names));
      continue;
    }
    check_literal_type(a.value, it->second.type, config::path_join(path, a.name), diags);
  }
  for (const auto& b : call.body.blocks)
    diags.error(b.mark, config::path_join(path, b.type),
                "a module call takes arguments, not blocks: \"" + b.type + "\" is not allowed here");
  for (const auto& [name, var] : callee.variables)
    if (var.required && !set.count(name))
      diags.error(call.mark, path,
                  "missing required variable \"" + name + "\" of module \"" + source + "\" (it has no default)");
}

void collect_module_references(const Body& body, std::vector<ModuleReference>& out) {
  for (const auto& a : body.attributes) references_in(a.value, body.json, out);
  for (const auto& b : body.blocks) collect_module_references(b.body, out);
}

void check_module_references(const std::vector<ModuleReference>& refs, const ModuleCalls& calls,
                             config::Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& [name, iface] : calls) names.push_back(name);
  for (const auto& r : refs) {
    auto it = calls.find(r.module);
    if (it == calls.end()) {
      diags.error(r.mark, "module." + r.module,
                  "reference to undeclared module \"" + r.module + "\"" + config::did_you_mean(r.module, names));
      continue;
    }
    const ModuleInterface* callee = it->second;
    if (!callee || !callee->complete || r.output.empty() || callee->outputs.count(r.output)) continue;
    std::vector<std::string> outputs(callee->outputs.begin(), callee->outputs.end());
    diags.error(
        r.mark, "module." + r.module + "." + r.output,
        "module \"" + r.module + "\" has no output \"" + r.output + "\"" + config::did_you_mean(r.output, outputs));
  }
}

}  // namespace stackctl::terraform
