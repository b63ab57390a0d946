/**
 * Output waiting to be stored, as the buffers it arrived in: taking a row's worth copies
 * only those bytes, so a backlog of many megabytes is never concatenated as a whole.
 */
export class ByteQueue {
  private pieces: Buffer[] = [];
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.pieces.push(data);
    this.size += data.length;
  }

  /** Removes and returns up to `max` bytes from the front (an empty buffer when none). */
  take(max: number): Buffer {
    const parts: Buffer[] = [];
    let taken = 0;
    while (taken < max && this.head < this.pieces.length) {
      const piece = this.pieces[this.head] as Buffer;
      const wanted = max - taken;
      if (piece.length <= wanted) {
        parts.push(piece);
        taken += piece.length;
        this.head++;
      } else {
        parts.push(piece.subarray(0, wanted));
        this.pieces[this.head] = piece.subarray(wanted);
        taken += wanted;
      }
    }
    this.size -= taken;
    // Drop consumed slots now and then rather than shifting the array on every take.
    if (this.head > 1024 || this.head === this.pieces.length) {
      this.pieces = this.pieces.slice(this.head);
      this.head = 0;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, taken);
  }
}
