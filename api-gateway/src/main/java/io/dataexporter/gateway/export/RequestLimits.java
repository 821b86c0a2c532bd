package io.dataexporter.gateway.export;

/**
 * Bounds on what one request may ask for, so absurd input is refused up front.
 *
 * @param maxProcesses entries in {@code processes}
 * @param maxProcessNameLength characters of one process name
 * @param maxTransformationSteps steps per data type in {@code transformations}
 */
public record RequestLimits(
    int maxProcesses, int maxProcessNameLength, int maxTransformationSteps) {
  public static final RequestLimits DEFAULTS = new RequestLimits(1000, 256, 100);
}
