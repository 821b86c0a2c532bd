package io.dataexporter.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IpMaskTest {

  private static final int MEGABYTE = 1 << 20;

  @ParameterizedTest(name = "{0} /{1} /{2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "192.168.1.77,24,48,192.168.1.0/24",
        "192.168.1.77,32,48,192.168.1.77/32",
        "192.168.1.77,0,48,0.0.0.0/0",
        "10.20.0.0/16,24,48,10.20.0.0/16",
        "10.20.99.0/28,16,48,10.20.0.0/16",
        "2001:db8:abcd:12::1,24,48,2001:db8:abcd::/48",
        "2001:db8:abcd:12::1,24,64,2001:db8:abcd:12::/64",
        "2001:0:0:1:0:0:0:1,24,128,2001:0:0:1::1/128",
        "2001:db8:0:0:1:0:0:1,24,128,2001:db8::1:0:0:1/128",
        "::1,24,128,::1/128",
        "fe80::1,24,10,fe80::/10",
        "::,24,0,::/0",
        "not-an-ip,24,48,-",
        "localhost,24,48,-",
        "example.com,24,48,-",
        "10.0.0.1/abc,24,48,-",
        "1234,24,48,-",
        "dead.beef,24,48,-",
        "cafe.be,24,48,-",
        "1.2,24,48,-",
        "127.1,24,48,-",
        "256.1.1.1,24,48,-",
        "01.2.3.4,24,48,-",
        "::ffff:1.2.3.4,16,48,1.2.0.0/16"
      })
  void masks_to_the_network_and_never_leaks_what_it_cannot_parse(
      String value, int v4, int v6, String expected) {
    assertThat(IpMask.mask(value, v4, v6)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} /{1} /{2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        // IPv4 edges
        "0.0.0.0,24,48,0.0.0.0/24",
        "255.255.255.255,24,48,255.255.255.0/24",
        "255.255.255.255,32,48,255.255.255.255/32",
        "10.0.0.1/8,24,48,10.0.0.0/8",
        "10.0.0.1/32,24,48,10.0.0.0/24",
        "1.2.3.4.5,24,48,-",
        "1.2.3.,24,48,-",
        ".1.2.3,24,48,-",
        "1..2.3,24,48,-",
        "'1.2.3.4 ',24,48,-",
        "' 1.2.3.4',24,48,-",
        "1.2.3.4/,24,48,-",
        "1.2.3.4/-1,24,48,-",
        "1.2.3.4/24/8,24,48,-",
        // IPv6 full, compressed, upper case, leading zeros in groups
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334,24,128,2001:db8:85a3::8a2e:370:7334/128",
        "2001:DB8:85A3::8A2E:370:7334,24,64,2001:db8:85a3::/64",
        "1:2:3:4:5:6:7:8,24,128,1:2:3:4:5:6:7:8/128",
        "1:2:3:4:5:6:7::,24,128,1:2:3:4:5:6:7:0/128",
        "::2:3:4:5:6:7:8,24,128,0:2:3:4:5:6:7:8/128",
        "1::,24,16,1::/16",
        "2001:db8::/32,24,48,2001:db8::/32",
        // embedded IPv4
        "::1.2.3.4,24,128,::102:304/128",
        "64:ff9b::192.0.2.33,24,128,64:ff9b::c000:221/128",
        "1:2:3:4:5:6:1.2.3.4,24,128,1:2:3:4:5:6:102:304/128",
        "::ffff:102:304,24,48,1.2.3.0/24",
        "0:0:0:0:0:ffff:10.1.2.3,24,48,10.1.2.0/24",
        // not IPv6 literals
        ":,24,48,-",
        ":::,24,48,-",
        "1:::2,24,48,-",
        "1::2::3,24,48,-",
        ":1::,24,48,-",
        "1::2:,24,48,-",
        "1:2:3:4:5:6:7:8:9,24,48,-",
        "1:2:3:4:5:6:7,24,48,-",
        "1:2:3:4::5:6:7:8,24,48,-",
        "12345::1,24,48,-",
        "g::1,24,48,-",
        "::1.2.3,24,48,-",
        "::1.2.3.4.5,24,48,-",
        "::01.2.3.4,24,48,-",
        "::1.2.3.4:5,24,48,-",
        "1:2:3:4:5:6:7:1.2.3.4,24,48,-",
        ".::1,24,48,-",
        "::1%eth0,24,48,-",
        "[::1],24,48,-",
        "'',24,48,-"
      })
  void parses_ipv4_ipv6_and_embedded_ipv4_strictly(String value, int v4, int v6, String expected) {
    assertThat(IpMask.mask(value, v4, v6)).isEqualTo(expected);
  }

  static Stream<Arguments> hostileInputs() {
    return Stream.of(
        Arguments.of("colons", ":".repeat(MEGABYTE)),
        Arguments.of("colons then a letter", ":".repeat(MEGABYTE) + "z"),
        Arguments.of("colons then a slash", ":".repeat(MEGABYTE) + "/24"),
        Arguments.of("digits and dots", "1.".repeat(MEGABYTE / 2) + "z"),
        Arguments.of("digits", "9".repeat(MEGABYTE)),
        Arguments.of("hex and colons", "ab:".repeat(MEGABYTE / 3) + "x"),
        Arguments.of("hex, dots and colons", "a:1.".repeat(MEGABYTE / 4) + "!"),
        Arguments.of("double colons", "1::".repeat(MEGABYTE / 3)),
        Arguments.of("slashes", "/".repeat(MEGABYTE)),
        Arguments.of("an address with a huge prefix", "10.0.0.1/" + "9".repeat(MEGABYTE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileInputs")
  void rejects_a_megabyte_of_hostile_text_in_linear_time(String name, String hostile) {
    // a quadratic scan takes minutes on these; a linear one takes milliseconds
    String masked =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> {
              String last = null;
              for (int i = 0; i < 5; i++) {
                last = IpMask.mask(hostile, 24, 48);
              }
              return last;
            });
    assertThat(masked).isNull();
  }
}
