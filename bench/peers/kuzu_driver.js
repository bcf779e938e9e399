// The Kuzu side of the peer benchmark (bench/peers/run.py): runs each query of a JSON spec
// through Kuzu's Node.js binding as a prepared statement (synchronous API, so the timing is
// the query and not the event loop) and prints one JSON line per query, like nexus_driver.cc.
// The database is never closed (the binding can crash at exit after close()); CHECKPOINT
// makes writes durable in the file instead.
//   usage: node kuzu_driver.js KUZU_MODULE_DIR SPEC.json
"use strict";
const fs = require("fs");

const kuzu = require(process.argv[2]);
const spec = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const db = new kuzu.Database(spec.db);
const conn = new kuzu.Connection(db);

// Kuzu hands INT64 back as a JS number (exact below 2^53, which covers LDBC ids and dates).
function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return v;
}

// Kuzu rejects parameters a statement does not name, so pass only the ones it uses.
function used(text, params) {
  const out = {};
  for (const k of Object.keys(params)) if (new RegExp("\\$" + k + "\\b").test(text)) out[k] = params[k];
  return out;
}

function runOnce(stmt, params, keepRows) {
  const t0 = process.hrtime.bigint();
  const result = conn.executeSync(stmt, params);
  const rows = result.getAllSync();
  const t1 = process.hrtime.bigint();
  let out = null;
  if (keepRows) {
    const columns = result.getColumnNamesSync();
    out = rows.map((r) => columns.map((c) => plain(r[c])));
  }
  result.close();
  return { micros: Number(t1 - t0) / 1e3, rows: out };
}

for (const s of spec.setup || []) conn.querySync(s);
let counter = 0;
for (const q of spec.queries) {
  const line = { name: q.name, times_us: [], rows: [] };
  try {
    const stmt = conn.prepareSync(q.text);
    if (!stmt.isSuccess()) throw new Error(stmt.getErrorMessage());
    const params = Object.assign({}, q.params || {});
    const warmup = q.warmup ?? 3;
    const reps = q.reps ?? 20;
    // Once a slow query would pass its time budget, the next run is its last (timed) one.
    const budgetUs = (q.budget_s ?? 1e9) * 1e6;
    let spentUs = 0;
    let lastUs = 0;
    for (let i = 0; i < warmup + reps; ++i) {
      if (q.seq) {
        const c = counter++;
        params.i = c;
        params.a = c % 20;
        params.b = (c + 1) % 20;
      }
      const last = i === warmup + reps - 1 || spentUs + lastUs > budgetUs;
      const r = runOnce(stmt, used(q.text, params), last);
      lastUs = r.micros;
      spentUs += r.micros;
      if (i >= warmup || last) line.times_us.push(r.micros);
      if (last) {
        line.rows = r.rows;
        break;
      }
    }
  } catch (e) {
    line.error = String(e.message || e);
  }
  process.stdout.write(JSON.stringify(line) + "\n");
}
if (spec.checkpoint) conn.querySync("CHECKPOINT");
// Skip Database.close() and leave without running the binding's teardown.
process.exit(0);
