// coop: the command line. Subcommands live in their own files.
#include <exception>
#include <iostream>
#include <span>
#include <string_view>
#include <vector>

#include "cli/chess_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/cpu_command.hpp"
#include "cli/echo_command.hpp"
#include "cli/run_command.hpp"

namespace {

void print_help(std::ostream& out) {
    out << "usage: coop COMMAND [ARGS]\n"
           "\n"
           "coop shows four ways to suspend and resume tasks on one event loop:\n"
           "callbacks, generators, coroutines and fibers.\n"
           "\n"
           "commands:\n"
           "  run      run a scenario file with one or every technique and print its trace\n"
           "  compare  run a scenario file with every technique, traces side by side\n"
           "  chess    the chess exhibition in every technique, with threads and processes\n"
           "  cpu      CPU-bound work: cooperative tasks, threads and processes compared\n"
           "  echo     a TCP echo server in every technique against a load client\n"
           "\n"
           "`coop COMMAND --help` explains each command.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_help(std::cerr);
        return 2;
    }
    const std::string_view command = args[0];
    const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            print_help(std::cout);
            return 0;
        }
        if (command == "run") {
            return coop::cli::run_command(rest);
        }
        if (command == "compare") {
            return coop::cli::compare_command(rest);
        }
        if (command == "chess") {
            return coop::cli::chess_command(rest);
        }
        if (command == "cpu") {
            return coop::cli::cpu_command(rest);
        }
        if (command == "echo") {
            return coop::cli::echo_command(rest);
        }
    } catch (const std::exception& err) {
        std::cerr << "coop: internal error: " << err.what() << "\n";
        return 1;
    }
    std::cerr << "coop: unknown command '" << command << "'\n";
    print_help(std::cerr);
    return 2;
}
