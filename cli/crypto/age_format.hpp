// The age v1 file layout: the textual header (version line, recipient
// stanzas, MAC line) and the PEM-style ASCII armor around a whole file. The
// cryptography is elsewhere; parse errors throw crypto::age::Error{malformed}.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stackctl::crypto::age::detail {

/// "-> ARG ARG...\nBODY": args[0] is the stanza type ("X25519").
struct Stanza {
  std::vector<std::string> args;
  std::vector<unsigned char> body;
};

struct Header {
  std::vector<Stanza> stanzas;
  std::array<unsigned char, 32> mac{};
  std::size_t mac_input_size = 0;  // the MAC covers file[0, mac_input_size): everything up to and including "---"
  std::size_t payload_offset = 0;  // where the payload starts, after the MAC line
};

/// The header up to and including "---", the input of the header MAC.
std::string format_header_without_mac(const std::vector<Stanza>& stanzas);

/// What follows "---" on the MAC line: " " + base64(mac) + "\n".
std::string format_mac_line(std::span<const unsigned char, 32> mac);

/// Parses the header at the start of a binary age file.
Header parse_header(std::string_view file);

/// True when input, past leading whitespace, starts like a PEM block.
bool looks_armored(std::string_view input);

/// The strict PEM encoding ("AGE ENCRYPTED FILE", 64 columns, LF endings).
std::string armor(std::string_view binary);

/// Undoes armor(). Accepts whitespace around the block and CRLF line endings;
/// anything else that is not canonical is malformed.
std::string dearmor(std::string_view text);

}  // namespace stackctl::crypto::age::detail
