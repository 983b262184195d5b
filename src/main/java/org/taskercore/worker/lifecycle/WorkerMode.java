package org.taskercore.worker.lifecycle;

import java.util.Locale;

/** Deployment modes (DESIGN §1): the same code, chosen by configuration and command. */
public enum WorkerMode {
  /** HTTP server and services. */
  FULL,
  /** Embedded in a host application; services on the bus, no HTTP. */
  LIBRARY,
  /** Services on the (clustered) bus, no HTTP. */
  HEADLESS,
  /** The web verticle only, fronting every worker of the cluster. */
  GATEWAY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
