# docs/walkthrough-callbacks.md as a script: table01 of the chess exhibition
# saves a continuation and returns; later the loop calls the continuation.
set pagination off
set confirm off
set print frame-arguments none
break coop::callbacks::Runtime::suspend if $_streq(self.name_->first._M_dataplus._M_p, "table01")
run chess --no-os --technique callbacks
# 1. Suspending: the task's code is on the stack, about to return.
bt 4
# expect: #0 +coop::callbacks::Runtime::suspend
# expect: #1 .* in coop::callbacks::Runtime::sleep
# expect: #2 .* in coop::callbacks::\(anonymous namespace\)::Table::play_next_move .* at \.\./callbacks/chess\.cpp:39
up 2
print moves_played_
# expect: = 1
delete
# 2. Resuming: a fresh stack from the loop; play_next_move is nowhere below.
break coop::callbacks::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
continue
bt
# expect: #0 +coop::callbacks::Runtime::resume
# expect: #1 .* in coop::callbacks::TaskRecord::run
# expect: in coop::Loop::run_once
# expect: in coop::callbacks::play_exhibition
# expect: in main
print task
# expect: callbacks task table01 running being resumed; continuation: coop::callbacks::\(anonymous namespace\)::Table::go_on\(\)::\{lambda
print loop_
# expect: coop::Loop \(virtual, t=125000 ms\)
# 3. The continuation runs: the state that replaced the stack is in the Table.
break coop::callbacks::(anonymous namespace)::Table::play_next_move
continue
print moves_played_
# expect: = 1
print wakeup.kind
# expect: = coop::callbacks::Wakeup::Resumed
kill
