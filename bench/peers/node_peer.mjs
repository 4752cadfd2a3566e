// coop's yield and ping-pong workloads in Node.js. Prints one JSON object per
// line: {"peer", "workload", "ns_per_op"}.
//   yield:     1,000 async functions each doing `await null` 1,000 times
//   ping_pong: 100,000 values through a channel of capacity 1 between two
//              async functions
const TASKS = 1000, YIELDS = 1000, MESSAGES = 100000;

function report(workload, seconds, ops) {
  console.log(JSON.stringify({ peer: "node", workload, ns_per_op: (seconds * 1e9) / ops }));
}

async function yielder() {
  for (let i = 0; i < YIELDS; i++) await null;
}

class Channel {  // capacity 1: put waits while full, get waits while empty
  constructor() { this.value = undefined; this.full = false; this.getters = []; this.putters = []; }
  async put(v) {
    while (this.full) await new Promise((r) => this.putters.push(r));
    this.value = v; this.full = true;
    const g = this.getters.shift(); if (g) g();
  }
  async get() {
    while (!this.full) await new Promise((r) => this.getters.push(r));
    const v = this.value; this.full = false;
    const p = this.putters.shift(); if (p) p();
    return v;
  }
}

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

let start = process.hrtime.bigint();
await Promise.all(Array.from({ length: TASKS }, yielder));
report("yield", seconds(start), TASKS * YIELDS);

const ch = new Channel();
start = process.hrtime.bigint();
await Promise.all([
  (async () => { for (let i = 0; i < MESSAGES; i++) await ch.put(i); })(),
  (async () => { for (let i = 0; i < MESSAGES; i++) await ch.get(); })(),
]);
report("ping_pong", seconds(start), MESSAGES);
