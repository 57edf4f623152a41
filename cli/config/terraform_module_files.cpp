#include "config/terraform_module_files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stackctl::config {

model::ModuleFiles load_terraform_modules(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  model::ModuleFiles files;
  const fs::path base = root / "terraform" / "modules";
  std::error_code ec;
  if (!fs::is_directory(base, ec)) return files;
  for (auto it = fs::recursive_directory_iterator(base); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && name == ".terraform") {
      it.disable_recursion_pending();  // a `terraform init` run inside a module
      continue;
    }
    if (!it->is_regular_file() || name == ".terraform.lock.hcl") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + it->path().string());
    files[fs::relative(it->path(), base).generic_string()] = text.str();
  }
  return files;
}

}  // namespace stackctl::config
