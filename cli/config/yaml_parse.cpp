#include "config/yaml_parse.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace stackctl::config {
namespace {

class Converter {
 public:
  explicit Converter(const std::string& source)
      : file_(std::make_shared<const std::string>(source)) {}

  Mark mark(const YAML::Mark& m) const { return Mark{file_, m.line + 1, m.column + 1}; }

  Node convert(const YAML::Node& y, const std::string& path, int depth) {
    if (depth > 64) fail(y.Mark(), path, "nesting is deeper than 64 levels");
    switch (y.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Node::null(mark(y.Mark()));
      case YAML::NodeType::Scalar:
        // yaml-cpp tags quoted and block scalars "!" and plain ones "?".
        return Node::scalar(y.Scalar(), y.Tag() == "!", mark(y.Mark()));
      case YAML::NodeType::Sequence: {
        Node n = Node::list(mark(y.Mark()));
        size_t i = 0;
        for (const auto& item : y) n.items().push_back(convert(item, path_index(path, i++), depth + 1));
        return n;
      }
      case YAML::NodeType::Map: {
        Node n = Node::map(mark(y.Mark()));
        for (const auto& kv : y) {
          if (!kv.first.IsScalar()) fail(kv.first.Mark(), path, "map keys must be plain strings");
          const std::string key = kv.first.Scalar();
          const std::string child = path_join(path, key);
          if (const Entry* prev = n.find_entry(key))
            fail(kv.first.Mark(), child,
                 "duplicate key \"" + key + "\" (first defined at line " +
                     std::to_string(prev->key_mark.line) + ")");
          n.set(key, convert(kv.second, child, depth + 1), mark(kv.first.Mark()));
        }
        return n;
      }
    }
    return Node::null(mark(y.Mark()));
  }

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& path, const std::string& msg) {
    throw InvalidInput({Diagnostic{mark(m), path, msg}});
  }

 private:
  std::shared_ptr<const std::string> file_;
};

/// yaml-cpp 0.7 loops forever on a document whose first token is ','
/// (found by the fuzzer), so such input is rejected before it gets there.
void reject_leading_comma(const std::string& text, const Converter& c) {
  bool document_start = true;
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    ++line_no;
    size_t col = 0;
    if (line.rfind("---", 0) == 0 || line.rfind("...", 0) == 0) {
      col = 3;
      document_start = true;
    }
    else if (line.rfind("%", 0) == 0) col = line.size();
    size_t first = line.find_first_not_of(" \t\r", col);
    if (document_start && first != std::string::npos && line[first] != '#') {
      if (line[first] == ',') {
        YAML::Mark m;
        m.line = static_cast<int>(line_no - 1);
        m.column = static_cast<int>(first);
        throw InvalidInput({Diagnostic{c.mark(m), "", "invalid YAML: a document cannot start with ','"}});
      }
      document_start = false;
    }
    pos = end + 1;
  }
}

}  // namespace

std::vector<Node> parse_yaml_stream(const std::string& text, const std::string& source) {
  Converter c(source);
  reject_leading_comma(text, c);
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw InvalidInput({Diagnostic{c.mark(e.mark), "", "invalid YAML: " + e.msg}});
  }
  std::vector<Node> out;
  for (const auto& d : docs) {
    if (d.IsNull()) continue;
    out.push_back(c.convert(d, "", 0));
  }
  return out;
}

Node parse_yaml(const std::string& text, const std::string& source) {
  std::vector<Node> docs = parse_yaml_stream(text, source);
  if (docs.empty()) return Node::map(make_mark(source, 1, 1));
  if (docs.size() > 1) {
    throw InvalidInput({Diagnostic{docs[1].mark(), "", "expected one YAML document, found " +
                                                           std::to_string(docs.size())}});
  }
  return std::move(docs.front());
}

Node parse_yaml_file(const std::string& path, const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput({Diagnostic{make_mark(display), "", "cannot read file"}});
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_yaml(ss.str(), display);
}

}  // namespace stackctl::config
