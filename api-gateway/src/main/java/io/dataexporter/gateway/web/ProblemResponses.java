package io.dataexporter.gateway.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses a route can answer with, each a {@link Problem} document; the OpenAPI document
 * lists them (with 500, which any route can answer). Kept next to the route so that a new failure
 * shows in review where it is added.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {
  int[] value();
}
