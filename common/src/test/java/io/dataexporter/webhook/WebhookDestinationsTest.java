package io.dataexporter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.webhook.WebhookDestinations.AddressKind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookDestinationsTest {
  /** Names resolved without DNS, so the test does not depend on the network. */
  private static final Map<String, String[]> DNS =
      Map.of(
          "hooks.example.com", new String[] {"93.184.216.34"},
          "rebound.example.com", new String[] {"93.184.216.34", "10.1.2.3"},
          "metadata.example.com", new String[] {"169.254.169.254"},
          "localhost", new String[] {"127.0.0.1", "::1"});

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String[] answers = DNS.get(host);
    if (answers == null) {
      throw new UnknownHostException(host);
    }
    InetAddress[] addresses = new InetAddress[answers.length];
    for (int i = 0; i < answers.length; i++) {
      addresses[i] = InetAddress.getByName(answers[i]);
    }
    return addresses;
  }

  private static WebhookDestinations allowing(String... hosts) {
    return new WebhookDestinations(List.of(hosts), WebhookDestinationsTest::resolve);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "93.184.216.34, PUBLIC",
    "8.8.8.8, PUBLIC",
    "172.32.0.1, PUBLIC",
    "2606:4700::1111, PUBLIC",
    "127.0.0.1, LOOPBACK",
    "127.8.9.10, LOOPBACK",
    "::1, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "fc00::1, PRIVATE",
    "fd12:3456::1, PRIVATE",
    "169.254.169.254, LINK_LOCAL",
    "fe80::1, LINK_LOCAL",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    ":: , UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "ff02::1, MULTICAST",
    "::ffff:10.0.0.1, PRIVATE",
    "::ffff:127.0.0.1, LOOPBACK",
    "100.64.0.1, PRIVATE",
    "100.100.100.200, PRIVATE",
    "100.128.0.1, PUBLIC",
    "198.18.0.1, PRIVATE",
    "240.0.0.1, PRIVATE",
    "255.255.255.255, PRIVATE",
    "::7f00:1, LOOPBACK",
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "2002:0a00:0001::1, PRIVATE",
    "2002:5db8:d822::1, PUBLIC",
    "2001:0:4136:e378::1, PRIVATE",
  })
  void every_address_is_classified_by_its_range(String address, AddressKind kind) throws Exception {
    assertThat(WebhookDestinations.classify(InetAddress.getByName(address.strip())))
        .isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://10.0.0.1/hook, private",
    "http://169.254.169.254/latest/meta-data, link-local",
    "http://[::1]:8080/, loopback",
    "http://localhost/, loopback",
    "https://metadata.example.com/, link-local",
    "https://rebound.example.com/, private",
    "http://0.0.0.0/, unspecified",
    "http://224.0.0.1/, multicast",
  })
  void a_host_resolving_to_a_non_public_address_is_refused(String url, String kind) {
    assertThat(allowing().refusal(url)).hasValueSatisfying(r -> assertThat(r).contains(kind));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ftp://hooks.example.com/, absolute http or https",
    "/relative, absolute http or https",
    "hooks.example.com/x, absolute http or https",
    "http://user:pw@hooks.example.com/, credentials",
    "https://nowhere.example.com/, does not resolve",
    "'http://bad host/', not a valid URL",
  })
  void a_url_that_is_not_absolute_http_is_refused(String url, String problem) {
    assertThat(allowing().refusal(url)).hasValueSatisfying(r -> assertThat(r).contains(problem));
  }

  @Test
  void a_public_host_and_an_allow_listed_range_or_name_are_accepted() {
    assertThat(allowing().refusal("https://hooks.example.com/x?y=1")).isEmpty();
    assertThat(allowing().refusal("http://93.184.216.34:8080/")).isEmpty();
    assertThat(allowing("10.0.0.0/8").refusal("http://10.0.0.1/")).isEmpty();
    assertThat(allowing("10.0.0.0/8").refusal("https://rebound.example.com/")).isEmpty();
    assertThat(allowing("10.9.0.0/16").refusal("http://10.0.0.1/")).isPresent();
    assertThat(allowing("127.0.0.1").refusal("http://127.0.0.1:9999/")).isEmpty();
    assertThat(allowing("127.0.0.1").refusal("http://127.0.0.2/")).isPresent();
    // localhost also resolves to ::1, which 127.0.0.1 does not cover; the name itself does
    assertThat(allowing("127.0.0.1").refusal("http://localhost/")).isPresent();
    assertThat(allowing("LocalHost").refusal("http://localhost./")).isEmpty();
    assertThat(allowing("::1/128").refusal("http://[::1]/")).isEmpty();
  }

  @Test
  void a_url_longer_than_2000_characters_is_refused() {
    String url = "https://hooks.example.com/" + "a".repeat(2000);
    assertThat(allowing().refusal(url)).hasValueSatisfying(r -> assertThat(r).contains("2000"));
  }

  @Test
  void a_malformed_allow_list_entry_stops_the_start() {
    assertThatThrownBy(() -> allowing("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> allowing("10.0.0.300")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_backoff_doubles_up_to_its_maximum() {
    WebhookProperties p =
        new WebhookProperties(
            java.time.Duration.ofSeconds(10),
            java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(5),
            8,
            java.time.Duration.ofSeconds(1),
            10,
            List.of());
    assertThat(List.of(1, 2, 3, 4, 5).stream().map(p::backoffAfter).map(d -> d.toSeconds()))
        .containsExactly(1L, 2L, 4L, 5L, 5L);
  }
}
