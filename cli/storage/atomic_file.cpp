#include "storage/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace stackctl::storage {

void write_file_atomically(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  auto fail = [&](const std::string& what) {
    return std::runtime_error("cannot write " + path.string() + ": " + what + ": " + std::strerror(errno));
  };
  std::string temp = (path.parent_path() / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = mkstemp(temp.data());
  if (fd < 0) throw fail("creating a temporary file");
  auto abandon = [&](const std::string& what) {
    auto error = fail(what);
    close(fd);
    unlink(temp.c_str());
    return error;
  };
  if (fchmod(fd, mode) != 0) throw abandon("setting its mode");
  for (size_t done = 0; done < content.size();) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw abandon("writing");
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) throw abandon("flushing");
  if (close(fd) != 0) {
    unlink(temp.c_str());
    throw fail("closing");
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    auto error = fail("replacing it");
    unlink(temp.c_str());
    throw error;
  }
}

}  // namespace stackctl::storage
