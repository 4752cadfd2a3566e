// A handle to a task: what create_task and spawn return, to join or cancel
// the task, or to ask how it ended.
//
// Task records are reused once their task has finished (common/task_table.hpp),
// so a handle must keep its record from being reused under it. A handle
// counts: the record knows how many handles refer to it, and its runtime
// reuses it only when the task is done and that count is zero. (A generation
// number checked on each use would keep the record small too, but would
// make every use of an old handle a question with no answer: "finished,
// but how?". A count keeps the answer as long as someone may ask.)
//
// Copying a handle is cheap (a pointer and an increment). A handle must not
// outlive the runtime that made it.
#pragma once

#include <string>
#include <utility>

#include "common/task_core.hpp"
#include "common/task_table.hpp"

namespace coop {

// Record is a technique's TaskRecord. The handle keeps the record as a
// TaskCore, with the table that made it, so that copying and dropping
// handles works where the technique's record is only declared (a request
// of the generators technique names a task before task.hpp is complete).
template <class Record>
class TaskHandle {
  public:
    TaskHandle() = default;
    TaskHandle(TaskCore& record, TaskTable& table) : record_(&record), table_(&table) {
        ++record.handles;
    }
    TaskHandle(const TaskHandle& other) : record_(other.record_), table_(other.table_) {
        if (record_ != nullptr) {
            ++record_->handles;
        }
    }
    TaskHandle(TaskHandle&& other) noexcept
        : record_(std::exchange(other.record_, nullptr)), table_(other.table_) {}
    TaskHandle& operator=(TaskHandle other) noexcept {
        std::swap(record_, other.record_);
        std::swap(table_, other.table_);
        return *this;
    }
    ~TaskHandle() {
        if (record_ != nullptr && --record_->handles == 0) {
            table_->reclaim_if_unused(*record_);
        }
    }

    Record& record() const { return static_cast<Record&>(*record_); }
    // A handle stands for its record where a task names itself, as in
    // callbacks' rt.sleep(self, d, next). Not a temporary handle's: the
    // record could be reused as soon as the handle is gone.
    operator Record&() const& { return record(); }  // NOLINT: implicit on purpose
    operator Record&() const&& = delete;
    const std::string& name() const { return record_->name(); }
    bool done() const { return record_->done(); }
    Ending ending() const { return record_->ending; }
    bool operator==(const TaskHandle& other) const { return record_ == other.record_; }

  private:
    TaskCore* record_ = nullptr;
    TaskTable* table_ = nullptr;
};

}  // namespace coop
