#include "secrets/secrets_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/diagnostics.hpp"
#include "config/names.hpp"
#include "config/reader.hpp"
#include "config/yaml_parse.hpp"
#include "storage/atomic_file.hpp"

namespace stackctl::secrets {

namespace {

bool is_token(const std::string& text) {
  return text.rfind("ENC[xchacha20poly1305,nonce:", 0) == 0 && text.size() > 5 && text.back() == ']' &&
         text.find(",data:") != std::string::npos;
}

void read_recipients(const config::Node* list, config::Diagnostics& diags, SecretsFile& out) {
  if (!list) return;
  if (!list->is_list()) {
    diags.error(list->mark(), "recipients", "expected a list of {name, key}, got " + std::string(list->type_name()));
    return;
  }
  for (size_t i = 0; i < list->items().size(); ++i) {
    const auto& item = list->items()[i];
    config::MapReader r(&item, config::path_index("recipients", i), diags);
    RecipientEntry entry;
    entry.mark = item.mark();
    r.string("name", entry.name);
    r.string("key", entry.key, true);
    out.recipients.push_back(std::move(entry));
  }
}

void read_secrets(const config::Node* map, config::Diagnostics& diags, SecretsFile& out) {
  if (!map) return;
  if (!map->is_map()) {
    diags.error(map->mark(), "secrets", "expected a map of NAME: ENC[...], got " + std::string(map->type_name()));
    return;
  }
  for (const auto& entry : map->entries()) {
    auto path = config::path_join("secrets", entry.key);
    if (!config::is_dns1123_label(entry.key, 253))
      diags.error(entry.key_mark, path,
                  "secret name " + config::quote(entry.key) + " " + config::dns1123_problem(entry.key, 253));
    if (!entry.value->is_scalar() || !is_token(entry.value->text())) {
      diags.error(entry.value->mark(), path,
                  "expected an encrypted value ENC[xchacha20poly1305,...]; values are set with "
                  "`stackctl secrets set`, never written in clear");
      continue;
    }
    out.secrets.push_back({entry.key, entry.value->text(), entry.key_mark});
  }
  std::sort(out.secrets.begin(), out.secrets.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

}  // namespace

const SecretEntry* SecretsFile::find(const std::string& name) const {
  for (const auto& s : secrets)
    if (s.name == name) return &s;
  return nullptr;
}

std::string secrets_file_name(const std::string& environment) {
  return "environments/" + environment + ".secrets.yaml";
}

std::filesystem::path secrets_file_path(const std::filesystem::path& root, const std::string& environment) {
  return root / secrets_file_name(environment);
}

SecretsFile parse_secrets_file(const std::string& text, const std::string& display, const std::string& environment) {
  config::Node tree = config::parse_yaml(text, display);
  config::Diagnostics diags;
  SecretsFile out;
  {
    config::MapReader r(&tree, "", diags);
    int version = 0;
    if (r.integer("version", version, 1, 1, true) && version != 1)
      diags.error(tree.mark(), "version", "unsupported version");
    r.string("environment", out.environment, true);
    if (const auto* env = r.get("environment"); env && out.environment != environment)
      diags.error(
          env->mark(), "environment",
          "this file holds the secrets of " + config::quote(out.environment) + ", not " + config::quote(environment));
    read_recipients(r.require("recipients"), diags, out);
    r.string("data_key", out.data_key, true);
    read_secrets(r.get("secrets"), diags, out);
    r.string("mac", out.mac, true);
    if (const auto* recipients = r.get("recipients"); recipients && recipients->is_list() && out.recipients.empty())
      diags.error(recipients->mark(), "recipients", "at least one recipient is required");
  }
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  return out;
}

std::optional<SecretsFile> read_secrets_file(const std::filesystem::path& root, const std::string& environment) {
  auto path = secrets_file_path(root, environment);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + secrets_file_name(environment));
  std::stringstream text;
  text << in.rdbuf();
  return parse_secrets_file(text.str(), secrets_file_name(environment), environment);
}

std::string format_secrets_file(const SecretsFile& file) {
  std::ostringstream out;
  out << "# stackctl secrets of environment \"" << file.environment << "\" (docs/secrets.md).\n"
      << "# Names are readable, values are encrypted to the recipients below. Change them with\n"
      << "# `stackctl secrets set|generate|edit|rotate " << file.environment
      << "`; an edit by hand breaks the mac and the file is refused.\n"
      << "version: 1\n"
      << "environment: " << file.environment << "\n"
      << "recipients:\n";
  for (const auto& r : file.recipients) {
    out << "  - ";
    if (!r.name.empty()) out << "name: " << r.name << "\n    ";
    out << "key: " << r.key << "\n";
  }
  out << "data_key: |\n";
  std::istringstream armor(file.data_key);
  for (std::string line; std::getline(armor, line);) out << "  " << line << "\n";
  auto sorted = file.secrets;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  if (sorted.empty()) {
    out << "secrets: {}\n";
  } else {
    out << "secrets:\n";
    for (const auto& s : sorted) out << "  " << s.name << ": " << s.token << "\n";
  }
  out << "mac: " << file.mac << "\n";
  return out.str();
}

void write_secrets_file(const std::filesystem::path& root, const SecretsFile& file) {
  storage::write_file_atomically(secrets_file_path(root, file.environment), format_secrets_file(file), 0644);
}

}  // namespace stackctl::secrets
