import { open, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { DataErrors } from '../errors.js';

/**
 * A streaming pre-flight scan of a CSV file, in one pass over the bytes, before DuckDB sees it. It tracks quote state
 * and physical line numbers so that every structural problem (ragged row, unbalanced quote, invalid UTF-8, an
 * over-long line, a wrong delimiter...) becomes an error naming the file and the line, which DuckDB's own messages
 * do not reliably do. It also records where each data record starts, so DuckDB's row numbers map back to physical
 * lines (records can span lines when a quoted field holds a newline, and blank lines are skipped).
 */
export interface PreflightOptions {
  delimiter?: string;
  /** Longest physical line (and longest record) accepted, in bytes. */
  maxLineBytes?: number;
  /** Number of columns the contract expects; used to recognise a wrong delimiter. */
  expectedColumns?: number;
  chunkBytes?: number;
  /**
   * Called as soon as the header is parsed (with its physical line), before the rest of the file is scanned, so the
   * caller can start loading in parallel. Throwing here aborts the scan with that error.
   */
  onHeader?: (header: string[], line: number) => void;
}

export interface Preflight {
  file: string;
  header: string[];
  /** Physical line of the header (> 1 when blank lines precede it). */
  headerLine: number;
  /** Data records (not counting the header and blank lines). */
  records: number;
  bom: boolean;
  crlf: number;
  lf: number;
  blankLines: number;
  bytes: number;
  /** sha256 of the file's bytes, computed during the scan. */
  sha256: string;
  /** Data record r (0-based) starts on physical line r + 2 + offset, where offset is the last break at or before r. */
  breakRows: number[];
  breakOffsets: number[];
  /** True when every record is one line right after the previous one (line = row + 2). */
  simple: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function malformed(file: string, line: number, what: string): never {
  throw DataErrors.FW_ERR_DATA_MALFORMED_CSV(`${file} line ${line}: ${what}`, { file, line });
}

/** Physical line of data record `row` (0-based) from a pre-flight's break table. */
export function lineOfRecord(p: Pick<Preflight, 'breakRows' | 'breakOffsets'>, row: number): number {
  let lo = 0;
  let hi = p.breakRows.length - 1;
  let off = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (p.breakRows[mid]! <= row) {
      off = p.breakOffsets[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return row + 2 + off;
}

/** Split one decoded header record into names (RFC 4180 quoting). */
function splitHeader(text: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i <= text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cur += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      cur += ch ?? '';
      i++;
      continue;
    }
    if (ch === undefined || ch === delim) { out.push(cur); cur = ''; i++; continue; }
    if (ch === '"' && cur === '') { quoted = true; i++; continue; }
    cur += ch;
    i++;
  }
  return out;
}

export async function preflightCsv(file: string, opts: PreflightOptions = {}): Promise<Preflight> {
  const delimiter = opts.delimiter ?? ',';
  const DELIM = delimiter.charCodeAt(0);
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let fh;
  try {
    if ((await stat(file)).isDirectory()) throw DataErrors.FW_ERR_DATA_FILE_NOT_FOUND(`${file}: is a folder, not a CSV file`);
    fh = await open(file, 'r');
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code?.startsWith('FW_ERR_')) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw DataErrors.FW_ERR_DATA_FILE_NOT_FOUND(`${file}: no such file`);
    throw DataErrors.FW_ERR_DATA_FILE_NOT_FOUND(`${file}: cannot be opened (${code ?? (e as Error).message})`, undefined, e);
  }
  const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 1 << 20);
  let header: string[] | undefined;
  let headerLine = 1;
  const headerBytes: number[] = [];
  let offset = 0; // absolute byte offset of buf[0]
  let first = true;
  let bom = false;
  let line = 1;
  let lineStart = 0;
  let recordStart = 0;
  let recordStartLine = 1;
  let inHeader = true;
  let prevChunkEndsCR = false;
  let fields = 1;
  let hasContent = false;
  let fieldStart = true;
  let inQuotes = false;
  let quotePending = false;
  let quoteLine = 0;
  let utfCont = 0;
  let crlf = 0;
  let lf = 0;
  let blankLines = 0;
  let records = 0;
  let curOff = 0;
  const hash = createHash('sha256');
  const breakRows: number[] = [];
  const breakOffsets: number[] = [];

  const endRecord = (): void => {
    if (!hasContent && fields === 1) {
      blankLines++;
      if (header === undefined) headerBytes.length = 0;
      return;
    }
    if (header === undefined) {
      const text = Buffer.from(headerBytes).toString('utf8').replace(/\r?\n$/, '').replace(/\r$/, '');
      header = splitHeader(text, delimiter);
      checkHeader(file, header, delimiter, text, recordStartLine, opts.expectedColumns);
      headerLine = recordStartLine;
      opts.onHeader?.(header, recordStartLine);
    } else {
      if (fields !== header.length) {
        malformed(file, recordStartLine, `row has ${fields} field${fields === 1 ? '' : 's'} but the header has ${header.length} (delimiter ${JSON.stringify(delimiter)}); check for a missing or extra ${JSON.stringify(delimiter)} or an unquoted value containing it`);
      }
      const expected = records + 2 + curOff;
      if (recordStartLine !== expected || records === 0) {
        curOff = recordStartLine - records - 2;
        breakRows.push(records);
        breakOffsets.push(curOff);
      }
      records++;
    }
  };

  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      let i = 0;
      if (first) {
        first = false;
        if (bytesRead >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
          throw DataErrors.FW_ERR_DATA_ENCODING(`${file} line 1: the file is UTF-16 (byte-order mark ${buf[0]!.toString(16)} ${buf[1]!.toString(16)}); re-save it as UTF-8`, { file, line: 1 });
        }
        const kind = binaryKind(buf.subarray(0, Math.min(bytesRead, 8)));
        if (kind) throw DataErrors.FW_ERR_DATA_MALFORMED_CSV(`${file} line 1: this is ${kind}, not a CSV text file`, { file, line: 1 });
        if (bytesRead >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          bom = true;
          i = 3;
        }
      }
      const view = buf.subarray(0, bytesRead);
      for (; i < bytesRead; i++) {
        // Fast path, at the start of a record: a whole line without quotes is checked with native searches and one
        // tight counting loop instead of the byte-by-byte state machine below (which handles everything else).
        if (fieldStart && fields === 1 && !hasContent && !inQuotes && !inHeader && utfCont === 0) {
          const lfAt = view.indexOf(LF, i);
          if (lfAt !== -1) {
            let f = 1;
            let high = false;
            let quoted = false;
            for (let k = i; k < lfAt; k++) {
              const c = view[k]!;
              if (c === DELIM) f++;
              else if (c === QUOTE || c === 0) { quoted = true; break; } // quotes and NULs take the slow path
              else if (c >= 0x80) high = true;
            }
            if (!quoted) {
              if (!high || isUtf8(view.subarray(i, lfAt))) {
                const pos = offset + lfAt;
                if (pos - lineStart > maxLine) tooLong(file, line, maxLine);
                if (lfAt > 0 ? view[lfAt - 1] === CR : prevChunkEndsCR) crlf++;
                else lf++;
                const end = lfAt > i && view[lfAt - 1] === CR ? lfAt - 1 : lfAt;
                fields = f;
                hasContent = f > 1 || end > i;
                endRecord();
                line++;
                lineStart = pos + 1;
                recordStart = pos + 1;
                recordStartLine = line;
                fields = 1;
                hasContent = false;
                fieldStart = true;
                i = lfAt;
                continue;
              }
            }
          }
        }
        const b = buf[i]!;
        if (inHeader && headerBytes.length <= maxLine) headerBytes.push(b);
        if (b >= 0x80 || utfCont > 0) {
          if (utfCont > 0) {
            if ((b & 0xc0) !== 0x80) invalidUtf8(file, line, offset + i);
            utfCont--;
          } else if (b >= 0xc2 && b <= 0xdf) utfCont = 1;
          else if (b >= 0xe0 && b <= 0xef) utfCont = 2;
          else if (b >= 0xf0 && b <= 0xf4) utfCont = 3;
          else invalidUtf8(file, line, offset + i);
        }
        if (inQuotes) {
          if (quotePending) {
            quotePending = false;
            if (b === QUOTE) continue; // "" is an escaped quote
            inQuotes = false;
            // A closing quote must be followed by the delimiter or the end of the line.
            if (b !== DELIM && b !== LF && b !== CR) malformed(file, line, `unexpected text after a closing quote in field ${fields}; a quoted value must end at the delimiter or the line end`);
          } else {
            if (b === QUOTE) quotePending = true;
            else if (b === 0) malformed(file, line, `NUL byte in a quoted value: the file is binary or UTF-16 without a byte-order mark; save it as UTF-8 CSV`);
            else if (b === LF) {
              if (offset + i - lineStart > maxLine) tooLong(file, line, maxLine);
              line++;
              lineStart = offset + i + 1;
            }
            continue;
          }
        }
        if (b > QUOTE && b !== DELIM) {
          // The common case: an ordinary byte of an unquoted value.
          fieldStart = false;
          hasContent = true;
          continue;
        }
        if (b === LF) {
          const pos = offset + i;
          if (pos - lineStart > maxLine) tooLong(file, line, maxLine);
          if (pos - recordStart > maxLine * 4) malformed(file, recordStartLine, `record is longer than ${maxLine * 4} bytes; a quote is probably never closed`);
          if (pos > 0 && (i > 0 ? buf[i - 1] === CR : prevChunkEndsCR)) crlf++;
          else lf++;
          if (inHeader) inHeader = false;
          endRecord();
          line++;
          lineStart = pos + 1;
          recordStart = pos + 1;
          recordStartLine = line;
          fields = 1;
          hasContent = false;
          fieldStart = true;
          if (header === undefined) inHeader = true;
        } else if (b === DELIM) {
          fields++;
          fieldStart = true;
          hasContent = true;
        } else if (b === QUOTE) {
          if (!fieldStart) malformed(file, line, `a quote (") appears inside an unquoted value (field ${fields}); quote the whole value and double the inner quote ("")`);
          inQuotes = true;
          quoteLine = line;
          fieldStart = false;
          hasContent = true;
        } else if (b === 0) {
          malformed(file, line, `NUL byte in field ${fields}: the file is binary or UTF-16 without a byte-order mark; save it as UTF-8 CSV`);
        } else if (b !== CR) {
          // Control characters and spaces are ordinary content (CR only ends a line together with LF).
          fieldStart = false;
          hasContent = true;
        }
      }
      prevChunkEndsCR = bytesRead > 0 && buf[bytesRead - 1] === CR;
      offset += bytesRead;
    }
  } finally {
    await fh.close();
  }
  if (utfCont > 0) invalidUtf8(file, line, offset);
  if (offset - lineStart > maxLine) tooLong(file, line, maxLine);
  if (inQuotes && !quotePending) malformed(file, quoteLine, `unbalanced quote: a quoted value opened on this line is never closed before the end of the file`);
  if (quotePending) inQuotes = false;
  if (hasContent || fields > 1) endRecord();
  if (header === undefined) throw DataErrors.FW_ERR_DATA_EMPTY_FILE(`${file} line 1: the file is empty (no header, no rows)`, { file, line: 1 });
  if (records === 0) throw DataErrors.FW_ERR_DATA_EMPTY_FILE(`${file} line 2: the file has a header but no data rows`, { file, line: 2 });
  const simple = breakRows.length === 1 && breakOffsets[0] === 0;
  return { file, header, headerLine, records, bom, crlf, lf, blankLines, bytes: offset, sha256: hash.digest('hex'), breakRows, breakOffsets, simple };
}

