package io.dataexporter.worker.transform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reduces an IP address (or network) to the network of its first N bits, written like PostgreSQL
 * writes a cidr: {@code 10.1.2.0/24}, {@code 2001:db8::/48}. A value that is not an IP literal
 * becomes null: masking must never leak what it could not mask.
 */
final class IpMask {
  private static final Pattern V4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private IpMask() {}

  static String mask(String value, int prefixV4, int prefixV6) {
    String address = value;
    int existing = Integer.MAX_VALUE;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      address = value.substring(0, slash);
      try {
        existing = Integer.parseInt(value.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    // only full literals: InetAddress would otherwise resolve host names (or read "1.2" as
    // 1.0.0.2);
    // text with a colon is always parsed as an IPv6 literal, never looked up
    if (!V4.matcher(address).matches() && !V6.matcher(address).matches()) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    int prefix = Math.min(bytes.length == 4 ? prefixV4 : prefixV6, existing);
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return (bytes.length == 4 ? v4(bytes) : v6(bytes)) + "/" + prefix;
  }

  private static String v4(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as "::". */
  private static String v6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
