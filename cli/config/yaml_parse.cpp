#include "config/yaml_parse.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <sstream>

namespace stackctl::config {
namespace {

/// Builds Nodes straight from yaml-cpp's parser events: one pass, positions
/// on every value, duplicate keys rejected. It also guards against a
/// yaml-cpp 0.7 bug (jbeder/yaml-cpp#1040): a token the parser cannot place
/// (a stray ',') is never consumed, so it yields empty documents at the same
/// position forever. Two such documents in a row mean no progress: an error.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& source, const std::string& text)
      : file_(std::make_shared<const std::string>(source)), text_(text) {}

  Mark mark(const YAML::Mark& m) const { return Mark{file_, m.line + 1, m.column + 1}; }
  std::vector<Node>& documents() { return documents_; }

  void OnDocumentStart(const YAML::Mark&) override {
    events_ = 0;
    stack_.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    if (++events_ == 1) {
      if (m.pos == last_empty_pos_) {
        const size_t at = text_.find_first_not_of(" \t\r\n", static_cast<size_t>(m.pos));
        const std::string what = at == std::string::npos ? "end of input" : "'" + text_.substr(at, 1) + "'";
        fail(m, "", "invalid YAML: unexpected " + what);
      }
      last_empty_pos_ = m.pos;
    }
    add(Node::null(mark(m)), anchor, m);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t anchor) override {
    ++events_;
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) fail(m, path(), "invalid YAML: unknown alias");
    Node copy = it->second;
    add(std::move(copy), 0, m);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor, const std::string& value) override {
    ++events_;
    // yaml-cpp tags plain scalars "?"; quoted, block and explicitly tagged ones are strings.
    add(Node::scalar(value, tag != "?", mark(m)), anchor, m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    ++events_;
    push(Node::list(mark(m)), anchor, m);
  }
  void OnSequenceEnd() override { pop(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    ++events_;
    push(Node::map(mark(m)), anchor, m);
  }
  void OnMapEnd() override { pop(); }

  [[noreturn]] void fail(const YAML::Mark& m, const std::string& p, const std::string& msg) const {
    throw InvalidInput({Diagnostic{mark(m), p, msg}});
  }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::string path;
    bool has_key = false;  // maps: a key is waiting for its value
    std::string key;
    Mark key_mark;
  };

  std::string path() const { return stack_.empty() ? "" : child_path(stack_.back()); }
  static std::string child_path(const Frame& f) {
    if (f.node.is_list()) return path_index(f.path, f.node.items().size());
    return f.has_key ? path_join(f.path, f.key) : f.path;
  }

  void push(Node node, YAML::anchor_t anchor, const YAML::Mark& m) {
    if (stack_.size() >= 64) fail(m, path(), "nesting is deeper than 64 levels");
    if (!stack_.empty() && stack_.back().node.is_map() && !stack_.back().has_key)
      fail(m, stack_.back().path, "map keys must be plain strings");
    std::string p = path();
    stack_.push_back(Frame{std::move(node), anchor, std::move(p), false, {}, {}});
  }

  void pop() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    YAML::Mark m;
    m.line = f.node.mark().line - 1;
    m.column = f.node.mark().column - 1;
    add(std::move(f.node), f.anchor, m);
  }

  void add(Node node, YAML::anchor_t anchor, const YAML::Mark& m) {
    if (anchor) anchors_[anchor] = node;
    if (stack_.empty()) {
      if (!node.is_null()) documents_.push_back(std::move(node));
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_list()) {
      top.node.items().push_back(std::move(node));
    } else if (!top.has_key) {
      if (!node.is_scalar()) fail(m, top.path, "map keys must be plain strings");
      top.has_key = true;
      top.key = node.text();
      top.key_mark = node.mark();
    } else {
      const std::string child = path_join(top.path, top.key);
      if (const Entry* prev = top.node.find_entry(top.key))
        throw InvalidInput({Diagnostic{
            top.key_mark, child,
            "duplicate key \"" + top.key + "\" (first defined at line " + std::to_string(prev->key_mark.line) + ")"}});
      top.node.set(top.key, std::move(node), top.key_mark);
      top.has_key = false;
    }
  }

  std::shared_ptr<const std::string> file_;
  const std::string& text_;
  std::vector<Node> documents_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  int events_ = 0;
  int last_empty_pos_ = -1;
};

}  // namespace

std::vector<Node> parse_yaml_stream(const std::string& text, const std::string& source) {
  TreeBuilder builder(source, text);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    throw InvalidInput({Diagnostic{builder.mark(e.mark), "", "invalid YAML: " + e.msg}});
  }
  return std::move(builder.documents());
}

Node parse_yaml(const std::string& text, const std::string& source) {
  std::vector<Node> docs = parse_yaml_stream(text, source);
  if (docs.empty()) return Node::map(make_mark(source, 1, 1));
  if (docs.size() > 1) {
    throw InvalidInput(
        {Diagnostic{docs[1].mark(), "", "expected one YAML document, found " + std::to_string(docs.size())}});
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
