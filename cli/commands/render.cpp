// stackctl render [ENV] [--out DIR] [-o yaml|json]: write every manifest of
// an environment for review. No side effects beyond --out.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "app/exit_code.hpp"
#include "app/terminal.hpp"
#include "images/image_tags.hpp"
#include "commands/commands.hpp"
#include "commands/secrets_support.hpp"
#include "config/template_files.hpp"
#include "config/terraform_module_files.hpp"
#include "render/render_environment.hpp"
#include "render/yaml_emit.hpp"
#include "render/secret_values.hpp"
#include "secrets/delivery.hpp"
#include "storage/output_dir.hpp"

namespace stackctl::commands {
namespace {

struct RenderOptions {
  EnvironmentOptions env;
  std::string out;
  std::string output;
  bool reveal = false;
};

int run(const GlobalOptions& g, const RenderOptions& o) {
  config::LoadedEnvironment loaded = load_valid(g, o.env);
  config::Diagnostics diags;
  const auto templates = config::load_template_files(g.root, loaded.env.name, diags);
  const auto images = images::image_references(g.root, loaded.env);
  const auto modules = config::load_terraform_modules(g.root);
  auto docs = render::render_environment({loaded.env, loaded.scope, templates, images, modules}, diags);
  if (!diags.empty()) throw config::InvalidInput(diags.sorted());
  if (o.reveal) {
    // The Secret the deploy would create, values in clear: only on request.
    auto vault = open_vault(g, loaded.env.name, /*redact_stdout=*/false);
    docs.push_back(render::kubernetes_secret(loaded.env, vault.reveal()));
    app::Terminal::get().warning("--reveal: the output holds the secret values of " + loaded.env.name +
                                 " in clear; do not commit, share or keep it");
  }

  const bool json = o.output == "json";
  if (!o.out.empty()) {
    std::vector<storage::OutputFile> files;
    for (const auto& d : docs) {
      if (d.is_text()) {
        files.push_back({d.path, d.text});
        continue;
      }
      std::string path = d.path;
      const bool tf_json = path.size() > 8 && path.compare(path.size() - 8, 8, ".tf.json") == 0;
      if (json && !tf_json) path = path.substr(0, path.rfind('.')) + ".json";
      files.push_back({path, json || tf_json ? d.body.dump(2) + "\n" : render::to_yaml(d.body)});
    }
    storage::replace_output_dir(o.out, files);
    std::fprintf(stderr, "stackctl: wrote %zu documents of %s to %s\n", docs.size(), loaded.env.instance_name().c_str(),
                 o.out.c_str());
    return app::ok;
  }
  // On stdout: the Kubernetes objects; the Terraform root module is a folder
  // (with its modules), written by --out.
  std::erase_if(docs, [](const render::Document& d) { return d.path.rfind("terraform/", 0) == 0; });
  if (json) {
    nlohmann::json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", nlohmann::json::array()}};
    for (const auto& d : docs) list["items"].push_back(d.body);
    std::printf("%s\n", list.dump(2).c_str());
  } else {
    const std::string stream = render::to_yaml_stream(docs);
    std::fwrite(stream.data(), 1, stream.size(), stdout);
  }
  return app::ok;
}

}  // namespace

void register_render(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<RenderOptions>();
  CLI::App* verb = app.add_subcommand("render", "Write the manifests of an environment, for review");
  add_environment_options(verb, o->env);
  verb->add_option("--out", o->out, "Write one file per document under DIR (replaced whole)")->type_name("DIR");
  add_output_option(verb, o->output, {"yaml", "json"});
  verb->add_flag("--reveal", o->reveal,
                 "Also write the Secret with the decrypted values (needs your key; prints a warning)");
  verb->footer(
      "Examples:\n"
      "  stackctl render staging                    a YAML stream on stdout\n"
      "  stackctl render staging --out out/staging  one file per document\n"
      "  stackctl render staging -o json            a Kubernetes List\n"
      "  stackctl render staging --copy pr-42       a scaled-down copy\n\n"
      "Output is byte-identical across runs. Secret values never appear: only\n"
      "references to the Secret that the deploy creates, unless --reveal asks for it.");
  verb->callback([&g, o] { g.exit_code = run(g, *o); });
}

}  // namespace stackctl::commands
