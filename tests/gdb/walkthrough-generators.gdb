# docs/walkthrough-generators.md as a script: table01 of the chess exhibition
# yields a SleepFor request; the driver carries it out and later resumes it.
set pagination off
set confirm off
set print frame-arguments none
break coop::generators::Runtime::suspend if $_streq(task.name_->first._M_dataplus._M_p, "table01")
run chess --no-os --technique generators
# 1. The task already stopped at its co_yield: only the driver is running.
bt 12
# expect: #0 +coop::generators::Runtime::suspend
# expect: #1 .* in coop::generators::Runtime::carry_out
# expect: in coop::generators::Runtime::drive
frame 1
print request
# expect: SleepFor &\) @0x[0-9a-f]+: \{duration = \{__r = 55000000\}\}
frame 0
print what
# expect: = coop::WaitingFor::Timer
coop tasks
# expect: table00 +waiting +sleeping until t=60000 ms\n +generators \(innermost first\): coop::generators::\(anonymous namespace\)::play_table
# expect: table01 +running
delete
# 2. The loop calls back; the driver will send the reply into the generator.
break coop::generators::Runtime::resume if $_streq(task.name_->first._M_dataplus._M_p, "table01")
continue
bt 3
# expect: #0 +coop::generators::Runtime::resume
# expect: #1 .* in coop::generators::TaskRecord::run
# expect: #2 .* in coop::Loop::run_once
print loop_
# expect: coop::Loop \(virtual, t=125000 ms\)
print task
# expect: generators task table01 running being resumed; generators \(innermost first\): coop::generators::\(anonymous namespace\)::play_table
kill
