/**
 * The implicit-tree batch walk (implicit-tree.ts `implicitAddBlock`), the input quantiser (quantised-inputs.ts
 * `quantiseBlock`) and a single-row walk as WebAssembly functions, emitted here from named opcodes — no binary blob,
 * no toolchain. Exports: walk (any nv), walk1 / walk2 (leaf additions unrolled), quant, one (see each body below).
 *
 * Why: the JS kernel is bound by what V8 adds around each typed-array access in a hot loop — a map check and a
 * reload of the backing-store pointer per array per iteration, a bounds check, sign extension, and spills (eight
 * walks plus the arrays' metadata exceed the registers). Measured on the 200×depth-10 bench forest: ~20 machine
 * instructions per walk step in JS against ~10 here (wasm memory accesses are bounds-checked by guard pages), and
 * ~1.5× the throughput. Same arithmetic, same order of f64 additions, so results stay bit-identical.
 *
 * Memory layout is the caller's (quantised block, node arrays, leaf outputs and raw sums all live in one
 * WebAssembly.Memory); every address below is a byte address in it.
 *
 *   walk(node, depth, bottom, nv, q, groupBytes, nGroups, raw, rowBytes)
 *     for each group g < nGroups of 8 quantised rows at q + g·groupBytes:
 *       walk the 8 rows `depth` steps:  c = i32[node + 4n];  n = 2n + (u16[q_g + (c >>> 16) + 2·lane] > (c & 0xffff))
 *       add the nv f64 outputs at bottom + 8·nv·(n − 2^depth) to the f64 sums at raw + (8g + lane)·rowBytes
 *
 * Node operand offsets are therefore BYTE offsets (32·feature + 16·missingLeft) in this layout.
 */

const enum Op {
  block = 0x02, loop = 0x03, br = 0x0c, brIf = 0x0d, end = 0x0b,
  localGet = 0x20, localSet = 0x21, localTee = 0x22,
  select = 0x1b,
  i32Load = 0x28, f64Load = 0x2b, i32Load16U = 0x2f, i32Store = 0x36, f64Store = 0x39, i32Store16 = 0x3b,
  i32Const = 0x41, i32Eqz = 0x45, i32LtU = 0x49, i32GtU = 0x4b, f64Ne = 0x62, f64Lt = 0x63,
  i32Add = 0x6a, i32Sub = 0x6b, i32Mul = 0x6c, i32And = 0x71, i32Shl = 0x74, i32ShrU = 0x76,
  f64Add = 0xa0,
}
const VOID = 0x40, I32 = 0x7f, F64 = 0x7c;

function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const str = (s: string): number[] => [...leb(s.length), ...Buffer.from(s, 'latin1')];
const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];

// parameters and locals of walk
const NODE = 0, DEPTH = 1, BOTTOM = 2, NV = 3, Q = 4, GROUP_BYTES = 5, NGROUPS = 6, RAW = 7, ROW_BYTES = 8;
const N0 = 9; // n0 … n7 = 9 … 16
const S = 17, C = 18, BASE = 19, K = 20, ROW = 21, LEAF = 22;
const N_PARAMS = 9, N_LOCALS = 14;

