package io.dataexporter.transform;

/**
 * A step that does not fit, naming the step's key at fault ({@code field}, {@code pattern}, ...),
 * so that the problem document can say {@code transformations.<type>[i].<key>}.
 */
public final class StepArgumentException extends IllegalArgumentException {
  private final String key;

  public StepArgumentException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The key of the step's request form that is at fault. */
  public String key() {
    return key;
  }
}
