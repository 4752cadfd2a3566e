# `coop tasks` and the pretty-printers (docs/debugging.md): a deadlock, seen
# from the end of the run in every technique (the cycle reads as the
# scenario's channel names: left waits on x, right on y; frames innermost
# first), a task waiting to join, every technique at a Runtime::resume
# breakpoint (running, ready and waiting tasks), and a fiber task seen on its
# own stack.
set pagination off
set confirm off
break coop::conclude_run
run run --technique callbacks tests/scenarios/deadlock.json
up 2
coop tasks
# expect: callbacks runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel x\n +continuation: coop::callbacks::.*ScenarioRun::after_recv
# expect: right +waiting +waiting to receive on channel y
# expect: bystander +done +ended
print runtime_
# expect: = callbacks runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
print *channels_[0]
# expect: = channel x: capacity 0, 0 buffer, 0 senders, 1 receivers
kill
run run --technique generators tests/scenarios/deadlock.json
up 2
coop tasks
# expect: generators runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel x\n +generators \(innermost first\): coop::generators::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel y
# expect: bystander +done +ended
print runtime_
# expect: = generators runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
kill
run run --technique coroutines tests/scenarios/deadlock.json
up 2
coop tasks
# expect: coroutines runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel x\n +resumes in coop::coroutines::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel y
# expect: bystander +done +ended
print runtime_
# expect: = coroutines runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
kill
run run --technique fibers tests/scenarios/deadlock.json
up 2
coop tasks
# expect: fibers runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel x\n +on its own stack \(innermost first\): coop::fibers::Channel::recv .*<- coop::fibers::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel y
# expect: bystander +done +ended
print runtime_
# expect: = fibers runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
kill
run run --technique fibers-coroutine2 tests/scenarios/deadlock.json
up 2
coop tasks
# expect: fibers runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel x\n +on its own stack \(innermost first\): coop::fibers::Channel::recv .*<- coop::fibers::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel y\n +on its own stack \(innermost first\): coop::fibers::Channel::recv
# expect: bystander +done +ended
print runtime_
# expect: = fibers runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
kill
delete
break coop::coroutines::Runtime::suspend if $_streq(task.name_->first._M_dataplus._M_p, "starter")
run run --technique coroutines tests/scenarios/join-before-spawn.json
coop tasks
# expect: waiter +waiting +waiting to join worker
# expect: starter +running
# expect: worker +not spawned
kill
# A fiber task on its own stack: at Runtime::suspend it is running (its
# frames are the backtrace); once it has said what it waits for, and until it
# switches to the loop, it is still running, about to wait.
delete
break coop::fibers::Runtime::switch_to_loop if $_streq(task.name_->first._M_dataplus._M_p, "table01")
run chess --no-os --technique fibers
bt 3
# expect: #0 +coop::fibers::Runtime::switch_to_loop
# expect: #2 .* in coop::fibers::sleep
coop tasks
# expect: table00 +waiting +sleeping until t=60000 ms\n +on its own stack \(innermost first\): coop::fibers::sleep .*<- coop::fibers::\(anonymous namespace\)::play_table
# expect: table01 +running +suspending: about to wait, sleeping until t=65000 ms\n +table02 +scheduled
kill
# The same in Boost.Coroutine2: a suspended task's frames, innermost first.
delete
break coop::fibers::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table02")
run chess --no-os --technique fibers-coroutine2
coop tasks
# expect: table01 +waiting +sleeping until t=65000 ms\n +on its own stack \(innermost first\): coop::fibers::sleep .*<- coop::fibers::\(anonymous namespace\)::play_table \(chess\.cpp:17\)
# expect: table02 +running +being resumed
kill
# At a resume breakpoint (table01's second resumption, at t=125 s): table00
# has run and sleeps again, table01 is being resumed, table02 to table12 are
# queued (their timers fired at t=120 s), table13's timer is due only now.
delete
break coop::callbacks::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
ignore $bpnum 1
run chess --no-os --technique callbacks
coop tasks
# expect: callbacks runtime at 0x[0-9a-f]+: 24 tasks
# expect: table00 +waiting +sleeping until t=180000 ms
# expect: table01 +running +being resumed
# expect: table02 +ready +queued: its timer fired
# expect: table12 +ready +queued: its timer fired
# expect: table13 +waiting +sleeping until t=125000 ms
kill
delete
break coop::generators::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
ignore $bpnum 1
run chess --no-os --technique generators
coop tasks
# expect: generators runtime at 0x[0-9a-f]+: 24 tasks
# expect: table00 +waiting +sleeping until t=180000 ms
# expect: table01 +running +being resumed
# expect: table02 +ready +queued: its timer fired
# expect: table12 +ready +queued: its timer fired
# expect: table13 +waiting +sleeping until t=125000 ms
kill
delete
break coop::fibers::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
ignore $bpnum 1
run chess --no-os --technique fibers
coop tasks
# expect: fibers runtime at 0x[0-9a-f]+: 24 tasks
# expect: table00 +waiting +sleeping until t=180000 ms
# expect: table01 +running +being resumed
# expect: table02 +ready +queued: its timer fired
# expect: table12 +ready +queued: its timer fired
# expect: table13 +waiting +sleeping until t=125000 ms
kill
delete
break coop::fibers::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
ignore $bpnum 1
run chess --no-os --technique fibers-coroutine2
coop tasks
# expect: fibers runtime at 0x[0-9a-f]+: 24 tasks
# expect: table00 +waiting +sleeping until t=180000 ms
# expect: table01 +running +being resumed
# expect: table02 +ready +queued: its timer fired
# expect: table12 +ready +queued: its timer fired
# expect: table13 +waiting +sleeping until t=125000 ms
kill
