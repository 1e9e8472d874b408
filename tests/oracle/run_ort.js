#!/usr/bin/env node
// Runs an ONNX model with onnxruntime (the outside oracle of tinyc's tests).
//
//   node run_ort.js MODEL OUT_PREFIX [--opt disabled|basic|extended|all] IN0.npy [IN1.npy ...]
//
// Inputs are .npy files (C order, little-endian; float32, float64, int8, uint8,
// int32, int64, bool) given in the model's input order. Each output k is
// written as OUT_PREFIX.k.npy with onnxruntime's dtype and shape, and its name
// printed on stdout (one line per output, in order).
// Graph optimizations are disabled by default so that QDQ graphs run exactly
// as written (onnxruntime would otherwise fuse them into its own int8 kernels).
// On any failure: one line on stderr, exit code 1 (2 for bad usage).
'use strict';

const fs = require('fs');
const path = require('path');

// numpy descr (without byte-order mark) <-> onnxruntime tensor type and typed array.
const DTYPES = {
  f4: { ort: 'float32', array: Float32Array },
  f8: { ort: 'float64', array: Float64Array },
  i1: { ort: 'int8', array: Int8Array },
  u1: { ort: 'uint8', array: Uint8Array },
  i2: { ort: 'int16', array: Int16Array },
  u2: { ort: 'uint16', array: Uint16Array },
  i4: { ort: 'int32', array: Int32Array },
  i8: { ort: 'int64', array: BigInt64Array },
  b1: { ort: 'bool', array: Uint8Array },
};
const DESCR_OF_ORT = Object.fromEntries(
  Object.entries(DTYPES).map(([descr, d]) => [d.ort, (d.array.BYTES_PER_ELEMENT === 1 ? '|' : '<') + descr]));

class UsageError extends Error {}

function parseArgs(argv) {
  const args = { opt: 'disabled', inputs: [] };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--opt') {
      if (i + 1 >= argv.length) throw new UsageError('--opt needs a value');
      args.opt = argv[++i];
    } else if (argv[i].startsWith('--opt=')) {
      args.opt = argv[i].slice('--opt='.length);
    } else {
      positional.push(argv[i]);
    }
  }
  if (!['disabled', 'basic', 'extended', 'all'].includes(args.opt)) {
    throw new UsageError(`--opt must be disabled, basic, extended or all, not '${args.opt}'`);
  }
  if (positional.length < 2) throw new UsageError('usage: run_ort.js MODEL OUT_PREFIX [--opt LEVEL] IN0.npy ...');
  [args.model, args.outPrefix, ...args.inputs] = positional;
  return args;
}

function readNpy(file) {
  const buf = fs.readFileSync(file);
  const fail = (why) => { throw new Error(`${file}: ${why}`); };
  if (buf.length < 10 || buf.readUInt8(0) !== 0x93 || buf.toString('latin1', 1, 6) !== 'NUMPY') fail('not a .npy file');
  const major = buf.readUInt8(6);
  let headerLen, headerStart;
  if (major === 1) { headerLen = buf.readUInt16LE(8); headerStart = 10; }
  else if (major === 2 || major === 3) {
    if (buf.length < 12) fail('truncated header');
    headerLen = buf.readUInt32LE(8); headerStart = 12;
  } else fail(`unsupported .npy version ${major}`);
  const dataStart = headerStart + headerLen;
  if (dataStart > buf.length) fail('truncated header');
  const header = buf.toString('latin1', headerStart, dataStart);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) fail(`bad header ${JSON.stringify(header.trim())}`);
  if (fortran[1] === 'True') fail('Fortran-order arrays are not supported');
  const order = descr[1][0];
  const dt = DTYPES[descr[1].slice(1)];
  if (!dt || order === '>') fail(`unsupported dtype '${descr[1]}'`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) fail(`bad shape (${shape[1]})`);
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = count * dt.array.BYTES_PER_ELEMENT;
  if (dataStart + bytes > buf.length) fail(`data shorter than shape (${dims.join('x')}) needs`);
  // slice() copies into a fresh, aligned ArrayBuffer (typed arrays need alignment).
  const raw = buf.buffer.slice(buf.byteOffset + dataStart, buf.byteOffset + dataStart + bytes);
  const data = dt.ort === 'bool' ? new Uint8Array(raw) : new dt.array(raw);
  return { type: dt.ort, data, dims };
}

function writeNpy(file, type, dims, data) {
  const descr = DESCR_OF_ORT[type];
  if (!descr) throw new Error(`output of type ${type} cannot be written as .npy`);
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Pad so that the data starts on a 64-byte boundary, header ends in '\n' (format 1.0).
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header + ' '.repeat(total - 10 - header.length - 1) + '\n';
  const pre = Buffer.alloc(10);
  pre.writeUInt8(0x93, 0);
  pre.write('NUMPY', 1, 'latin1');
  pre.writeUInt8(1, 6);
  pre.writeUInt8(0, 7);
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Write beside the target and rename: a failure never leaves a half-written file.
  const tmp = `${file}.tmp${process.pid}`;
  fs.writeFileSync(tmp, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
  fs.renameSync(tmp, file);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let ort;
  try {
    ort = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));
  } catch (e) {
    throw new Error(`onnxruntime-node is not installed (run scripts/setup-oracle.sh): ${e.message}`);
  }
  const feeds = {};
  const inputs = args.inputs.map(readNpy);
  const session = await ort.InferenceSession.create(args.model, {
    graphOptimizationLevel: args.opt,
    // One thread: the machine is shared, and results do not depend on it.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  if (inputs.length !== session.inputNames.length) {
    throw new Error(`${args.model}: model has ${session.inputNames.length} input(s) ` +
                    `(${session.inputNames.join(', ')}), got ${inputs.length} .npy file(s)`);
  }
  session.inputNames.forEach((name, i) => {
    feeds[name] = new ort.Tensor(inputs[i].type, inputs[i].data, inputs[i].dims);
  });
  const results = await session.run(feeds);
  session.outputNames.forEach((name, k) => {
    const t = results[name];
    writeNpy(`${args.outPrefix}.${k}.npy`, t.type, t.dims, t.data);
  });
  process.stdout.write(session.outputNames.map((n) => `${n}\n`).join(''));
}

main().catch((e) => {
  const msg = String(e && e.message ? e.message : e).replace(/\s+/g, ' ').trim();
  process.stderr.write(`run_ort: ${msg}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
