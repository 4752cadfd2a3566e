#include "common/text.hpp"

#include <cstdio>

namespace coop {

std::string with_thousands(std::int64_t n) {
    // Through unsigned arithmetic, so that the most negative number has a
    // magnitude too.
    const std::uint64_t magnitude =
        n < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    const std::string digits = std::to_string(magnitude);
    std::string out = n < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool continues_a_character = (byte & 0xC0) == 0x80;  // UTF-8: 10xxxxxx
        if (!continues_a_character && chars++ == max_chars) {
            return out + "...";
        }
        if (byte == '\n') {
            out += "\\n";
        } else if (byte == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
            out += escaped;
        } else if (byte == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            // U+0080 to U+009F, the C1 controls: some terminals obey them.
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x",
                          static_cast<unsigned char>(text[++i]));
            out += escaped;
        } else {
            out += static_cast<char>(byte);
        }
    }
    return out;
}

}  // namespace coop
