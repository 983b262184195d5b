/** Tasker worker on Vert.x: one codegen module covers every service proxy and data object below. */
@ModuleGen(name = "tasker-worker", groupPackage = "org.taskercore.worker")
package org.taskercore.worker;

import io.vertx.codegen.annotations.ModuleGen;
