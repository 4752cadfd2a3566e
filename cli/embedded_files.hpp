// Files the coop program carries inside it: the page template, style and
// script of `--html` (cli/page/) and the pictures of docs/pictures. The build
// writes their bytes into a C++ file (cli/page/embed_files.py), so that a
// page is complete whatever directory coop runs in and wherever it is
// installed: nothing is read from disk at run time.
#pragma once

#include <span>
#include <string_view>

namespace coop::cli {

struct EmbeddedFile {
    std::string_view name;  // the file's base name: "schedule.js", "fibers.svg"
    std::string_view text;
};

// Every file, in the order cli/meson.build lists them.
std::span<const EmbeddedFile> embedded_files();

// The file with that base name; throws std::logic_error if the build did not
// embed it (a mistake in cli/meson.build, not in the user's input).
std::string_view embedded_file(std::string_view name);

}  // namespace coop::cli
