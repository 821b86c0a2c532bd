package io.dataexporter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, which Java does not say directly. */
final class Terminal {
  private Terminal() {}

  static boolean stderrIsTerminal() {
    // Linux: the descriptor links to the terminal device
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException e) {
        return false;
      }
    }
    // elsewhere: a console exists only when stdin and stdout are terminals, close enough
    return System.console() != null;
  }
}
