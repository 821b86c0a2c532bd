package io.dataexporter.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may call: absolute http or https, and a host that resolves only to public
 * addresses, so that an export cannot be used to reach the deployment's own network (loopback,
 * private, link-local such as a cloud metadata service, unspecified, multicast). Hosts and ranges
 * on the allow-list ({@code exporter.webhooks.allowed-hosts}) are exempt. The gateway checks a URL
 * when it is submitted; workers check it again before each attempt, as DNS answers may change.
 */
public final class WebhookDestinations {

  /** What kind of address one resolved address is. */
  public enum AddressKind {
    PUBLIC,
    LOOPBACK,
    PRIVATE,
    LINK_LOCAL,
    UNSPECIFIED,
    MULTICAST;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Host name resolution; the JDK's in production, a fixed answer in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<String> allowedNames;
  private final List<Range> allowedRanges;
  private final Resolver resolver;

  public WebhookDestinations(List<String> allowedHosts, Resolver resolver) {
    AllowList list = parseAllowList(allowedHosts);
    this.allowedNames = list.names();
    this.allowedRanges = list.ranges();
    this.resolver = resolver;
  }

  public WebhookDestinations(List<String> allowedHosts) {
    this(allowedHosts, InetAddress::getAllByName);
  }

  /**
   * The IPv4 address inside an IPv6 one that carries it (IPv4-mapped {@code ::ffff:a.b.c.d},
   * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code
   * 2002:aabb:ccdd::}), or null.
   */
  private static byte[] embeddedV4(byte[] b) {
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible =
        zeros80
            && b[10] == 0
            && b[11] == 0
            && ((b[12] | b[13] | b[14]) != 0 || (b[15] & 0xfe) != 0);
    boolean nat64 =
        (b[0] & 0xff) == 0x00
            && (b[1] & 0xff) == 0x64
            && (b[2] & 0xff) == 0xff
            && (b[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = b[i] == 0;
    }
    if (mapped || compatible || nat64) {
      return new byte[] {b[12], b[13], b[14], b[15]};
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]};
    }
    return null;
  }

  /** The kind of {@code address}; IPv4-mapped IPv6 addresses count as their IPv4 address. */
  public static AddressKind classify(InetAddress address) {
    byte[] b = address.getAddress();
    byte[] embedded = b.length == 16 ? embeddedV4(b) : null;
    if (embedded != null) {
      try {
        return classify(InetAddress.getByAddress(embedded));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if ((first == 100 && (second & 0xc0) == 64) // 100.64/10, shared (carrier-grade NAT)
          || (first == 198 && (second & 0xfe) == 18) // 198.18/15, benchmarking
          || first >= 240) { // 240/4 reserved, 255.255.255.255 broadcast
        return AddressKind.PRIVATE;
      }
    }
    if (address.isAnyLocalAddress() || (b.length == 4 && (b[0] & 0xff) == 0)) {
      return AddressKind.UNSPECIFIED; // 0.0.0.0/8, ::
    }
    if (address.isLoopbackAddress()) {
      return AddressKind.LOOPBACK; // 127/8, ::1
    }
    if (address.isLinkLocalAddress()) {
      return AddressKind.LINK_LOCAL; // 169.254/16, fe80::/10
    }
    if (address.isMulticastAddress()) {
      return AddressKind.MULTICAST; // 224/4, ff00::/8
    }
    if (b.length == 16
        && (b[0] & 0xff) == 0x20
        && (b[1] & 0xff) == 0x01
        && b[2] == 0
        && b[3] == 0) {
      return AddressKind.PRIVATE; // 2001::/32, Teredo (tunnels to any IPv4 address)
    }
    if (address.isSiteLocalAddress() // 10/8, 172.16/12, 192.168/16 (and fec0::/10)
        || (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc)) { // fc00::/7
      return AddressKind.PRIVATE;
    }
    return AddressKind.PUBLIC;
  }

  /**
   * Why {@code url} may not be called, or empty when it may. Resolves its host (a lookup that fails
   * is a refusal too).
   */
  public Optional<String> refusal(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("must be an absolute http or https URL");
    }
    if (url.length() > WebhookTarget.MAX_URL_LENGTH) {
      return Optional.of("must be at most " + WebhookTarget.MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      return Optional.of("must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not carry credentials (use the secret to sign instead)");
    }
    String host = host(uri);
    if (allowedNames.contains(host)) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      // an address literal is taken as it is; only names are looked up
      addresses =
          isLiteral(host)
              ? new InetAddress[] {InetAddress.getByName(host)}
              : resolver.resolve(host);
    } catch (UnknownHostException e) {
      return Optional.of("host " + host + " does not resolve");
    }
    for (InetAddress address : addresses) {
      AddressKind kind = classify(address);
      if (kind != AddressKind.PUBLIC
          && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
        // the address itself is not told: it would show callers the internal network
        return Optional.of(
            "host "
                + host
                + " resolves to a "
                + kind.label()
                + " address, which webhooks may not reach unless exporter.webhooks.allowed-hosts"
                + " allows it");
      }
    }
    return Optional.empty();
  }

  private static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  /** The allow-list split into host names and address ranges; a malformed range is an error. */
  static AllowList parseAllowList(List<String> entries) {
    List<String> names = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    for (String raw : entries) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      String address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1);
      }
      if (!isLiteral(address)) {
        names.add(entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry);
        continue;
      }
      try {
        InetAddress base = InetAddress.getByName(address); // a literal: no lookup
        int bits = base.getAddress().length * 8;
        int prefix =
            entry.contains("/") ? Integer.parseInt(entry.substring(entry.indexOf('/') + 1)) : bits;
        if (prefix < 0 || prefix > bits) {
          throw new NumberFormatException();
        }
        ranges.add(new Range(base.getAddress(), prefix));
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException(
            "exporter.webhooks.allowed-hosts: '"
                + raw
                + "' is neither a host name nor an address/CIDR");
      }
    }
    return new AllowList(List.copyOf(names), List.copyOf(ranges));
  }

  record AllowList(List<String> names, List<Range> ranges) {}

  /** An address range: the first {@code prefix} bits of {@code base}. */
  record Range(byte[] base, int prefix) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != base.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((a[bit / 8] & mask) != (base[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
