# docs/walkthrough-coroutines.md as a script: table01 of the chess exhibition
# suspends at its `co_await sleep`, and the loop resumes it.
set pagination off
set confirm off
set print frame-arguments none
break coop::coroutines::Runtime::suspend if $_streq(task.name_->first._M_dataplus._M_p, "table01")
run chess --no-os --technique coroutines
# 1. The suspension point: the awaiter asks the runtime to suspend the task.
bt 3
# expect: #0 +coop::coroutines::Runtime::suspend
# expect: #1 .* in coop::coroutines::SleepAwaiter::await_suspend
# expect: #2 .* in coop::coroutines::\(anonymous namespace\)::play_table.* at \.\./coroutines/chess\.cpp:16
print what
# expect: = coop::WaitingFor::Timer
print loop_
# expect: coop::Loop \(virtual, t=10000 ms\): 0 ready, 1 timers
coop tasks
# expect: coroutines runtime at 0x[0-9a-f]+: 24 tasks
# expect: table00 +waiting +sleeping until t=60000 ms\n +resumes in coop::coroutines::\(anonymous namespace\)::play_table
# expect: table01 +running\n
# expect: table02 +scheduled
delete
# 2. The loop resumes it: it runs the task record when its timer is due, at
#    the master's return.
break coop::coroutines::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
continue
bt 3
# expect: #0 +coop::coroutines::Runtime::resume
# expect: #1 .* in coop::coroutines::TaskRecord::run
# expect: #2 .* in coop::Loop::run_once .* at \.\./common/loop\.cpp
print loop_
# expect: coop::Loop \(virtual, t=125000 ms\)
print task
# expect: coroutines task table01 waiting sleeping; resumes in coop::coroutines::\(anonymous namespace\)::play_table
kill
