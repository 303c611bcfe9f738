/**
 * Encodes prediction bodies straight from their bytes into a model's row matrix, without JSON.parse building a
 * JS object per record (for a 1,000-record batch: ~3 ms of parse, ~0.5 ms of UTF-8 decoding and the garbage
 * collection of 25,000 properties, replaced by one pass over the bytes).
 *
 * It is only a fast path: it accepts the well-formed shape — `{"records":[{...},...]}` or one `{...}` record whose
 * keys are exactly the model's features, each once, spelled without escapes, with values that the field's check
 * accepts — and gives up (returns undefined / false) on anything else, including every kind of bad input. Callers
 * then parse the same bytes the generic way, which produces the usual 400 with every field error listed. So the
 * scanner never decides an error, and for what it accepts it must produce exactly the row the generic path
 * (JSON.parse + RecordValidator.fill) would: numbers are converted exactly as JSON.parse converts them.
 */

/** Which numbers a numeric field accepts; an accepted number is encoded as itself. */
export interface NumberRange {
  lo: number;
  hi: number;
  integer: boolean;
}

/** The numeric field rule (finite, an integer when required, within [lo, hi]), shared with RecordValidator. */
export function inRange(r: NumberRange, v: number): boolean {
  return v === v && v !== Infinity && v !== -Infinity && (!r.integer || Number.isInteger(v)) && v >= r.lo && v <= r.hi;
}

/**
 * An encoded field value, or a string saying what was expected (the validator's per-field check). Numeric fields
 * also expose their rule, so the scanner can test a number without boxing it for a call through unknown.
 */
export type FieldCheck = ((v: unknown) => number | string) & { numberRange?: NumberRange };

export interface RecordScanner {
  /** `{"records":[...]}` → rows (row-major, n × nFeatures; may be a view of a larger buffer), or undefined. */
  scanBatch(body: Uint8Array, maxRecords: number): { rows: Float64Array; n: number } | undefined;
  /** One `{...}` record into row[0 .. nFeatures); false = not encoded (row content then unspecified). */
  scanRecord(body: Uint8Array, row: Float64Array): boolean;
}

const SP = 32, TAB = 9, LF = 10, CR = 13;
const QUOTE = 34, COMMA = 44, COLON = 58, LBRACE = 123, RBRACE = 125, LBRACK = 91, RBRACK = 93;
const MINUS = 45, PLUS = 43, DOT = 46, D0 = 48, BSLASH = 92, LOWER_E = 101, UPPER_E = 69;

/** Keys JSON.parse would accept but the generic parser refuses (prototype poisoning); never scanned. */
const FORBIDDEN = new Set(['__proto__', 'constructor']);
const RECORDS_KEY = Buffer.from('"records"');
/** Scratch rows kept between batches (doubles): 4 MB at most, whatever the largest batch was. */
const SCRATCH_KEEP = 512 * 1024;

// Most bytes are above space, so one comparison settles them.
const isWs = (c: number): boolean => c <= SP && (c === SP || c === LF || c === CR || c === TAB);

