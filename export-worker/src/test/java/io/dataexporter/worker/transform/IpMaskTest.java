package io.dataexporter.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpMaskTest {

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
}
