# `coop tasks` and the pretty-printers (docs/debugging.md): a deadlock, seen
# from the end of the run in every technique, and a task waiting to join.
set pagination off
set confirm off
break coop::conclude_run
run run --technique callbacks tests/scenarios/deadlock.json
up 2
coop tasks
# expect: callbacks runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel 0x[0-9a-f]+\n +continuation: coop::callbacks::.*ScenarioRun::after_recv
# expect: right +waiting +waiting to receive on channel
# expect: bystander +done +ended
print runtime_
# expect: = callbacks runtime: 3 tasks, 2 waiting, 1 done
print loop_
# expect: coop::Loop \(virtual, t=3 ms\): 0 ready, 0 timers, 0 fd watchers
print *channels_[0]
# expect: = channel: capacity 0, 0 buffer, 0 senders, 1 receivers
kill
run run --technique generators tests/scenarios/deadlock.json
up 2
coop tasks
# expect: generators runtime at 0x[0-9a-f]+: 3 tasks
# expect: left +waiting +waiting to receive on channel 0x[0-9a-f]+\n +generators \(outermost first\): coop::generators::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel
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
# expect: left +waiting +waiting to receive on channel 0x[0-9a-f]+\n +resumes in coop::coroutines::.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel
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
# expect: left +waiting +waiting to receive on channel 0x[0-9a-f]+\n +on its own stack: .*coop::fibers::Channel::recv.*ScenarioRun::run_ops
# expect: right +waiting +waiting to receive on channel
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
# expect: left +waiting +waiting to receive on channel 0x[0-9a-f]+\n +on its own stack \(Boost.Coroutine2\)
# expect: right +waiting +waiting to receive on channel
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
