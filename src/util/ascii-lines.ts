import { round } from './stats.js';

const BLOCK = 1 << 20;

/**
 * Lines of a CSV built as bytes and handed out as text a block at a time: for millions of numbers,
 * writing their digits costs a fraction of formatting each as a string and joining them.
 */
export class AsciiLines {
  private buf = Buffer.allocUnsafe(BLOCK);
  private pos = 0;
  private readonly digits = new Uint8Array(24);

  constructor(private readonly emit: (text: string) => void) {}

  /** Room for `n` more bytes, emitting the finished lines first when the block is full. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  text(t: string): void {
    this.room(t.length * 3);
    this.pos += this.buf.write(t, this.pos, 'utf8');
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** The digits of a whole number 0 ≤ m < 2^53, right-aligned in `digits`; returns where they start. */
  private digitsOf(m: number): number {
    const d = this.digits;
    let p = d.length;
    let n = m;
    do {
      const q = Math.floor(n / 10);
      d[--p] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
    return p;
  }

  /** A whole number below 2^53, as `toFixed(0)` writes it. */
  integer(v: number): void {
    this.room(20);
    if (v < 0) this.buf[this.pos++] = 45;
    const p = this.digitsOf(Math.abs(v));
    this.buf.set(this.digits.subarray(p), this.pos);
    this.pos += this.digits.length - p;
  }

  /**
   * `String(round(v, digits))` (`digits` significant digits, shortest form): between 1e-6 and 1e7,
   * where that is a plain decimal, the rounded integer's digits are written around the point; else
   * the string itself.
   */
  significant(v: number, digits: number): void {
    const a = Math.abs(v);
    const s = a >= 1e-6 && a < 1e7 ? digits - 1 - Math.floor(Math.log10(a)) : 0;
    if (s < 1 || s > 20 || digits > 15) {
      this.text(String(round(v, digits)));
      return;
    }
    const n = Math.round(v * 10 ** s);
    const d = this.digits;
    let p = this.digitsOf(Math.abs(n));
    while (d.length - p <= s) d[--p] = 48; // at least one digit before the point
    const point = d.length - s;
    let end = d.length;
    while (end > point && d[end - 1] === 48) end--;
    this.room(d.length - p + 2);
    const buf = this.buf;
    if (n < 0 || (n === 0 && v < 0)) buf[this.pos++] = 45;
    buf.set(d.subarray(p, point), this.pos);
    this.pos += point - p;
    if (end > point) {
      buf[this.pos++] = 46;
      buf.set(d.subarray(point, end), this.pos);
      this.pos += end - point;
    }
  }

  flush(): void {
    if (this.pos) this.emit(this.buf.toString('utf8', 0, this.pos));
    this.pos = 0;
  }
}
