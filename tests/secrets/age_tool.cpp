// A small driver over crypto/age.hpp for the interop test with the real age
// CLI (age_interop.sh). Reads standard input, writes standard output.
//
//   stackctl_age_tool keygen                      identity file, age-keygen style
//   stackctl_age_tool recipient -i FILE           the recipients of FILE's identities (age-keygen -y)
//   stackctl_age_tool encrypt [-a] -r R [-r R]... encrypt stdin to the recipients (-a: armored)
//   stackctl_age_tool decrypt -i FILE [-i FILE]...
//
// Exit status: 0 on success, 1 on a decryption or input error (message on
// stderr, decryption errors prefixed with their kind), 2 on a usage error.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "crypto/age.hpp"

namespace age = stackctl::crypto::age;

namespace {

int usage() {
  std::cerr
      << "usage: stackctl_age_tool keygen | recipient -i FILE | encrypt [-a] -r RECIPIENT... | decrypt -i FILE...\n";
  return 2;
}

std::string read_all(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<age::Identity> read_identities(const std::vector<std::string>& files) {
  std::vector<age::Identity> identities;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file + ": cannot open");
    for (auto& id : age::parse_identity_file(read_all(in), file)) identities.push_back(id);
  }
  return identities;
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) return usage();
  const std::string& command = args[0];
  bool armor = false;
  std::vector<std::string> recipients;
  std::vector<std::string> identity_files;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-a") {
      armor = true;
    } else if ((args[i] == "-r" || args[i] == "-i") && i + 1 < args.size()) {
      (args[i] == "-r" ? recipients : identity_files).push_back(args[i + 1]);
      ++i;
    } else {
      return usage();
    }
  }

  std::cin.sync_with_stdio(false);
  if (command == "keygen" && args.size() == 1) {
    age::Identity id = age::generate_identity();
    std::cout << "# public key: " << id.recipient().to_string() << "\n" << id.to_string() << "\n";
  } else if (command == "recipient" && !identity_files.empty() && recipients.empty() && !armor) {
    for (const auto& id : read_identities(identity_files)) std::cout << id.recipient().to_string() << "\n";
  } else if (command == "encrypt" && !recipients.empty() && identity_files.empty()) {
    std::vector<age::Recipient> parsed;
    for (const std::string& r : recipients) {
      std::string error;
      auto recipient = age::parse_recipient(r, &error);
      if (!recipient) throw std::runtime_error(error);
      parsed.push_back(*recipient);
    }
    std::cout << age::encrypt(read_all(std::cin), parsed, armor);
  } else if (command == "decrypt" && !identity_files.empty() && recipients.empty() && !armor) {
    auto identities = read_identities(identity_files);
    auto plaintext = age::decrypt(read_all(std::cin), identities);
    std::cout.write(reinterpret_cast<const char*>(plaintext.data()), static_cast<std::streamsize>(plaintext.size()));
  } else {
    return usage();
  }
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const age::Error& e) {
    std::cerr << "stackctl_age_tool: " << age::kind_name(e.kind()) << ": " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "stackctl_age_tool: " << e.what() << "\n";
  }
  return 1;
}
