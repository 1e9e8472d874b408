#!/usr/bin/env node
// Runs many onnxruntime inferences in one Node.js process, for tests/int8_vs_ort
// (ort_batch.h). Starting Node and loading onnxruntime costs about 0.2 s of CPU
// per process; this suite makes ~150 runs, so they share one process. The
// package and the session options are those of tests/oracle/run_ort.js: the
// pinned onnxruntime-node from tests/oracle, graph optimizations disabled (QDQ
// graphs run as written), one thread.
//
//   node run_ort_batch.js JOBS
//
// JOBS is a text file, fields separated by tabs:
//   run    MODEL  OUT_PREFIX          starts a run
//   input  TYPE   D0,D1,...  FILE     its next input (raw little-endian bytes), in graph-input order
// For each run, in order, stdout gets one line per output
//   output NAME TYPE D0,D1,...        (bytes written to OUT_PREFIX.K.bin, K = 0, 1, ...)
// then "ok", or "error MESSAGE" (the other runs still go ahead).
'use strict';

const fs = require('fs');
const path = require('path');

const ARRAYS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array,
  int32: Int32Array, int64: BigInt64Array, bool: Uint8Array,
};

function dims(text) {
  return text === '' ? [] : text.split(',').map(Number);
}

function readJobs(file) {
  const runs = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    if (f[0] === 'run' && f.length === 3) {
      runs.push({ model: f[1], out: f[2], inputs: [] });
    } else if (f[0] === 'input' && f.length === 4 && runs.length > 0 && ARRAYS[f[1]]) {
      runs[runs.length - 1].inputs.push({ type: f[1], dims: dims(f[2]), file: f[3] });
    } else {
      throw new Error(`${file}: bad line '${line}'`);
    }
  }
  return runs;
}

function tensorOf(ort, input) {
  const buf = fs.readFileSync(input.file);
  // Copy into a fresh ArrayBuffer: typed arrays need aligned storage.
  const raw = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
  return new ort.Tensor(input.type, new ARRAYS[input.type](raw), input.dims);
}

async function runOne(ort, sessions, run) {
  let session = sessions.get(run.model);
  if (!session) {
    session = await ort.InferenceSession.create(run.model, {
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    sessions.set(run.model, session);
  }
  if (run.inputs.length !== session.inputNames.length) {
    throw new Error(`model has ${session.inputNames.length} input(s), got ${run.inputs.length}`);
  }
  const feeds = {};
  session.inputNames.forEach((name, i) => { feeds[name] = tensorOf(ort, run.inputs[i]); });
  const results = await session.run(feeds);
  const lines = session.outputNames.map((name, k) => {
    const t = results[name];
    fs.writeFileSync(`${run.out}.${k}.bin`, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    return `output\t${name}\t${t.type}\t${t.dims.join(',')}\n`;
  });
  return lines.join('');
}

async function main() {
  if (process.argv.length !== 3) throw new Error('usage: run_ort_batch.js JOBS');
  const ort = require(path.join(__dirname, '..', 'oracle', 'node_modules', 'onnxruntime-node'));
  const sessions = new Map();
  for (const run of readJobs(process.argv[2])) {
    let text;
    try {
      text = (await runOne(ort, sessions, run)) + 'ok\n';
    } catch (e) {
      text = `error\t${String(e && e.message ? e.message : e).replace(/\s+/g, ' ').trim()}\n`;
    }
    process.stdout.write(text);
  }
}

main().catch((e) => {
  process.stderr.write(`run_ort_batch: ${String(e && e.message ? e.message : e).replace(/\s+/g, ' ').trim()}\n`);
  process.exit(1);
});
