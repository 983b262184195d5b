package org.taskercore.worker.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The TCP ports this JVM listens on, read from /proc (Linux): a real check that no port was opened. */
public final class ListeningSockets {

  private ListeningSockets() {
  }

  public static Set<Integer> ofThisProcess() {
    Set<String> ownInodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            ownInodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException ignored) {
          // the descriptor closed while listing
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc/self/fd", e);
    }
    Set<Integer> ports = new TreeSet<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
          String[] f = line.trim().split("\\s+");
          boolean listening = f[3].equals("0A");
          if (listening && ownInodes.contains(f[9])) {
            ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + table, e);
      }
    }
    return ports;
  }
}
