// One table of the exhibition, written with continuations. There is no loop
// statement to suspend in the middle of: "the rest of the game" is a
// function (play_next_move), and the move counter must live somewhere that
// outlasts each suspension, so it is a field of the Table, not a local.
#include "callbacks/chess.hpp"

#include <memory>
#include <vector>

#include "callbacks/runtime.hpp"

namespace coop::callbacks {

namespace {

class Table {
  public:
    Table(Runtime& runtime, TaskRecord& task, const chess::Exhibition& e)
        : runtime_(runtime), task_(task), e_(e) {}

    // The continuation of the task: what runs when the loop gives it control
    // (its first step, and after each opponent's answer); a lambda, built in place.
    auto go_on() {
        return [this](const Wakeup& wakeup) { play_next_move(wakeup); };
    }

  private:
    void play_next_move(const Wakeup& wakeup) {
        if (wakeup.kind == Wakeup::Cancelled) {
            runtime_.finish(task_, Ending::Cancelled);
            return;
        }
        if (moves_played_ == e_.move_pairs) {
            runtime_.finish(task_, Ending::Ended);
            return;
        }
        runtime_.loop().busy(e_.master_move);  // the master thinks: nobody else runs
        ++moves_played_;
        runtime_.sleep(task_, e_.opponent_move, go_on());
        // ← and return: the task is suspended, and nothing of this call
        // survives but moves_played_ and the saved continuation.
    }

    Runtime& runtime_;
    TaskRecord& task_;
    const chess::Exhibition& e_;
    int moves_played_ = 0;
};

}  // namespace

void play_exhibition(const chess::Exhibition& e, Loop& loop, Trace& trace) {
    Runtime runtime(loop, &trace);
    std::vector<std::unique_ptr<Table>> tables;
    for (int table = 0; table < e.tables; ++table) {
        TaskHandle task = runtime.create_task(chess::table_name(table));
        tables.push_back(std::make_unique<Table>(runtime, task.record(), e));
        runtime.spawn(task, tables.back()->go_on());
    }
    loop.run();
}

}  // namespace coop::callbacks