/** fixedNv 1 or 2: the leaf-output additions unrolled for that nv (the `nv` argument is then ignored); 0: any nv. */
function walkBody(fixedNv: number): number[] {
  const b: number[] = [];
  const get = (l: number): void => { b.push(Op.localGet, l); };
  const set = (l: number): void => { b.push(Op.localSet, l); };
  const c32 = (v: number): void => { b.push(Op.i32Const, ...sleb(v)); };
  const op = (...o: number[]): void => { b.push(...o); };
  // base = 1 << depth
  c32(1); get(DEPTH); op(Op.i32Shl); set(BASE);
  if (fixedNv === 1 || fixedNv === 2) { c32(fixedNv); set(NV); }
  get(BOTTOM); get(BASE); get(NV); op(Op.i32Mul); c32(3); op(Op.i32Shl, Op.i32Sub); set(BOTTOM);
  op(Op.block, VOID, Op.loop, VOID); // groups
  get(NGROUPS); op(Op.i32Eqz, Op.brIf, 1);
  for (let i = 0; i < 8; i++) { c32(1); set(N0 + i); }
  get(DEPTH); set(S);
  op(Op.block, VOID, Op.loop, VOID); // steps
  get(S); op(Op.i32Eqz, Op.brIf, 1);
  for (let i = 0; i < 8; i++) {
    const n = N0 + i;
    get(n); c32(1); op(Op.i32Shl); // 2n
    get(NODE); get(n); c32(2); op(Op.i32Shl, Op.i32Add, Op.i32Load, 2, 0, Op.localTee, C); // c = i32[node + 4n]
    c32(16); op(Op.i32ShrU); get(Q); op(Op.i32Add, Op.i32Load16U, 1, ...leb(2 * i)); // u16[q + (c >>> 16) + 2i]
    get(C); c32(0xffff); op(Op.i32And, Op.i32GtU, Op.i32Add); set(n);
  }
  get(S); c32(1); op(Op.i32Sub); set(S);
  op(Op.br, 0, Op.end, Op.end);
  get(RAW); set(ROW);
  for (let i = 0; i < 8; i++) {
    // leaf = bottom + 8·nv·n (bottom was moved back by 8·nv·base); row = raw + i·rowBytes
    if (fixedNv === 1 || fixedNv === 2) {
      get(N0 + i); c32(fixedNv + 2); op(Op.i32Shl); get(BOTTOM); op(Op.i32Add); set(LEAF);
      for (let k = 0; k < fixedNv; k++) {
        get(ROW); get(ROW); op(Op.f64Load, 3, ...leb(8 * k)); get(LEAF); op(Op.f64Load, 3, ...leb(8 * k), Op.f64Add, Op.f64Store, 3, ...leb(8 * k));
      }
      get(ROW); get(ROW_BYTES); op(Op.i32Add); set(ROW);
      continue;
    }
    get(N0 + i); get(NV); op(Op.i32Mul); c32(3); op(Op.i32Shl); get(BOTTOM); op(Op.i32Add); set(LEAF);
    get(RAW); get(ROW_BYTES); c32(i); op(Op.i32Mul, Op.i32Add); set(ROW);
    get(NV); set(K);
    op(Op.block, VOID, Op.loop, VOID);
    get(K); op(Op.i32Eqz, Op.brIf, 1);
    get(ROW); get(ROW); op(Op.f64Load, 3, 0); get(LEAF); op(Op.f64Load, 3, 0, Op.f64Add, Op.f64Store, 3, 0);
    get(ROW); c32(8); op(Op.i32Add); set(ROW);
    get(LEAF); c32(8); op(Op.i32Add); set(LEAF);
    get(K); c32(1); op(Op.i32Sub); set(K);
    op(Op.br, 0, Op.end, Op.end);
    get(RAW); get(ROW_BYTES); c32(8); op(Op.i32Mul, Op.i32Add); set(ROW);
  }
  get(Q); get(GROUP_BYTES); op(Op.i32Add); set(Q);
  get(RAW); get(ROW_BYTES); c32(8); op(Op.i32Mul, Op.i32Add); set(RAW);
  get(NGROUPS); c32(1); op(Op.i32Sub); set(NGROUPS);
  op(Op.br, 0, Op.end, Op.end);
  op(Op.end);
  return [...leb(1), ...leb(N_LOCALS), I32, ...b]; // one local group: N_LOCALS i32
}

/*
 * quant(feats, nUsed, data, rowBytes, m, q, groupBytes): quantised-inputs.ts `quantiseBlock` on rows copied into
 * memory at `data` (row r at data + r·rowBytes). feats holds 4 i32 per quantised feature: its byte offset in a group
 * (32f), in a row (8f), the byte address of its padded threshold table minus 8, and half the table size.
 */
const FEATS = 0, NUSED = 1, DATA = 2, ROWB = 3, M = 4, QQ = 5, GB = 6;
const U = 7, FQ = 8, FD = 9, TB = 10, H0 = 11, R = 12, H = 13, AT = 14, LO = 15; // LO … LO + 3
const X = 19; // f64 locals X … X + 3
const Q_PARAMS = 7, QUANT_ROWS = 4;

