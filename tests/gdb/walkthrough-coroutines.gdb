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
# expect: coop::Loop \(virtual, t=125000 ms\): 0 ready, 12 timers
# Who is where now: table00 ran first and sleeps again, table01 is being
# resumed, table02 to table12 are queued (their timers fired at t=120 s),
# table13 on waits for its timer.
coop tasks
# expect: table00 +waiting +sleeping until t=180000 ms\n +resumes in coop::coroutines::\(anonymous namespace\)::play_table
# expect: table01 +running +being resumed\n +resumes in coop::coroutines::\(anonymous namespace\)::play_table
# expect: table02 +ready +queued: its timer fired
# expect: table12 +ready +queued: its timer fired
# expect: table13 +waiting +sleeping until t=125000 ms
print task
# expect: coroutines task table01 running being resumed; resumes in coop::coroutines::\(anonymous namespace\)::play_table
# 3. Back in play_table, past the co_await: its locals come from the frame.
tbreak coroutines/chess.cpp:15
continue
# expect: play_table.* at \.\./coroutines/chess\.cpp:15
print move
# expect: = 1
print *frame_ptr
# expect: = \{_Coro_resume_fn = 0x[0-9a-f]+ <coop::coroutines::\(anonymous namespace\)::play_table.*, e = \{tables = 24, move_pairs = 30, .*, _Coro_resume_index = 4, .*, move_\d+_\d+ = 1, Aw0_\d+_\d+ = \{duration_ = \{__r = 55000000\}
kill
