package io.dataexporter.webhook;

/**
 * Where an export's end is announced.
 *
 * @param url absolute http or https URL, checked by {@link WebhookDestinations}
 * @param secret key of the body's HMAC-SHA256 signature; null = unsigned. Never shown or logged:
 *     {@link #toString()} leaves it out
 */
public record WebhookTarget(String url, String secret) {
  public static final int MAX_URL_LENGTH = 2000;
  public static final int MAX_SECRET_LENGTH = 500;

  public boolean secretSet() {
    return secret != null && !secret.isEmpty();
  }

  @Override
  public String toString() {
    return "WebhookTarget[url=" + url + ", secret=" + (secretSet() ? "(set)" : "(none)") + "]";
  }
}
