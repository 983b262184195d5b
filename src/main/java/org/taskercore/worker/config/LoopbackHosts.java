package org.taskercore.worker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Whether a bind host reaches only this machine: every address it resolves to is a loopback
 * address. Decided on the resolved addresses, never the name ({@code 127.example.com} is not
 * loopback); a name that does not resolve is not loopback either.
 */
final class LoopbackHosts {

  private LoopbackHosts() {
  }

  static boolean onlyLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(bare);
      return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }
}