/** Recognise common binary files by their magic bytes, to say what the file is instead of "invalid UTF-8". */
function binaryKind(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]): boolean => bytes.every((b, i) => head[i] === b);
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'a Parquet file (forewarn reads CSV; export it with DuckDB: COPY ... TO \'x.csv\')';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive (an Excel .xlsx workbook?); save the sheet as CSV';
  if (starts(0x1f, 0x8b)) return 'a gzip-compressed file; decompress it first';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old Excel .xls workbook; save the sheet as CSV';
  return undefined;
}

function tooLong(file: string, line: number, maxLine: number): never {
  malformed(file, line, `line is longer than ${maxLine} bytes (the limit, data.maxLineBytes); the file is probably not a CSV or has an unclosed quote`);
}

function invalidUtf8(file: string, line: number, byteOffset: number): never {
  throw DataErrors.FW_ERR_DATA_ENCODING(`${file} line ${line}: invalid UTF-8 at byte offset ${byteOffset}; re-save the file as UTF-8`, { file, line, byteOffset });
}

const OTHER_DELIMITERS = [',', ';', '\t', '|'];

function checkHeader(file: string, header: string[], delimiter: string, text: string, line: number, expectedColumns: number | undefined): void {
  if (header.length === 1 && (expectedColumns === undefined || expectedColumns > 1)) {
    for (const d of OTHER_DELIMITERS) {
      if (d === delimiter) continue;
      const n = text.split(d).length - 1;
      if (n > 0) {
        malformed(file, line, `the header has no ${JSON.stringify(delimiter)} but ${n} ${JSON.stringify(d)}: the file looks ${JSON.stringify(d)}-delimited while the contract expects ${JSON.stringify(delimiter)} (set \`delimiter\` in the contract)`);
      }
    }
  }
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h.trim() === '') malformed(file, line, `header column ${i + 1} has no name`);
    const k = h.toLowerCase();
    if (seen.has(k)) malformed(file, line, `duplicate column name ${JSON.stringify(h)} (columns ${seen.get(k)! + 1} and ${i + 1}; names are compared case-insensitively)`);
    seen.set(k, i);
  });
}
