// Numbers as people read them in a table or a message: 3,600 rather than
// 3600. The command line prints with it, and the tests print failed checks
// with it, so a number looks the same wherever it is read.
#pragma once

#include <cstdint>
#include <string>

namespace coop {

// "1,234,567" for 1234567; "-1,000" for -1000.
std::string with_thousands(std::int64_t n);

}  // namespace coop
