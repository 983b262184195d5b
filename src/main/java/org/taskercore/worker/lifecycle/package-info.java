/**
 * Who this worker is and where it is in its life: identity, build, mode and the lifecycle state
 * that readiness and the health answer read. Imports nothing of the project, so checks, meters
 * and the health service read it without reaching into step execution.
 */
package org.taskercore.worker.lifecycle;
