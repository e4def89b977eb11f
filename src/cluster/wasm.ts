/**
 * The k-means kernels compiled to WebAssembly (kernels.wat): the same arithmetic as kernels.ts, two
 * doubles at a time. The engine lays its arrays out in one WebAssembly memory, shared with its worker
 * threads, and calls these on byte offsets into it. STRATA_WASM=0 keeps everything in JavaScript.
 */
import { KERNELS_WASM } from './kernels-wasm.js';

export interface WasmKernels {
  assignFull(
    x: number,
    d: number,
    k: number,
    c: number,
    labels: number,
    upper: number,
    lower: number,
    start: number,
    end: number,
  ): number;
  assignBounded(
    x: number,
    d: number,
    k: number,
    c: number,
    labels: number,
    upper: number,
    lower: number,
    half: number,
    moves: number,
    maxMove: number,
    maxMove2: number,
    argMax: number,
    start: number,
    end: number,
  ): number;
  seedTrials(
    x: number,
    d: number,
    closest: number,
    cand: number,
    trials: number,
    weights: number,
    pot: number,
    start: number,
    end: number,
  ): void;
  seedApply(
    x: number,
    d: number,
    closest: number,
    centre: number,
    weights: number,
    start: number,
    end: number,
  ): number;
  clusterSums(
    x: number,
    d: number,
    labels: number,
    weights: number,
    sums: number,
    mass: number,
    start: number,
    end: number,
  ): void;
  silhouettePairs(
    xs: number,
    ls: number,
    starts: number,
    d: number,
    k: number,
    from: number,
    to: number,
    sums: number,
  ): void;
}

/** A compiled module and a memory, as far as Strata uses them (the build's lib has no WebAssembly types). */
export type WasmModule = { readonly kind?: 'wasm-module' };
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is missing or STRATA_WASM=0. */
export function kernelsModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled =
        process.env.STRATA_WASM === '0' || !wasmApi
          ? null
          : new wasmApi.Module(Buffer.from(KERNELS_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export function instantiate(module: WasmModule, memory: WasmMemory): WasmKernels {
  return new wasmApi!.Instance(module, { env: { memory } }).exports as unknown as WasmKernels;
}

/** Largest memory the engine lays out for WebAssembly; above it the arrays stay in JavaScript. */
const MAX_BYTES = 2 ** 31;

/**
 * One shared WebAssembly memory of `bytes` (rounded up to pages), handed out in 16-byte-aligned
 * pieces; the first 64 bytes stay unused, so that offset 0 can mean "no array".
 */
export class Arena {
  readonly memory: WasmMemory;
  private next = 64;

  private constructor(memory: WasmMemory) {
    this.memory = memory;
  }

  static create(bytes: number): Arena | null {
    if (bytes + 64 > MAX_BYTES) return null;
    const pages = Math.ceil((bytes + 64) / 65536);
    try {
      if (!wasmApi) return null;
      return new Arena(new wasmApi.Memory({ initial: pages, maximum: pages, shared: true }));
    } catch {
      return null; // no shared memory of that size here: the engine keeps its own arrays
    }
  }

  /** Bytes an arena needs for arrays of these byte sizes. */
  static size(bytes: readonly number[]): number {
    return bytes.reduce((a, b) => a + Math.ceil(Math.max(8, b) / 16) * 16, 0);
  }

  f64(length: number): Float64Array {
    const a = new Float64Array(this.memory.buffer, this.next, length);
    this.next += Math.ceil(Math.max(8, length * 8) / 16) * 16;
    return a;
  }

  i32(length: number): Int32Array {
    const a = new Int32Array(this.memory.buffer, this.next, length);
    this.next += Math.ceil(Math.max(8, length * 4) / 16) * 16;
    return a;
  }
}
