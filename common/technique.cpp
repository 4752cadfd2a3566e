#include "common/technique.hpp"

namespace coop {

int exit_status(Outcome outcome) {
    switch (outcome) {
        case Outcome::AllEnded:
            return 0;
        case Outcome::Stalled:
            return 3;
        case Outcome::Stopped:
            return 1;
    }
    return 1;
}

}  // namespace coop