/** A scanner for one model's features, or undefined when a feature name rules the fast path out. */
export function compileRecordScanner(names: readonly string[], checks: readonly FieldCheck[]): RecordScanner | undefined {
  // Names are matched on their raw UTF-8 bytes: one that JSON must escape, or that has no exact UTF-8 form (a lone
  // surrogate), could match bytes that JSON.parse reads differently — those models take the generic path only.
  if (names.some((n) => FORBIDDEN.has(n) || /["\\\u0000-\u001f]/.test(n) || Buffer.from(n, 'utf8').toString('utf8') !== n)) return undefined;
  const P = names.length;
  // All names' UTF-8 bytes back to back, each followed by its closing quote, so a key is matched in one loop.
  const encoded = names.map((n) => Buffer.from(`${n}"`, 'utf8'));
  const nameBytes = new Uint8Array(Buffer.concat(encoded));
  const nameStart = new Int32Array(P + 1);
  for (let j = 0; j < P; j++) nameStart[j + 1] = nameStart[j]! + encoded[j]!.length;
  // The same bytes as little-endian 32-bit words (whole words only; the tail is compared byte by byte).
  const wordStart = new Int32Array(P + 1);
  for (let j = 0; j < P; j++) wordStart[j + 1] = wordStart[j]! + (encoded[j]!.length >> 2);
  const nameWords = new Int32Array(wordStart[P]!);
  for (let j = 0; j < P; j++) {
    const e = encoded[j]!;
    for (let w = 0; w < e.length >> 2; w++) nameWords[wordStart[j]! + w] = e.readInt32LE(4 * w);
  }
  // Keys are matched on their raw bytes: latin1 maps each byte to one char, so this is an exact byte comparison.
  const byBytes = new Map(encoded.map((b, j) => [b.subarray(0, b.length - 1).toString('latin1'), j] as const));
  // Which record last set each feature: a duplicate key (JSON.parse keeps the last value) gives up instead.
  const seen = new Int32Array(P);
  let stamp = 0;
  const ranges = checks.map((c) => c.numberRange);
  let scratch = new Float64Array(64 * P);

  /**
   * One record starting at pos ('{' expected after whitespace) into row[off ..]. Returns the position after its
   * closing brace, or -1 when it is anything but exactly the model's fields with accepted values.
   */
  const record = (b: Buffer, dv: DataView, pos: number, row: Float64Array, off: number): number => {
    const len = b.length;
    while (pos < len && isWs(b[pos]!)) pos++;
    if (pos >= len || b[pos] !== LBRACE) return -1;
    pos++;
    if (++stamp > 0x3fff_ffff) {
      seen.fill(0);
      stamp = 1;
    }
    const id = stamp;
    let count = 0;
    for (;;) {
      while (pos < len && isWs(b[pos]!)) pos++;
      if (pos >= len) return -1;
      if (b[pos] !== QUOTE) return count === 0 && P === 0 && b[pos] === RBRACE ? pos + 1 : -1;
      pos++;
      // The key: first try the name expected at this position (records normally list the model's order).
      let j = -1;
      if (count < P) {
        const s = nameStart[count]!;
        const e = nameStart[count + 1]!;
        if (pos + (e - s) <= len) {
          // four bytes per comparison, then the tail
          const ws = wordStart[count]!;
          const we = wordStart[count + 1]!;
          let w = 0;
          while (ws + w < we && nameWords[ws + w] === dv.getInt32(pos + 4 * w, true)) w++;
          if (ws + w === we) {
            let i = s + 4 * w;
            while (i < e && nameBytes[i] === b[pos + i - s]) i++;
            if (i === e) {
              j = count;
              pos += e - s;
            }
          }
        }
      }
      if (j < 0) {
        const ks = pos;
        while (pos < len) {
          const c = b[pos]!;
          if (c === QUOTE) break;
          if (c === BSLASH || c < SP) return -1;
          pos++;
        }
        if (pos >= len) return -1;
        const found = byBytes.get(b.toString('latin1', ks, pos));
        if (found === undefined) return -1;
        j = found;
        pos++;
      }
      if (seen[j] === id) return -1;
      seen[j] = id;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (pos >= len || b[pos] !== COLON) return -1;
      pos++;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (pos >= len) return -1;
      // The value, through the feature's own rule (the same one RecordValidator.fill applies).
      const c = b[pos]!;
      let x: number;
      if (c === MINUS || (c >= D0 && c <= D0 + 9)) {
        x = parseNumber(b, dv, pos);
        if (numberEnd < 0) return -1;
        pos = numberEnd;
        const range = ranges[j];
        if (range === undefined) {
          const r = checks[j]!(x); // a non-numeric field: its check decides (and refuses)
          if (typeof r !== 'number') return -1;
          x = r;
        } else if (!inRange(range, x)) {
          return -1;
        }
      } else {
        let v: unknown;
        if (c === QUOTE) {
          const vs = ++pos;
          while (pos < len) {
            const d = b[pos]!;
            if (d === QUOTE) break;
            if (d === BSLASH || d < SP) return -1;
            pos++;
          }
          if (pos >= len) return -1;
          v = b.toString('utf8', vs, pos++);
        } else if (c === 110 && b[pos + 1] === 117 && b[pos + 2] === 108 && b[pos + 3] === 108) {
          v = null;
          pos += 4;
        } else if (c === 116 && b[pos + 1] === 114 && b[pos + 2] === 117 && b[pos + 3] === 101) {
          v = true;
          pos += 4;
        } else if (c === 102 && b[pos + 1] === 97 && b[pos + 2] === 108 && b[pos + 3] === 115 && b[pos + 4] === 101) {
          v = false;
          pos += 5;
        } else {
          return -1;
        }
        const r = checks[j]!(v);
        if (typeof r !== 'number') return -1;
        x = r;
      }
      row[off + j] = x;
      count++;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (pos >= len) return -1;
      const d = b[pos++]!;
      if (d === RBRACE) return count === P ? pos : -1;
      if (d !== COMMA) return -1;
    }
  };

  const trailingOnly = (b: Buffer, pos: number): boolean => {
    while (pos < b.length && isWs(b[pos]!)) pos++;
    return pos === b.length;
  };

  const asBuffer = (body: Uint8Array): Buffer => (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  const viewOf = (b: Buffer): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

  return {
    scanRecord(body, row) {
      const b = asBuffer(body);
      const pos = record(b, viewOf(b), 0, row, 0);
      return pos >= 0 && trailingOnly(b, pos);
    },

    scanBatch(body, maxRecords) {
      const b = asBuffer(body);
      const dv = viewOf(b);
      const len = b.length;
      let pos = 0;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (b[pos++] !== LBRACE) return undefined;
      while (pos < len && isWs(b[pos]!)) pos++;
      for (let i = 0; i < RECORDS_KEY.length; i++) if (b[pos++] !== RECORDS_KEY[i]) return undefined;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (b[pos++] !== COLON) return undefined;
      while (pos < len && isWs(b[pos]!)) pos++;
      if (b[pos++] !== LBRACK) return undefined;
      while (pos < len && isWs(b[pos]!)) pos++;
      // Encode into the scanner's scratch rows (doubled when full), then copy out exactly n rows: cheaper than
      // allocating a zeroed guess-sized matrix per request, and callers may keep the copy across awaits.
      let rows = scratch;
      let cap = Math.floor(rows.length / Math.max(P, 1));
      let n = 0;
      if (b[pos] === RBRACK) {
        pos++;
      } else {
        for (;;) {
          if (n >= maxRecords) return undefined;
          if (n === cap) {
            cap = Math.min(maxRecords, cap * 2);
            const grown = new Float64Array(cap * P);
            grown.set(rows);
            rows = grown;
          }
          pos = record(b, dv, pos, rows, n * P);
          if (pos < 0) return undefined;
          n++;
          while (pos < len && isWs(b[pos]!)) pos++;
          const c = b[pos++];
          if (c === RBRACK) break;
          if (c !== COMMA) return undefined;
        }
      }
      while (pos < len && isWs(b[pos]!)) pos++;
      if (b[pos++] !== RBRACE || !trailingOnly(b, pos)) return undefined;
      if (rows.length <= SCRATCH_KEEP) scratch = rows;
      return { rows: rows.slice(0, n * P), n };
    },
  };
}

/** Where parseNumber stopped (the first byte after the number), or -1 when the text was not a JSON number. */
let numberEnd = -1;

/** Exactly representable powers of ten (10^22 is the largest double that is). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const TWO53 = 2 ** 53;

/**
 * The JSON number starting at pos, as the same double JSON.parse gives (a correctly rounded conversion); sets
 * numberEnd. Significands below 2^53 with a decimal exponent within ±22 take Clinger's fast path: both operands
 * are exact, so one IEEE multiplication or division rounds correctly. Up to 19 significant digits (what printing a
 * double in full gives) go through exactDecimal; longer or rarer forms through Number() on the text.
 */
function parseNumber(b: Buffer, dv: DataView, pos: number): number {
  const start = pos;
  const neg = b[pos] === MINUS;
  if (neg) pos++;
  // hi: the first 15 significant digits (exact); lo: up to 4 more (loDigits); more: digits beyond those.
  // Reading past the end gives undefined, which no comparison below accepts.
  let c = b[pos]! - D0;
  let hi = 0;
  let lo = 0;
  let sig = 0;
  let loDigits = 0;
  let more = false;
  let scale = 0;
  if (c === 0) {
    c = b[++pos]! - D0;
  } else if (c > 0 && c <= 9) {
    do {
      hi = hi * 10 + c;
      sig++;
      c = b[++pos]! - D0;
    } while (c >= 0 && c <= 9 && sig < 15);
    while (c >= 0 && c <= 9 && loDigits < 4) {
      lo = lo * 10 + c;
      loDigits++;
      c = b[++pos]! - D0;
    }
    while (c >= 0 && c <= 9) {
      more = true;
      scale++;
      c = b[++pos]! - D0;
    }
  } else {
    numberEnd = -1;
    return NaN;
  }
  if (c === DOT - D0) {
    const fracStart = ++pos;
    c = b[pos]! - D0;
    if (hi === 0) {
      // "0.000123": leading zeros of the fraction only move the decimal point
      while (c === 0) {
        scale--;
        c = b[++pos]! - D0;
      }
    }
    // Four digits at a time while they fit in hi (the usual case: a double printed in full has 15–17 digits).
    while (sig <= 11) {
      const d4 = fourDigits(b, dv, pos);
      if (d4 < 0) break;
      hi = hi * 10000 + d4;
      scale -= 4;
      sig += 4;
      pos += 4;
    }
    c = b[pos]! - D0;
    while (c >= 0 && c <= 9 && sig < 15) {
      hi = hi * 10 + c;
      scale--;
      sig++;
      c = b[++pos]! - D0;
    }
    while (c >= 0 && c <= 9 && loDigits < 4) {
      lo = lo * 10 + c;
      loDigits++;
      scale--;
      c = b[++pos]! - D0;
    }
    while (c >= 0 && c <= 9) {
      if (c !== 0) more = true;
      c = b[++pos]! - D0;
    }
    if (pos === fracStart) {
      numberEnd = -1;
      return NaN;
    }
  }
  let exp = 0;
  if (c === LOWER_E - D0 || c === UPPER_E - D0) {
    c = b[++pos]!;
    let expNeg = false;
    if (c === PLUS || c === MINUS) {
      expNeg = c === MINUS;
      c = b[++pos]!;
    }
    const expStart = pos;
    c -= D0;
    while (c >= 0 && c <= 9) {
      if (exp < 100_000) exp = exp * 10 + c;
      c = b[++pos]! - D0;
    }
    if (pos === expStart) {
      numberEnd = -1;
      return NaN;
    }
    if (expNeg) exp = -exp;
  }
  numberEnd = pos;
  if (more) return Number(b.toString('latin1', start, pos));
  if (hi === 0 && lo === 0) return neg ? -0 : 0;
  const e10 = scale + exp;
  let x: number;
  if (loDigits === 0 && e10 >= -22 && e10 <= 22) {
    x = e10 >= 0 ? hi * POW10[e10]! : hi / POW10[-e10]!;
  } else {
    const w = hi * POW10[loDigits]! + lo;
    if (w < TWO53 && e10 >= -22 && e10 <= 22) {
      // hi·10^k + lo below 2^53: every step above was exact, so this is Clinger's fast path too.
      x = e10 >= 0 ? w * POW10[e10]! : w / POW10[-e10]!;
    } else {
      x = exactDecimal(hi, loDigits, lo, e10);
      if (x !== x) return Number(b.toString('latin1', start, pos));
    }
  }
  return neg ? -x : x;
}

/** The 4 bytes at pos as a number when all are ASCII digits (SWAR on one 32-bit word), else -1. */
function fourDigits(b: Buffer, dv: DataView, pos: number): number {
  if (pos + 4 > b.length) return -1;
  const v = dv.getInt32(pos, true);
  // every byte 0x30..0x39: high nibble 3, and still 3 after adding 6
  if (((v & 0xf0f0f0f0) | (((v + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) return -1;
  let d = v - 0x30303030; // four digit values, first digit in the low byte
  d = (d * 10 + (d >>> 8)) & 0x00ff00ff; // two 2-digit values
  return (d * 100 + (d >>> 16)) & 0xffff;
}

const SPLITTER = 134217729; // 2^27 + 1: Dekker's split of a double into two 26-bit halves
const TWO26 = 2 ** 26;
// The powers of ten split once (they are the constant factor of every product below).
const POW10_HI = POW10.map((t) => SPLITTER * t - (SPLITTER * t - t));
const POW10_LO = POW10.map((t, i) => t - POW10_HI[i]!);
let prodErr = 0;

/** a·10^e as p + prodErr exactly (Dekker's two-product, no FMA needed). */
function twoProdPow10(a: number, e: number): number {
  const p = a * POW10[e]!;
  const t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  const bh = POW10_HI[e]!;
  const bl = POW10_LO[e]!;
  prodErr = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * (hi·10^k + lo)·10^e10 correctly rounded, for a significand of up to 19 digits (hi < 10^15, lo < 10^k, k ≤ 4)
 * and |e10| ≤ 22; NaN when that cannot be decided here (the caller then uses Number()).
 *
 * The significand is held exactly as a double-double and scaled with double-double arithmetic, which leaves the
 * result R within 2^-90 of the exact value V (relative). Rounding is monotonic, so if R nudged down and up by
 * 2^-70 rounds to the same double x, no rounding boundary lies within that interval and V, inside it, rounds to x
 * as well: x is the correctly rounded value. Otherwise (about one number in 10^5) the caller decides.
 */
function exactDecimal(hi: number, k: number, lo: number, e10: number): number {
  if (e10 < -22 || e10 > 22) return NaN;
  // W = hi·10^k + lo exactly: hi = h·2^26 + l, and h·10^k·2^26 and l·10^k + lo are both exact doubles.
  const h = Math.floor(hi / TWO26);
  const A = h * POW10[k]! * TWO26;
  const B = (hi - h * TWO26) * POW10[k]! + lo;
  const wHi = A + B;
  const bb = wHi - A;
  const wLo = A - (wHi - bb) + (B - bb);
  let rHi: number;
  let rLo: number;
  if (e10 >= 0) {
    rHi = twoProdPow10(wHi, e10);
    rLo = prodErr + wLo * POW10[e10]!;
  } else {
    const T = POW10[-e10]!;
    const q1 = wHi / T;
    const m = twoProdPow10(q1, -e10);
    rHi = q1;
    rLo = (wHi - m - prodErr + wLo) / T;
  }
  const x = rHi + rLo;
  const d = Math.abs(x) * 2 ** -70;
  if (rHi + (rLo - d) !== x || rHi + (rLo + d) !== x) return NaN;
  return x;
}
