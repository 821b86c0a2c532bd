/**
 * Bulk management: one request cancels or deletes many exports, each handled on its own by the same
 * use cases and ownership rules as the single-export routes, answered item by item.
 */
package io.dataexporter.gateway.bulk;
