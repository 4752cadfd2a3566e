// Numbers as people read them in a table or a message: 3,600 rather than
// 3600. The command line prints with it, and the tests print failed checks
// with it, so a number looks the same wherever it is read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace coop {

// "1,234,567" for 1234567; "-1,000" for -1000.
std::string with_thousands(std::int64_t n);

// A piece of text that is safe to put in a message or on a terminal, from
// any input: control characters are escaped (\n, \t, \x1b), and only the first
// `max_chars` characters are kept, followed by "..." when some were cut. A
// scenario may hold a name of a megabyte or an escape sequence that clears
// the screen; a message about it stays one short, readable line.
std::string excerpt(std::string_view text, std::size_t max_chars = 80);

}  // namespace coop
