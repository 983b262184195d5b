package org.taskercore.worker.web;

import io.vertx.ext.web.Router;

/** The {@code /cluster/...} routes; mounted by the web verticle when given. */
public interface ClusterRoutes {

  void mount(Router router);
}
