package io.dataexporter.worker.transform;

import java.util.Arrays;

/**
 * Reduces an IP address (or network) to the network of its first N bits, written like PostgreSQL
 * writes a cidr: {@code 10.1.2.0/24}, {@code 2001:db8::/48}. A value that is not an IP literal
 * becomes null: masking must never leak what it could not mask.
 *
 * <p>The text is read by a single forward scan with no backtracking and no name lookup, so a
 * hostile value (a megabyte of {@code :}) costs no more than reading it once. IPv4 is four decimal
 * parts 0-255 without leading zeros; IPv6 is RFC 4291 text (at most one {@code ::}, an optional
 * dotted IPv4 tail). An IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) is masked as the IPv4
 * address it carries. An optional {@code /N} suffix (1 to 3 digits) keeps the smaller prefix.
 */
final class IpMask {
  /** The longest literal: six hex groups of four digits and a dotted IPv4 address. */
  private static final int MAX_LITERAL_LENGTH = 45;

  private static final int MAX_PREFIX_DIGITS = 3;

  private IpMask() {}

  static String mask(String value, int prefixV4, int prefixV6) {
    int slash = value.indexOf('/');
    int end = slash < 0 ? value.length() : slash;
    int existing = slash < 0 ? Integer.MAX_VALUE : prefixLength(value, slash + 1);
    if (existing < 0) {
      return null;
    }
    byte[] bytes = parse(value, end);
    if (bytes == null) {
      return null;
    }
    int prefix = Math.min(bytes.length == 4 ? prefixV4 : prefixV6, existing);
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return (bytes.length == 4 ? v4(bytes) : v6(bytes)) + "/" + prefix;
  }

  /** The decimal prefix length from {@code from} to the end, or -1 when it is not 1-3 digits. */
  private static int prefixLength(String value, int from) {
    int length = value.length() - from;
    if (length < 1 || length > MAX_PREFIX_DIGITS) {
      return -1;
    }
    int prefix = 0;
    for (int i = from; i < value.length(); i++) {
      int digit = decimal(value.charAt(i));
      if (digit < 0) {
        return -1;
      }
      prefix = prefix * 10 + digit;
    }
    return prefix;
  }

  /** The 4 or 16 bytes of the literal {@code text[0, end)}, or null when it is not one. */
  private static byte[] parse(String text, int end) {
    if (end == 0 || end > MAX_LITERAL_LENGTH) {
      return null;
    }
    if (text.lastIndexOf(':', end - 1) < 0) {
      byte[] v4 = new byte[4];
      return parseV4(text, 0, end, v4, 0) ? v4 : null;
    }
    byte[] v6 = parseV6(text, end);
    return v6 == null || !isIpv4Mapped(v6) ? v6 : new byte[] {v6[12], v6[13], v6[14], v6[15]};
  }

  /** Reads {@code a.b.c.d} from {@code text[from, to)} into {@code out[at, at + 4)}. */
  private static boolean parseV4(String text, int from, int to, byte[] out, int at) {
    int i = from;
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (i >= to || text.charAt(i) != '.') {
          return false;
        }
        i++;
      }
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && decimal(text.charAt(i)) >= 0) {
        value = value * 10 + decimal(text.charAt(i));
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return false;
      }
      out[at + part] = (byte) value;
    }
    return i == to;
  }

  /** Reads RFC 4291 text from {@code text[0, end)}; null when it is not an IPv6 literal. */
  private static byte[] parseV6(String text, int end) {
    byte[] out = new byte[16];
    int groups = 0;
    int gap = -1;
    int i = 0;
    if (text.startsWith("::")) {
      gap = 0;
      i = 2;
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (i < end) {
      int start = i;
      int value = 0;
      while (i < end && i - start < 5 && hex(text.charAt(i)) >= 0) {
        value = (value << 4) | hex(text.charAt(i));
        i++;
      }
      if (i < end && text.charAt(i) == '.') {
        // a dotted IPv4 tail ends the address and fills two groups
        if (groups > 6 || !parseV4(text, start, end, out, groups * 2)) {
          return null;
        }
        groups += 2;
        break;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4 || groups == 8) {
        return null;
      }
      out[groups * 2] = (byte) (value >>> 8);
      out[groups * 2 + 1] = (byte) value;
      groups++;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':' || ++i == end) {
        return null;
      }
      if (text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = groups;
        i++;
      }
    }
    if (gap < 0) {
      return groups == 8 ? out : null;
    }
    if (groups == 8) {
      return null;
    }
    // move the groups after "::" to the end, zeros in between
    int tail = (groups - gap) * 2;
    System.arraycopy(out, gap * 2, out, 16 - tail, tail);
    Arrays.fill(out, gap * 2, 16 - tail, (byte) 0);
    return out;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static int decimal(char c) {
    return c >= '0' && c <= '9' ? c - '0' : -1;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
