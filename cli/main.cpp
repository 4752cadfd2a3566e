// coop: the command line. Subcommands live in their own files.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <span>
#include <string_view>
#include <vector>

#include "cli/chess_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/cpu_command.hpp"
#include "cli/echo_command.hpp"
#include "cli/run_command.hpp"
#include "cli/step_command.hpp"
#include "common/text.hpp"

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
           "  step     step through a scenario's run: the loop's queues and timers at each step\n"
           "  chess    the chess exhibition in every technique, with threads and processes\n"
           "  cpu      CPU-bound work: cooperative tasks, threads and processes compared\n"
           "  echo     a TCP echo server in every technique against a load client\n"
           "\n"
           "`coop COMMAND --help` explains each command and its exit statuses.\n"
           "\n"
           "exit status: 0 this help, 2 no command or an unknown one; every command\n"
           "exits 1 when its output could not be written (a full disk, a closed pipe).\n";
}

int run_command_named(std::string_view command, std::span<const std::string_view> rest) {
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            print_help(std::cout);
            return 0;
        }
        if (command == "run") {
            return coop::cli::run_command(rest);
        }
        if (command == "step") {
            return coop::cli::step_command(rest);
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
    } catch (const std::bad_alloc&) {
        std::cerr << "coop " << command << ": out of memory: the system refused an allocation\n";
        return 1;
    } catch (const std::exception& err) {
        std::cerr << "coop: internal error: " << err.what() << "\n";
        return 1;
    }
    std::cerr << "coop: unknown command '" << coop::excerpt(command) << "'\n";
    print_help(std::cerr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // A closed pipe on standard output is an error to report (status 1), not
    // a signal that kills the program without a word.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_help(std::cerr);
        return 2;
    }
    const std::string_view command = args[0];
    const int status = run_command_named(
        command, std::span<const std::string_view>(args.data() + 1, args.size() - 1));
    // Output that could not be written (a full disk, a closed pipe) is lost
    // output: the run did not do what was asked, whatever it computed.
    errno = 0;
    if (!std::cout.flush()) {
        // The stream keeps that it failed, not why: when the failing write
        // was earlier, one more byte written straight to the file descriptor
        // fails the same way and tells.
        if (errno == 0 && ::write(STDOUT_FILENO, "\n", 1) == 1) {
            errno = 0;
        }
        const int error = errno;
        std::cerr << "coop " << coop::excerpt(command) << ": cannot write the output: "
                  << (error != 0 ? std::strerror(error) : "write error") << "\n";
        return 1;
    }
    return status;
}
