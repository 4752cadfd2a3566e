#include "cli/embedded_files.hpp"

#include <stdexcept>
#include <string>

namespace coop::cli {

std::string_view embedded_file(std::string_view name) {
    for (const EmbeddedFile& file : embedded_files()) {
        if (file.name == name) {
            return file.text;
        }
    }
    throw std::logic_error("the build embedded no file named " + std::string(name));
}

}  // namespace coop::cli
