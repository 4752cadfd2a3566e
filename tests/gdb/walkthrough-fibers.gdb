# docs/walkthrough-fibers.md as a script: table01 of the chess exhibition
# suspends inside `sleep`, on its own stack, and the loop switches back.
set pagination off
set confirm off
set print frame-arguments none
break coop::fibers::Runtime::suspend if $_streq(task.name_->first._M_dataplus._M_p, "table01")
run chess --no-os --technique fibers
# 1. On the task's own stack: the chess loop, sleep, then the switch.
bt
# expect: #0 +coop::fibers::Runtime::suspend
# expect: #1 .* in coop::fibers::sleep .* at \.\./fibers/suspend\.cpp
# expect: #2 .* in coop::fibers::\(anonymous namespace\)::play_table .* at \.\./fibers/chess\.cpp:17
# expect: in coop::fibers::Runtime::run_body
# expect: in make_fcontext \(\)
delete
# 2. On the loop's stack, as the loop switches to the next table: table01's
#    frames are still there, on its own stack, waiting.
break coop::fibers::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table02")
continue
bt 3
# expect: #0 +coop::fibers::Runtime::resume
# expect: #1 .* in coop::fibers::TaskRecord::run
coop tasks
# expect: fibers runtime at 0x[0-9a-f]+: 24 tasks
# expect: table01 +waiting +sleeping until t=65000 ms\n +on its own stack \(innermost first\): coop::fibers::sleep \(suspend\.cpp:\d+\) <- coop::fibers::\(anonymous namespace\)::play_table \(chess\.cpp:17\)
# expect: table02 +running +being resumed
kill
