/**
 * A byte-level guard in front of a CSV parser: it passes whole lines only, drops every line longer
 * than a limit without holding it in memory (the line is replaced by an empty one, so line numbers
 * downstream stay true, and reported), and stops at a total byte cap at a line boundary. So one
 * 16 MB line without a newline costs a scan, never a 16 MB string or a regular expression on it.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Options of {@link LineLimiter}. */
export interface LineLimiterOptions {
  /** Longest line passed on, bytes (without its end of line). */
  maxLineBytes: number;
  /** Bytes read at most; beyond that the stream ends at the last whole line. */
  maxBytes: number;
  /** Called for each dropped line with its 1-based number and its length so far (bytes). */
  onTooLong: (line: number, bytes: number) => void;
  /** Called once with the first line's text (for a header sniff) before it is passed on. */
  onFirstLine?: (text: string) => void;
}

const NL = 0x0a;
const EMPTY_LINE = Buffer.from('\n');

/** See the file comment. `truncated` tells, once the stream has ended, whether the byte cap cut it. */
export class LineLimiter extends Transform {
  /** True when the input went beyond `maxBytes` (the rest was not passed on). */
  truncated = false;
  /** Number of the first line not passed on because of the cap (valid when `truncated`). */
  truncatedAtLine = 0;
  private bytes = 0;
  private line = 1;
  /** Bytes of the current, unfinished line (kept only while it is within the limit). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The current line is over the limit: its bytes are skipped up to the next newline. */
  private skipping = false;
  private firstSeen = false;

  constructor(private readonly options: LineLimiterOptions) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.truncated) return cb();
    const allowed = this.options.maxBytes - this.bytes;
    this.bytes += chunk.length;
    let data = chunk;
    if (chunk.length > allowed) {
      data = chunk.subarray(0, Math.max(0, allowed));
    }
    this.scan(data);
    if (chunk.length > allowed) {
      this.truncated = true;
      this.truncatedAtLine = this.line;
      this.pending = [];
      this.pendingBytes = 0;
      this.push(null);
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (!this.truncated) {
      if (this.skipping) this.options.onTooLong(this.line, this.pendingBytes);
      else if (this.pendingBytes > 0) this.push(this.lineBuffer(Buffer.concat(this.pending)));
    }
    cb();
  }

  private scan(data: Buffer): void {
    let from = 0;
    const out: Buffer[] = [];
    while (from < data.length) {
      const nl = data.indexOf(NL, from);
      const end = nl < 0 ? data.length : nl;
      const piece = data.subarray(from, end);
      if (!this.skipping) {
        if (this.pendingBytes + piece.length > this.options.maxLineBytes) {
          this.skipping = true;
          this.pending = [];
        } else if (piece.length > 0) this.pending.push(piece);
      }
      this.pendingBytes += piece.length;
      if (nl < 0) break;
      // a whole line
      if (this.skipping) {
        this.options.onTooLong(this.line, this.pendingBytes);
        out.push(EMPTY_LINE);
      } else {
        const text = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
        out.push(this.lineBuffer(text));
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      this.line++;
      from = nl + 1;
    }
    if (out.length > 0) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
  }

  private lineBuffer(text: Buffer): Buffer {
    if (!this.firstSeen) {
      this.firstSeen = true;
      this.options.onFirstLine?.(text.toString('utf8'));
    }
    return Buffer.concat([text, EMPTY_LINE]);
  }
}
