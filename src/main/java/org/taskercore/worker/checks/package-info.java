/**
 * The worker's health procedures on vertx-health-check's {@code HealthChecks}, with a per-check
 * result cache and its background refresh layered on top.
 */
package org.taskercore.worker.checks;
