package org.taskercore.worker.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.access.AccessDenied;
import org.taskercore.worker.access.AccessPolicy;
import org.taskercore.worker.access.Requirement;

/**
 * The access check in front of a route: the API key (its configured header) or the bearer token
 * ({@code Authorization}) against what the route's call needs. 401 carries {@code WWW-Authenticate}
 * for both schemes; 401 and 403 answer the error JSON.
 */
final class HttpAccess {

  private final AccessPolicy policy;

  HttpAccess(AccessPolicy policy) {
    this.policy = policy;
  }

  /** @param namedWorker a {@code /workers/{id}/…} route, which needs {@code cluster:read} too */
  Handler<RoutingContext> guard(String call, boolean namedWorker) {
    Requirement requirement = Requirement.of(call);
    if (!policy.enabled()) {
      return RoutingContext::next;
    }
    return ctx -> policy.admit(requirement, namedWorker, ctx.request().getHeader(policy.apiKeyHeader()),
        ctx.request().getHeader("Authorization"), ctx.request().method() + " " + ctx.normalizedPath())
      .onComplete(ar -> {
        if (ar.succeeded()) {
          ctx.next();
        } else if (ar.cause() instanceof AccessDenied denied) {
          if (denied.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate",
              "Bearer realm=\"tasker-worker\", ApiKey header=\"" + policy.apiKeyHeader() + "\"");
          }
          HttpErrors.send(ctx, denied.status(), denied.getMessage());
        } else {
          ctx.fail(ar.cause());
        }
      });
  }
}
