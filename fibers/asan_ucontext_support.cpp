// Built only for AddressSanitizer builds, which switch Boost.Context to its
// ucontext backend with BOOST_USE_ASAN (see the top meson.build): that
// backend tells ASan about every stack switch, which the default assembly
// backend does not. Debian's libboost_context is built for the default
// backend and lacks the one function the ucontext backend needs: the
// thread's "current activation record", which starts out as the record of
// the thread's own stack.
#include <boost/context/fiber.hpp>

namespace boost::context::detail {

fiber_activation_record*& fiber_activation_record::current() noexcept {
    thread_local fiber_activation_record thread_stack;  // the thread's own context
    thread_local fiber_activation_record* running = &thread_stack;
    return running;
}

}  // namespace boost::context::detail
