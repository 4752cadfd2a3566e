// The asynchronous versions of the chess exhibition, one per technique, in
// the order of cli/techniques.hpp. Each is written by hand in its
// technique's folder (chess.cpp); `coop chess` and the tests run them all.
#pragma once

#include <string_view>
#include <vector>

#include "callbacks/chess.hpp"
#include "coroutines/chess.hpp"
#include "fibers/chess.hpp"
#include "generators/chess.hpp"

namespace coop {

struct ChessVersion {
    std::string_view name;
    void (*play)(const chess::Exhibition&, Loop&, Trace&);
};

inline std::vector<ChessVersion> asynchronous_chess_versions() {
    return {
        {"callbacks", &callbacks::play_exhibition},
        {"generators", &generators::play_exhibition},
        {"coroutines", &coroutines::play_exhibition},
        {"fibers", &fibers::play_exhibition},
        {"fibers-coroutine2",
         [](const chess::Exhibition& e, Loop& loop, Trace& trace) {
             fibers::play_exhibition(e, loop, trace, fibers::Backend::Coroutine2);
         }},
    };
}

}  // namespace coop
