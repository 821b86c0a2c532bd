package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The served OpenAPI document and its checked-in copy, {@code docs/openapi.json}, are the same, so
 * every change of the API shows in review as a change of that file. After an intended change,
 * regenerate the copy with
 *
 * <pre>
 * ./mvnw -B verify -pl api-gateway -am -Dskip.npm=true -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=OpenApiDocumentIT -Dfailsafe.failIfNoSpecifiedTests=false -Dopenapi.update=true
 * </pre>
 *
 * and then the UI's types ({@code cd ui && npm run api:generate}).
 */
class OpenApiDocumentIT {
  static final Path CHECKED_IN = Path.of("../docs/openapi.json");

  @Test
  void the_served_document_is_the_checked_in_one() throws Exception {
    RunningGateway gateway = RunningGateway.get();
    HttpResponse<String> served = gateway.send("GET", "/api/v1/openapi.json", null, null);
    assertThat(served.statusCode()).as("served without a token").isEqualTo(200);
    JsonNode document = gateway.json.readTree(served.body());
    assertThat(document.get("openapi").stringValue()).startsWith("3.1");
    if (Boolean.getBoolean("openapi.update")) {
      Files.writeString(CHECKED_IN, served.body().strip() + "\n", StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(CHECKED_IN)).as(CHECKED_IN + " exists").isTrue();
    JsonNode checkedIn = gateway.json.readTree(Files.readString(CHECKED_IN));
    assertThat(document)
        .withFailMessage(
            "The API changed: the served /api/v1/openapi.json differs from docs/openapi.json."
                + " If the change is intended, run this test with -Dopenapi.update=true (see its"
                + " Javadoc), then `cd ui && npm run api:generate`, and commit both files.")
        .isEqualTo(checkedIn);
  }
}
