// Engine: image export (`docker save`), streamed to a file.
#include <cstdio>
#include <memory>

#include "clients/engine/engine.hpp"

namespace stackctl::engine {

void Engine::save_image(const std::string& ref, const std::filesystem::path& file) const {
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(file.c_str(), "wb"), &std::fclose);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  HttpRequest request;
  request.path = "/images/" + ref + "/get";
  request.timeout = std::chrono::milliseconds(-1);
  bool write_failed = false;
  try {
    send(request, [&](std::string_view chunk) {
      if (std::fwrite(chunk.data(), 1, chunk.size(), out.get()) != chunk.size()) {
        write_failed = true;
        return false;
      }
      return true;
    });
    if (write_failed || std::fflush(out.get()) != 0) throw std::runtime_error("writing " + file.string() + " failed");
  } catch (...) {
    out.reset();
    std::error_code ec;
    std::filesystem::remove(file, ec);
    throw;
  }
}

}  // namespace stackctl::engine
