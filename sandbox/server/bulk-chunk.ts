/**
 * The lines of one chunk of a bulk result, encoded to UTF-8 as they are made, in one buffer reused chunk after
 * chunk. A chunk's text kept as a string is a rope of thousands of pieces that outlives many young-generation
 * collections and is promoted by them; a new buffer per chunk grows external memory, which makes V8 mark the
 * whole store every few chunks. On a million lines either cost more than the serialising itself.
 */
export class ChunkBytes {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  /** Appends `text` and a newline. */
  appendLine(text: string): void {
    // A UTF-16 code unit never takes more than three UTF-8 bytes.
    const needed = this.length + text.length * 3 + 1;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
    this.buffer[this.length++] = 0x0a;
  }

  /** The bytes appended since the last call; they stay valid until the next `appendLine`. */
  take(): Buffer {
    const bytes = this.buffer.subarray(0, this.length);
    this.length = 0;
    return bytes;
  }
}
