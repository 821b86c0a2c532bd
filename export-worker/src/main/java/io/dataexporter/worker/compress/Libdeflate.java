package io.dataexporter.worker.compress;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;

/**
 * The four functions of the system's libdeflate (Debian/Ubuntu package {@code libdeflate0}) that
 * gzip a whole buffer, bound through JNA's direct mapping. {@link #loaded()} is false where the
 * library cannot be found or {@code size_t} is not 64 bits; nothing else here may then be called.
 */
final class Libdeflate {

  /** Names tried in order: the development link, then the runtime package's soname. */
  private static final List<String> NAMES = List.of("deflate", "libdeflate.so.0");

  private static final String PROBLEM = load();

  private Libdeflate() {}

  /** Whether the library is bound. */
  static boolean loaded() {
    return PROBLEM == null;
  }

  /** Why the library is not bound, or null. */
  static String problem() {
    return PROBLEM;
  }

  private static String load() {
    try {
      if (Native.SIZE_T_SIZE != Long.BYTES) {
        return "size_t is not 64 bits on this platform";
      }
    } catch (LinkageError e) {
      // JNA's own native part could not be loaded (e.g. no writable, executable temp folder)
      return "JNA is not usable here: " + e;
    }
    StringBuilder tried = new StringBuilder();
    for (String name : NAMES) {
      try {
        Native.register(Libdeflate.class, NativeLibrary.getInstance(name));
        return null;
      } catch (LinkageError | RuntimeException e) {
        tried.append(tried.isEmpty() ? "" : "; ").append(name).append(": ").append(e.getMessage());
      }
    }
    return "libdeflate not found (" + tried + ")";
  }

  static native Pointer libdeflate_alloc_compressor(int level);

  static native long libdeflate_gzip_compress_bound(Pointer compressor, long inBytes);

  /** Native buffers, not Java arrays: JNA would copy a whole array in and out on every call. */
  static native long libdeflate_gzip_compress(
      Pointer compressor, Pointer in, long inBytes, Pointer out, long outAvailable);

  static native void libdeflate_free_compressor(Pointer compressor);
}