function quantBody(): number[] {
  const b: number[] = [];
  const get = (l: number): void => { b.push(Op.localGet, l); };
  const set = (l: number): void => { b.push(Op.localSet, l); };
  const c32 = (v: number): void => { b.push(Op.i32Const, ...sleb(v)); };
  const op = (...o: number[]): void => { b.push(...o); };
  /*
   * Rows r … r + k − 1 (k = 4 from a multiple of 4, so they share a group: lanes r & 7 + i; or k = 1): their k
   * searches interleave step by step, independent chains whose cache misses overlap (large tables miss L1).
   */
  const rows = (k: number): void => {
    op(Op.block, VOID, Op.loop, VOID);
    get(R); c32(k); op(Op.i32Add); get(M); op(Op.i32GtU, Op.brIf, 1); // stop when r + k > m
    get(R); get(ROWB); op(Op.i32Mul); get(DATA); op(Op.i32Add); get(FD); op(Op.i32Add); set(AT);
    for (let i = 0; i < k; i++) {
      get(AT); op(Op.f64Load, 3, 0); set(X + i);
      if (i < k - 1) { get(AT); get(ROWB); op(Op.i32Add); set(AT); }
      c32(0); set(LO + i);
    }
    get(H0); set(H);
    op(Op.block, VOID, Op.loop, VOID); // fixed-step lower bound: lo += t[lo + h − 1] < x ? h : 0
    get(H); op(Op.i32Eqz, Op.brIf, 1);
    for (let i = 0; i < k; i++) {
      get(LO + i);
      get(H); c32(0);
      get(LO + i); get(H); op(Op.i32Add); c32(3); op(Op.i32Shl); get(TB); op(Op.i32Add, Op.f64Load, 3, 0); get(X + i); op(Op.f64Lt);
      op(Op.select, Op.i32Add); set(LO + i);
    }
    get(H); c32(1); op(Op.i32ShrU); set(H);
    op(Op.br, 0, Op.end, Op.end);
    get(R); c32(3); op(Op.i32ShrU); get(GB); op(Op.i32Mul); get(QQ); op(Op.i32Add); get(FQ); op(Op.i32Add);
    get(R); c32(7); op(Op.i32And); c32(1); op(Op.i32Shl, Op.i32Add); set(AT);
    for (let i = 0; i < k; i++) {
      c32(0xffff); get(LO + i); get(X + i); get(X + i); op(Op.f64Ne, Op.select); set(LO + i); // NaN → MISSING_BIN
      get(AT); get(LO + i); op(Op.i32Store16, 1, ...leb(2 * i));
      get(AT); get(LO + i); c32(1); op(Op.i32Add, Op.i32Store16, 1, ...leb(16 + 2 * i)); // (bin + 1) mod 65536: store16 truncates
    }
    get(R); c32(k); op(Op.i32Add); set(R);
    op(Op.br, 0, Op.end, Op.end);
  };
  get(NUSED); set(U);
  op(Op.block, VOID, Op.loop, VOID); // features
  get(U); op(Op.i32Eqz, Op.brIf, 1);
  get(FEATS); op(Op.i32Load, 2, 0); set(FQ);
  get(FEATS); op(Op.i32Load, 2, 4); set(FD);
  get(FEATS); op(Op.i32Load, 2, 8); set(TB);
  get(FEATS); op(Op.i32Load, 2, 12); set(H0);
  c32(0); set(R);
  rows(QUANT_ROWS);
  rows(1);
  get(FEATS); c32(16); op(Op.i32Add); set(FEATS);
  get(U); c32(1); op(Op.i32Sub); set(U);
  op(Op.br, 0, Op.end, Op.end);
  op(Op.end);
  return [...leb(2), ...leb(X - Q_PARAMS), I32, ...leb(QUANT_ROWS), F64, ...b];
}

/*
 * one(desc, nGroups, q): one quantised row (lane 0 of the group at q) through groups of 8 trees of equal depth,
 * interleaved — single-row prediction is bound by the latency of dependent loads, so 8 walks keep 8 misses in flight.
 * A group's descriptor is 32 i32 at desc: depth, 8·nv, then per tree i < 8 at byte 8 + 12i: node address, leaf outputs
 * address moved back by 8·nv·2^depth, and the address where the reached leaf's outputs address is stored (i32).
 * Groups short of 8 trees repeat one: the repeat stores the same address to the same slot.
 */
const ODESC = 0, ONG = 1, OQ = 2, OD = 3, OS = 4, OLB = 5, OC = 6, ON = 7, ONODE = 15; // ON, ONODE: 8 each
const O_PARAMS = 3, O_LOCALS = ONODE + 8 - O_PARAMS;

