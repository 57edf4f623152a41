// stackctl secrets VERB: encrypted per-environment secrets as code
// (docs/secrets.md). Values come from stdin or a no-echo prompt, never from
// argv; every verb that decrypts masks the values in everything it prints.
#include <sodium.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "app/exit_code.hpp"
#include "app/output_guard.hpp"
#include "app/terminal.hpp"
#include "commands/commands.hpp"
#include "commands/secrets_support.hpp"
#include "secrets/keys.hpp"
#include "secrets/references.hpp"

namespace stackctl::commands {
namespace {

struct SecretsOptions {
  std::string environment;
  std::string name;
  std::vector<std::string> recipients, add, remove;
  bool new_data_key = false;
  int length = 32;
  std::string charset = "alnum";
  bool force = false;
  bool missing = false;  // generate: every secret the environment uses and lacks
  std::string output = "text";
  std::string key_file;
};

void say(const std::string& text) { std::fprintf(stderr, "stackctl: %s\n", text.c_str()); }

std::string describe(const std::vector<secrets::RecipientEntry>& recipients) {
  std::string out;
  for (const auto& r : recipients) out += (out.empty() ? "" : ", ") + (r.name.empty() ? r.key : r.name);
  return out;
}

int keygen(const SecretsOptions& o) {
  auto path = o.key_file.empty() ? secrets::default_key_file() : std::filesystem::path(o.key_file);
  auto identity = secrets::write_new_identity(path);
  say("wrote a new identity to " + path.string() + " (keep it private; back it up)");
  std::printf("%s\n", identity.recipient().to_string().c_str());
  return app::ok;
}

int init(const GlobalOptions& g, const SecretsOptions& o) {
  require_environment(g, o.environment);
  if (secrets::read_secrets_file(g.root, o.environment))
    throw std::runtime_error(secrets::secrets_file_name(o.environment) +
                             " already exists; change its recipients with `stackctl secrets rotate`");
  std::vector<secrets::RecipientEntry> recipients;
  for (const auto& r : o.recipients) recipients.push_back(secrets::parse_recipient_argument(r));
  if (recipients.empty()) {
    auto mine = secrets::load_identities();
    const char* user = std::getenv("USER");
    recipients.push_back({user ? user : "", mine.identities.front().recipient().to_string(), {}});
  }
  auto vault = secrets::Vault::create(o.environment, recipients);
  save_vault(g, vault);
  say("created " + secrets::secrets_file_name(o.environment) + ", encrypted to " + describe(recipients));
  return app::ok;
}

int set(const GlobalOptions& g, const SecretsOptions& o) {
  require_secret_name(o.name);
  auto vault = open_vault(g, o.environment);
  auto value = read_secret_value(o.name);
  bool existed = vault.contains(o.name);
  vault.set(o.name, value);
  sodium_memzero(value.data(), value.size());
  save_vault(g, vault);
  say(std::string(existed ? "updated " : "added ") + o.name + " in " + secrets::secrets_file_name(o.environment));
  return app::ok;
}

int get(const GlobalOptions& g, const SecretsOptions& o) {
  auto vault = open_vault(g, o.environment, /*redact_stdout=*/false);
  auto value = vault.get(o.name);
  std::fwrite(value.data(), 1, value.size(), stdout);
  if (app::OutputGuard::stdout_was_tty()) std::fputc('\n', stdout);
  sodium_memzero(value.data(), value.size());
  return app::ok;
}

int list(const GlobalOptions& g, const SecretsOptions& o) {
  require_environment(g, o.environment);
  auto file = secrets::read_secrets_file(g.root, o.environment);
  if (!file)
    throw std::runtime_error("environment " + o.environment +
                             " has no secrets file; create it with `stackctl "
                             "secrets init " +
                             o.environment + "`");
  if (o.output == "json") {
    nlohmann::json out = {
        {"environment", o.environment}, {"secrets", nlohmann::json::array()}, {"recipients", nlohmann::json::array()}};
    for (const auto& s : file->secrets) out["secrets"].push_back(s.name);
    for (const auto& r : file->recipients) out["recipients"].push_back({{"name", r.name}, {"key", r.key}});
    std::printf("%s\n", out.dump(2).c_str());
    return app::ok;
  }
  for (const auto& s : file->secrets) std::printf("%s\n", s.name.c_str());
  return app::ok;
}

std::string random_value(int length, const std::string& charset) {
  static const std::string alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static const std::string hex = "0123456789abcdef";
  static const std::string base64url = alnum + "-_";
  const std::string& alphabet = charset == "hex" ? hex : charset == "base64url" ? base64url : alnum;
  std::string value;
  for (int i = 0; i < length; ++i) value += alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
  return value;
}

/// The secrets the environment uses that its file lacks, sorted.
std::vector<std::string> missing_secrets(const GlobalOptions& g, const std::string& environment,
                                         const secrets::Vault& vault) {
  EnvironmentOptions eo;
  eo.environment = environment;
  const auto loaded = load_valid(g, eo);
  std::vector<std::string> out;
  for (const auto& use : secrets::secret_uses(loaded))
    if (!vault.contains(use.name) && (out.empty() || out.back() != use.name)) out.push_back(use.name);
  return out;
}

int generate_missing(const GlobalOptions& g, const SecretsOptions& o) {
  if (!o.name.empty() || o.force) throw std::runtime_error("--missing takes no NAME and no --force");
  auto vault = open_vault(g, o.environment);
  const auto names = missing_secrets(g, o.environment, vault);
  for (const auto& name : names) {
    auto value = random_value(o.length, o.charset);
    vault.set(name, value);
    sodium_memzero(value.data(), value.size());
  }
  if (names.empty()) {
    say(o.environment + " has every secret it uses; nothing generated");
    return app::ok;
  }
  save_vault(g, vault);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  say("generated " + list + " in " + secrets::secrets_file_name(o.environment));
  return app::ok;
}

int generate(const GlobalOptions& g, const SecretsOptions& o) {
  if (o.missing) return generate_missing(g, o);
  if (o.name.empty()) throw std::runtime_error("secrets generate needs a NAME (or --missing)");
  require_secret_name(o.name);
  auto vault = open_vault(g, o.environment);
  if (vault.contains(o.name) && !o.force)
    throw std::runtime_error(o.environment + " already has " + o.name + "; --force replaces it");
  auto value = random_value(o.length, o.charset);
  vault.set(o.name, value);
  sodium_memzero(value.data(), value.size());
  save_vault(g, vault);
  say("generated " + o.name + " (" + std::to_string(o.length) + " " + o.charset + " characters) in " +
      secrets::secrets_file_name(o.environment));
  return app::ok;
}

int unset(const GlobalOptions& g, const SecretsOptions& o) {
  auto vault = open_vault(g, o.environment);
  if (!vault.remove(o.name)) throw std::runtime_error(o.environment + " has no secret " + o.name);
  save_vault(g, vault);
  say("removed " + o.name + " from " + secrets::secrets_file_name(o.environment));
  return app::ok;
}

bool matches(const secrets::RecipientEntry& r, const std::string& which) { return r.name == which || r.key == which; }

int rotate(const GlobalOptions& g, const SecretsOptions& o) {
  auto vault = open_vault(g, o.environment);
  auto recipients = vault.file().recipients;
  bool changed = false, removed = false;
  if (!o.recipients.empty()) {
    std::vector<secrets::RecipientEntry> replacement;
    for (const auto& r : o.recipients) replacement.push_back(secrets::parse_recipient_argument(r));
    for (const auto& old : recipients) {
      bool kept = false;
      for (const auto& r : replacement) kept = kept || r.key == old.key;
      removed = removed || !kept;
    }
    recipients = replacement;
    changed = true;
  }
  for (const auto& r : o.add) {
    recipients.push_back(secrets::parse_recipient_argument(r));
    changed = true;
  }
  for (const auto& which : o.remove) {
    auto before = recipients.size();
    std::erase_if(recipients, [&](const auto& r) { return matches(r, which); });
    if (recipients.size() == before) throw std::runtime_error("no recipient \"" + which + "\" in " + o.environment);
    removed = changed = true;
  }
  if (changed) vault.set_recipients(recipients);
  // A removed recipient knew the old data key: it must not open new values.
  bool fresh_key = o.new_data_key || removed || !changed;
  if (fresh_key) vault.new_data_key();
  save_vault(g, vault);
  std::string what = changed ? "recipients now " + describe(recipients) : "";
  if (fresh_key)
    what += std::string(what.empty() ? "" : "; ") + "new data key, every value re-encrypted" +
            (removed && !o.new_data_key ? " (a recipient was removed)" : "");
  say("rotated " + secrets::secrets_file_name(o.environment) + ": " + what);
  return app::ok;
}

}  // namespace

int secrets_edit(const GlobalOptions& g, const std::string& environment);
int secrets_exec(const GlobalOptions& g, const std::string& environment, const std::vector<std::string>& command);

void register_secrets(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<SecretsOptions>();
  CLI::App* group = app.add_subcommand("secrets", "Encrypted per-environment secrets (set, get, edit, rotate, ...)");
  group->require_subcommand(1);
  group->footer(
      "Secrets live in environments/ENV.secrets.yaml: names readable, values encrypted to the\n"
      "environment's recipients (age keys). Your key: STACKCTL_AGE_KEY, STACKCTL_AGE_KEY_FILE or\n"
      "~/.config/stackctl/age-keys.txt. Values never go on the command line. See docs/secrets.md.");
  auto env_arg = [&](CLI::App* verb) { verb->add_option("ENV", o->environment, "The environment")->required(); };
  auto name_arg = [&](CLI::App* verb) { verb->add_option("NAME", o->name, "The secret's name")->required(); };

  auto* keygen_verb = group->add_subcommand("keygen", "Create your age identity and print its public key");
  keygen_verb->add_option("--output", o->key_file, "Where to write it (default ~/.config/stackctl/age-keys.txt)");
  keygen_verb->callback([&g, o] { g.exit_code = keygen(*o); });

  auto* init_verb = group->add_subcommand("init", "Create an environment's secrets file");
  env_arg(init_verb);
  init_verb->add_option("--recipient", o->recipients, "[NAME=]age1... who can decrypt (default: your own key)");
  init_verb->footer("Example:\n  stackctl secrets init staging --recipient alice=age1... --recipient ci=age1...");
  init_verb->callback([&g, o] { g.exit_code = init(g, *o); });

  auto* set_verb = group->add_subcommand("set", "Set a secret, reading the value from stdin or a prompt");
  env_arg(set_verb);
  name_arg(set_verb);
  set_verb->footer(
      "Examples:\n  stackctl secrets set staging rates-db-password           asks, without echo\n"
      "  pass show db | stackctl secrets set staging rates-db-password");
  set_verb->callback([&g, o] { g.exit_code = set(g, *o); });

  auto* get_verb = group->add_subcommand("get", "Print one secret's value");
  env_arg(get_verb);
  name_arg(get_verb);
  get_verb->callback([&g, o] { g.exit_code = get(g, *o); });

  auto* list_verb = group->add_subcommand("list", "List the secrets' names (no key needed)");
  env_arg(list_verb);
  add_output_option(list_verb, o->output, {"text", "json"});
  list_verb->callback([&g, o] { g.exit_code = list(g, *o); });

  auto* generate_verb = group->add_subcommand("generate", "Set a secret to a new random value (e.g. a password)");
  env_arg(generate_verb);
  generate_verb->add_option("NAME", o->name, "The secret's name");
  generate_verb->add_flag("--missing", o->missing, "Every secret the environment uses and does not have yet");
  generate_verb->add_option("--length", o->length, "Characters (default 32)")->check(CLI::Range(8, 4096));
  generate_verb->add_option("--charset", o->charset, "alnum (default), hex or base64url")
      ->check(CLI::IsMember({"alnum", "hex", "base64url"}));
  generate_verb->add_flag("--force", o->force, "Replace an existing value");
  generate_verb->callback([&g, o] { g.exit_code = generate(g, *o); });

  auto* unset_verb = group->add_subcommand("unset", "Remove a secret");
  env_arg(unset_verb);
  name_arg(unset_verb);
  unset_verb->callback([&g, o] { g.exit_code = unset(g, *o); });

  auto* edit_verb = group->add_subcommand("edit", "Edit every secret in $EDITOR (a 0600 file on tmpfs)");
  env_arg(edit_verb);
  edit_verb->callback([&g, o] { g.exit_code = secrets_edit(g, o->environment); });

  auto* rotate_verb = group->add_subcommand("rotate", "Change the recipients and/or the data key");
  env_arg(rotate_verb);
  rotate_verb->add_option("--recipient", o->recipients, "Replace the recipients with these [NAME=]age1...");
  rotate_verb->add_option("--add-recipient", o->add, "Add a recipient [NAME=]age1...");
  rotate_verb->add_option("--remove-recipient", o->remove, "Remove a recipient by name or key");
  rotate_verb->add_flag("--new-data-key", o->new_data_key, "Re-encrypt every value under a new data key");
  rotate_verb->footer(
      "With no option, a new data key. Removing a recipient always takes a new data key:\n"
      "the removed key could open the old one.");
  rotate_verb->callback([&g, o] { g.exit_code = rotate(g, *o); });

  auto command = std::make_shared<std::vector<std::string>>();
  auto* exec_verb = group->add_subcommand("exec", "Run a command with the secrets in its environment");
  env_arg(exec_verb);
  exec_verb->add_option("COMMAND", *command, "The command and its arguments, after --")->required();
  exec_verb->footer(
      "Example:\n  stackctl secrets exec staging -- psql -h db -U app   (RATES_DB_PASSWORD=... in its environment)\n"
      "Each secret NAME becomes the variable NAME in upper case with - as _. The command's\n"
      "output is masked like stackctl's own.");
  exec_verb->callback([&g, o, command] { g.exit_code = secrets_exec(g, o->environment, *command); });
}

}  // namespace stackctl::commands
