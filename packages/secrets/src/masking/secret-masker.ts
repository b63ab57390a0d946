import { buildSecretPatterns } from "./secret-patterns.ts";

/** What a secret is replaced with in output. */
export const MASK = Buffer.from("****");

/** Streaming masker: bytes in, masked bytes out, holding back only what might start a secret. */
export interface OutputMasker {
  /** Masks `data` and returns what can be shown now; may hold back a possible secret's start. */
  write(data: Buffer): Buffer;
  /** Returns everything held back, masked: call when output pauses or ends. */
  flush(): Buffer;
  /** Bytes currently held back. */
  readonly heldBytes: number;
}

interface Range {
  start: number;
  end: number;
}

/**
 * Replaces secret values (and their lines, base64 and URL-encoded forms) with `****`.
 * Works on bytes, so binary output and invalid UTF-8 pass through unchanged and a
 * multi-byte character split across writes is never corrupted.
 *
 * Between writes it keeps the longest tail of the output that is the start of some secret
 * (never longer than the longest secret), so a secret split across writes is still masked
 * while ordinary output is not delayed at all.
 */
export class SecretMasker implements OutputMasker {
  private readonly patterns: Buffer[];
  private readonly patternsByFirstByte = new Map<number, Buffer[]>();
  private held: Buffer = Buffer.alloc(0);

  constructor(secretValues: Iterable<string>) {
    this.patterns = buildSecretPatterns(secretValues);
    for (const pattern of this.patterns) {
      const first = pattern[0]!;
      const list = this.patternsByFirstByte.get(first) ?? [];
      list.push(pattern);
      this.patternsByFirstByte.set(first, list);
    }
  }

  /** True when there is nothing to mask: callers may skip the masker altogether. */
  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  get heldBytes(): number {
    return this.held.length;
  }

  /** Masks one complete piece of output, independent of any stream state. */
  mask(data: Buffer): Buffer {
    if (this.isEmpty) return data;
    return this.replace(data, this.findRanges(data), data.length);
  }

  write(data: Buffer): Buffer {
    if (this.isEmpty) return data;
    const buffer = this.held.length === 0 ? data : Buffer.concat([this.held, data]);
    const ranges = this.findRanges(buffer);
    let cut = buffer.length - this.possibleSecretStart(buffer);
    // Never split a masked range: hold the whole range back until it is settled.
    for (const range of ranges) {
      if (range.start < cut && range.end > cut) cut = range.start;
    }
    this.held = Buffer.from(buffer.subarray(cut));
    return this.replace(buffer, ranges, cut);
  }

  flush(): Buffer {
    const held = this.held;
    this.held = Buffer.alloc(0);
    return this.mask(held);
  }

  /** Length of the longest tail of `buffer` that is a proper prefix of some pattern. */
  private possibleSecretStart(buffer: Buffer): number {
    const longest = this.patterns[0]!.length;
    const from = Math.max(0, buffer.length - longest + 1);
    for (let position = from; position < buffer.length; position++) {
      const candidates = this.patternsByFirstByte.get(buffer[position]!);
      if (!candidates) continue;
      const tail = buffer.subarray(position);
      for (const pattern of candidates) {
        if (pattern.length > tail.length && pattern.subarray(0, tail.length).equals(tail)) {
          return tail.length;
        }
      }
    }
    return 0;
  }

  /** Every occurrence of every pattern, overlapping ones merged, in order. */
  private findRanges(buffer: Buffer): Range[] {
    const found: Range[] = [];
    for (const pattern of this.patterns) {
      for (let at = buffer.indexOf(pattern); at !== -1; at = buffer.indexOf(pattern, at + 1)) {
        found.push({ start: at, end: at + pattern.length });
      }
    }
    found.sort((a, b) => a.start - b.start);
    const merged: Range[] = [];
    for (const range of found) {
      const last = merged[merged.length - 1];
      if (last && range.start < last.end) last.end = Math.max(last.end, range.end);
      else merged.push({ ...range });
    }
    return merged;
  }

  /** `buffer[0, until)` with each range inside it replaced by the mask. */
  private replace(buffer: Buffer, ranges: Range[], until: number): Buffer {
    const parts: Buffer[] = [];
    let position = 0;
    for (const range of ranges) {
      if (range.end > until) break;
      parts.push(buffer.subarray(position, range.start), MASK);
      position = range.end;
    }
    if (position === 0 && parts.length === 0) return buffer.subarray(0, until);
    parts.push(buffer.subarray(position, until));
    return Buffer.concat(parts);
  }
}