function oneBody(): number[] {
  const b: number[] = [];
  const get = (l: number): void => { b.push(Op.localGet, l); };
  const set = (l: number): void => { b.push(Op.localSet, l); };
  const c32 = (v: number): void => { b.push(Op.i32Const, ...sleb(v)); };
  const op = (...o: number[]): void => { b.push(...o); };
  op(Op.block, VOID, Op.loop, VOID); // groups
  get(ONG); op(Op.i32Eqz, Op.brIf, 1);
  get(ODESC); op(Op.i32Load, 2, 0); set(OD);
  get(ODESC); op(Op.i32Load, 2, 4); set(OLB);
  for (let i = 0; i < 8; i++) { get(ODESC); op(Op.i32Load, 2, ...leb(8 + 12 * i)); set(ONODE + i); c32(1); set(ON + i); }
  get(OD); set(OS);
  op(Op.block, VOID, Op.loop, VOID); // steps
  get(OS); op(Op.i32Eqz, Op.brIf, 1);
  for (let i = 0; i < 8; i++) {
    const n = ON + i;
    get(n); c32(1); op(Op.i32Shl); // 2n
    get(ONODE + i); get(n); c32(2); op(Op.i32Shl, Op.i32Add, Op.i32Load, 2, 0, Op.localTee, OC); // c = i32[node + 4n]
    c32(16); op(Op.i32ShrU); get(OQ); op(Op.i32Add, Op.i32Load16U, 1, 0); // u16[q + (c >>> 16)]
    get(OC); c32(0xffff); op(Op.i32And, Op.i32GtU, Op.i32Add); set(n);
  }
  get(OS); c32(1); op(Op.i32Sub); set(OS);
  op(Op.br, 0, Op.end, Op.end);
  for (let i = 0; i < 8; i++) {
    get(ODESC); op(Op.i32Load, 2, ...leb(16 + 12 * i)); // slot
    get(ODESC); op(Op.i32Load, 2, ...leb(12 + 12 * i)); get(ON + i); get(OLB); op(Op.i32Mul, Op.i32Add, Op.i32Store, 2, 0);
  }
  get(ODESC); c32(128); op(Op.i32Add); set(ODESC);
  get(ONG); c32(1); op(Op.i32Sub); set(ONG);
  op(Op.br, 0, Op.end, Op.end);
  op(Op.end);
  return [...leb(1), ...leb(O_LOCALS), I32, ...b];
}

function moduleBytes(): Uint8Array {
  const sig = (n: number): number[] => [0x60, ...leb(n), ...Array<number>(n).fill(I32), 0];
  const type = section(1, vec([sig(N_PARAMS), sig(Q_PARAMS), sig(O_PARAMS)]));
  const imp = section(2, vec([[...str('m'), ...str('mem'), 0x02, 0x00, 0x00]])); // memory, min 0 pages
  const fn = section(3, vec([leb(0), leb(0), leb(0), leb(1), leb(2)]));
  const exp = section(7, vec([[...str('walk'), 0x00, 0], [...str('walk1'), 0x00, 1], [...str('walk2'), 0x00, 2], [...str('quant'), 0x00, 3], [...str('one'), 0x00, 4]]));
  const bodies = [walkBody(0), walkBody(1), walkBody(2), quantBody(), oneBody()];
  const code = section(10, vec(bodies.map((body) => [...leb(body.length), ...body])));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imp, ...fn, ...exp, ...code]);
}

export type WasmWalk = (node: number, depth: number, bottom: number, nv: number, q: number, groupBytes: number, nGroups: number, raw: number, rowBytes: number) => void;

// The few WebAssembly JS-API members used here (the project's lib settings carry no WebAssembly types).
interface WasmMemory { readonly buffer: ArrayBuffer }
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
} | undefined;

let compiled: object | null | undefined;

export type WasmQuant = (feats: number, nUsed: number, data: number, rowBytes: number, m: number, q: number, groupBytes: number) => void;
export type WasmOne = (desc: number, nGroups: number, q: number) => void;

/**
 * A fixed-size wasm memory of at least `bytes` bytes and the functions bound to it — `walk` specialised for trees
 * with `nv` outputs per leaf — or null where WebAssembly is unavailable (e.g. node --jitless): callers keep the JS
 * kernels.
 */
export function wasmWalk(bytes: number, nv: number): { buffer: ArrayBuffer; walk: WasmWalk; quant: WasmQuant; one: WasmOne } | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(moduleBytes()) : null;
    } catch {
      compiled = null;
    }
  }
  if (!compiled || !WebAssembly) return null;
  const pages = Math.ceil(bytes / 65536);
  let memory: WasmMemory, ex: Record<string, unknown>;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    ex = new WebAssembly.Instance(compiled, { m: { mem: memory } }).exports;
  } catch {
    return null; // address space for wasm memories exhausted (RangeError): the JS kernel still works
  }
  const walk = (nv === 1 ? ex.walk1 : nv === 2 ? ex.walk2 : ex.walk) as WasmWalk;
  return { buffer: memory.buffer, walk, quant: ex.quant as WasmQuant, one: ex.one as WasmOne };
}
