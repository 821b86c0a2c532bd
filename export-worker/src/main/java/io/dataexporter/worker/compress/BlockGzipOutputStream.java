package io.dataexporter.worker.compress;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * gzip through libdeflate: the bytes are gathered into blocks, and each full block is compressed in
 * one call and written as its own gzip member. {@code gzip -d} and every gzip reader that follows
 * RFC 1952 read the members as one stream. libdeflate compresses about twice as fast as zlib at the
 * same level, and whole blocks of 4 MiB come out slightly smaller than zlib's stream. Memory is a
 * block on the heap, its native copy, the native member and its heap copy, and the compressor's
 * state, released by {@link #release()}; released buffers are kept for the next streams (a few at
 * most), so that shards do not allocate them each time.
 */
final class BlockGzipOutputStream extends CompressedOutputStream {

  /**
   * Bytes per member: larger blocks compress slightly better and faster, and make fewer members
   * (some readers handle member boundaries poorly); each costs its size four times in memory.
   */
  static final int BLOCK_BYTES = 4 << 20;

  /** Spare buffers of the default size, for reuse. */
  private static final ArrayBlockingQueue<Buffers> SPARE = new ArrayBlockingQueue<>(4);

  private final OutputStream out;
  private Buffers buffers;
  private byte[] block;
  private Pointer compressor;
  private int filled;
  private boolean wroteMember;

  BlockGzipOutputStream(OutputStream out, int level) {
    this(out, level, BLOCK_BYTES);
  }

  BlockGzipOutputStream(OutputStream out, int level, int blockBytes) {
    this.out = out;
    this.compressor = Libdeflate.libdeflate_alloc_compressor(level);
    if (compressor == null) {
      throw new IllegalStateException(
          "libdeflate could not allocate a compressor at level " + level);
    }
    try {
      long bound = Libdeflate.libdeflate_gzip_compress_bound(compressor, blockBytes);
      Buffers spare = blockBytes == BLOCK_BYTES ? SPARE.poll() : null;
      if (spare != null && spare.member.size() < bound) {
        spare.free();
        spare = null;
      }
      this.buffers = spare != null ? spare : new Buffers(blockBytes, bound);
      this.block = buffers.block;
    } catch (RuntimeException | Error e) {
      // nothing native is left behind when the buffers cannot be had
      release();
      throw e;
    }
  }

  /**
   * The buffers of one stream: the block gathered on the heap, the native memory libdeflate reads
   * it from and writes the member to (JNA would copy whole Java arrays in and out on every call),
   * and the heap copy of the member for the sink.
   */
  private static final class Buffers {
    final byte[] block;
    final Memory in;
    final Memory member;
    final byte[] copy;

    Buffers(int blockBytes, long bound) {
      this.block = new byte[blockBytes];
      this.in = new Memory(blockBytes);
      this.member = new Memory(bound);
      this.copy = new byte[(int) bound];
    }

    void free() {
      in.close();
      member.close();
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (block == null || filled == block.length) {
      compressBlock();
    }
    block[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (block == null || filled == block.length) {
        compressBlock();
      }
      int n = Math.min(length, block.length - filled);
      System.arraycopy(bytes, offset, block, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  /**
   * Compresses what is gathered as the last member; the sink stays open. A stream given no bytes
   * still gets one (empty) member, so that it is valid gzip on its own, as zlib's would be.
   */
  @Override
  public void finish() throws IOException {
    if (filled > 0 || !wroteMember) {
      compressBlock();
    }
  }

  private void compressBlock() throws IOException {
    if (compressor == null || buffers == null) {
      throw new IOException("the gzip stream was released");
    }
    buffers.in.write(0, block, 0, filled);
    long size =
        Libdeflate.libdeflate_gzip_compress(
            compressor, buffers.in, filled, buffers.member, buffers.member.size());
    if (size <= 0) {
      throw new IOException("libdeflate could not compress a block of " + filled + " bytes");
    }
    buffers.member.read(0, buffers.copy, 0, (int) size);
    out.write(buffers.copy, 0, (int) size);
    filled = 0;
    wroteMember = true;
  }

  @Override
  public void release() {
    if (compressor != null) {
      Libdeflate.libdeflate_free_compressor(compressor);
      compressor = null;
    }
    if (buffers != null) {
      if (buffers.block.length != BLOCK_BYTES || !SPARE.offer(buffers)) {
        buffers.free();
      }
      buffers = null;
      block = null;
    }
  }
}
